// The plan: every document, slice and check of a stack, computed once and before any resource exists.
import { ConfigProblem, RolloutConfig } from "../config";
import { siemTokenProblems } from "../config/telemetry";
import { CompiledRollout, compileRollout } from "../settings";
import { CredentialsPlan, planCredentials } from "./credentials";
import { DistributionPlan, planDistribution, ProfileHelpers } from "./distribution";
import { IdentityPlan, planIdentity } from "./identity";
import { PlanProblem, throwIfProblems } from "./problems";
import { planRings, ReleasedProfile, RingPlan } from "./rings";
import { ReleaseSource } from "./release-file";
import { StackInputs } from "./stack-inputs";
import { SiblingStack, stackOverlap, withoutHandedOver } from "./stack-overlap";
import { planTelemetry, TelemetryPlan } from "./telemetry";

/** What index.ts constructs, each component from its slice; nothing in it needs the cloud. */
export interface RolloutPlan {
  readonly config: RolloutConfig;
  /**
   * The current compile (the candidate): each OS family's documents, hashes and MDM targeting. Synth
   * compiles, verifies and diffs it; devices get it only in a ring that runs it. Its warnings include the rings'.
   */
  readonly rollout: CompiledRollout;
  /** What each ring runs and whom it targets, in stack order (the pilot first). */
  readonly rings: readonly RingPlan[];
  /** Every distinct profile + policyHash some ring runs, sorted by profile then policyHash: what is published. */
  readonly releases: readonly ReleasedProfile[];
  readonly identity: IdentityPlan;
  /** Absent when the stack configures no credentials. */
  readonly credentials?: CredentialsPlan;
  /** Every object the MDM publishes and the manifest (rendered even when the stack has no bucket: synth writes them). */
  readonly distribution: DistributionPlan;
  /** Absent when the stack configures no telemetry. */
  readonly telemetry?: TelemetryPlan;
}

export interface PlanInputs extends StackInputs {
  /** The day rotation windows are computed for (programClock). */
  readonly today: Date;
  /**
   * The helper programs each profile ships, per OS family. They are rendered by the credentials and
   * telemetry modules, which the pure plan may not import, so the caller passes that renderer in
   * (components/distribution clientHelpers).
   */
  readonly helpers: (config: RolloutConfig, rollout: CompiledRollout) => ProfileHelpers;
  /** stacks/Pulumi.<stack>.release.json as read next to the stack file, or undefined when there is none. */
  readonly release: ReleaseSource | undefined;
  /** The stack file, as the cross-stack overlap check names it. */
  readonly stackFile: string;
  /** The other stack files of its folder: no directory group may be assigned by two stacks of one tenant. */
  readonly siblings: readonly SiblingStack[];
}

/**
 * Plans a validated stack config. Runs every check a component would otherwise make only after
 * earlier resources exist, and throws one ConfigError listing every problem with its stack-file path.
 */
export function planRollout(stackConfig: RolloutConfig, clientVersion: string, inputs: PlanInputs): RolloutPlan {
  const overlap = stackOverlap(
    {
      stack: stackConfig.environment,
      file: inputs.stackFile,
      tenantId: stackConfig.tenantId,
      groups: stackConfig.assignments.map((a) => a.group),
      handOverTo: stackConfig.rollout?.handOverTo ?? [],
    },
    inputs.siblings,
  );
  const config = withoutHandedOver(stackConfig, overlap.handedOver);
  const problems: PlanProblem[] = [
    ...overlap.problems,
    ...siemTokenProblems({
      siem: config.telemetry?.siem !== undefined,
      token: inputs.siemToken,
      vault: config.credentials !== undefined,
    }),
    ...accountPinProblems(config.credentials?.accountId, inputs.allowedAccountIds),
  ];
  const compiled = compileRollout(config, clientVersion);
  const ringsPlan = planRings({ config, rollout: compiled, release: inputs.release });
  const rings = ringsPlan.slice?.rings ?? [];
  const rollout = {
    ...compiled,
    warnings: [...compiled.warnings, ...overlap.warnings, ...(ringsPlan.slice?.warnings ?? [])],
  };
  // The stack file's own assignments, so deploy-time errors name a group at its index in the file;
  // the profiles (compiled without the handed-over groups) say which groups are nested.
  const identity = planIdentity(stackConfig, rollout);
  const credentials = planCredentials(config, rollout, inputs.today);
  const telemetry = planTelemetry({
    config,
    rollout,
    awsRegion: inputs.awsRegion,
    rings,
  });
  // The helpers are rendered from the credentials: only from sound ones.
  const distribution = credentials.problems.length
    ? undefined
    : planDistribution({ config, rollout, helpers: inputs.helpers(config, rollout), rings });
  problems.push(
    ...ringsPlan.problems,
    ...identity.problems,
    ...credentials.problems,
    ...telemetry.problems,
    ...(distribution?.problems ?? []),
  );
  throwIfProblems(config.environment, problems);
  return {
    config,
    rollout,
    rings,
    releases: ringsPlan.slice!.releases,
    identity: identity.slice!,
    credentials: credentials.slice,
    distribution: distribution!.slice!,
    telemetry: telemetry.slice,
  };
}

/**
 * Helpers and installers name roles by the configured account; the provider must deploy into the
 * same one, or every helper would point at a role that does not exist.
 */
function accountPinProblems(accountId: string | undefined, allowedAccountIds: string | undefined): ConfigProblem[] {
  if (accountId === undefined) return [];
  const pinned = parseAccountIds(allowedAccountIds);
  if (pinned?.length === 1 && pinned[0] === accountId) return [];
  return [
    {
      path: "aws:allowedAccountIds",
      message: `must be ["${accountId}"] (credentials.accountId), so the provider deploys only into the account the helpers name — set it in the stack file`,
    },
  ];
}

function parseAccountIds(value: string | undefined): unknown[] | undefined {
  try {
    const parsed: unknown = value === undefined ? undefined : JSON.parse(value);
    return Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}
