// The distribution slice of the plan: every object the MDM bucket holds, rendered once from the compiled
// rollout, and every problem that would stop one from shipping — before any resource exists.
import { DistributionConfig, RolloutConfig } from "../config";
import { CompiledRollout, OsFamily } from "../settings";
import { SAFE_NAME } from "./artefacts/artefacts";
import { ProfileObject, profileObjects, renderManifest } from "./artefacts/objects";
import { HelperProgram } from "./artefacts/payload-files";
import { UnrepresentableSettings } from "./artefacts/unrepresentable";
import { PlanProblem, SlicePlan } from "./problems";

/** Per profile and OS family, the helper programs its settings name: they ship in its payload. */
export type ProfileHelpers = Readonly<Record<string, Readonly<Record<OsFamily, readonly HelperProgram[]>>>>;

export interface DistributionPlan {
  readonly environment: string;
  /** Profile → every object it publishes (payloads and MDM artefacts), sorted by path; synth writes the same. */
  readonly objects: Readonly<Record<string, readonly ProfileObject[]>>;
  /** manifest.json: per profile the hashes, targeting and the key of every object above. */
  readonly manifest: string;
  /** The MDM bucket's section; undefined when the stack has none (nothing is published, synth still writes the artefacts). */
  readonly storage: DistributionConfig | undefined;
}

export interface DistributionPlanInput {
  readonly config: RolloutConfig;
  readonly rollout: CompiledRollout;
  /** The client helpers each profile ships (the settings name them by path). */
  readonly helpers: ProfileHelpers;
}

/** Renders every object and the manifest once; returns every problem instead of throwing on the first. */
export function planDistribution(input: DistributionPlanInput): SlicePlan<DistributionPlan> {
  const { config, rollout, helpers } = input;
  const problems: PlanProblem[] = [...(config.distribution ? storageProblems(config.distribution) : [])];
  // The stack name lands unquoted in the installers' word lists and case patterns.
  if (!SAFE_NAME.test(rollout.environment)) {
    problems.push({
      path: "stack name",
      message: `"${rollout.environment}" names the installers and artefacts: use letters, digits, '.', '_' or '-', starting with a letter or digit`,
    });
    return { slice: undefined, problems };
  }
  const objects: Record<string, readonly ProfileObject[]> = {};
  for (const profile of rollout.profiles) {
    const shipped = helpers[profile.name];
    if (!shipped) throw new Error(`planDistribution: no helpers for profile "${profile.name}"; pass every profile's`);
    try {
      objects[profile.name] = profileObjects(profile, rollout.environment, rollout.clientVersion, shipped);
    } catch (error) {
      if (!(error instanceof UnrepresentableSettings)) throw error;
      problems.push(
        ...error.problems.map((p) => ({
          path: `profiles.${profile.name}`,
          message: `${p.format} cannot carry ${p.where} of its managed settings: ${p.message}`,
        })),
      );
    }
  }
  if (problems.length) return { slice: undefined, problems };
  return {
    slice: {
      environment: rollout.environment,
      objects,
      manifest: renderManifest(rollout, objects),
      storage: config.distribution,
    },
    problems,
  };
}

/** The bucket's section: the schema enforces both, and the plan holds any config to them too. */
function storageProblems(storage: DistributionConfig): PlanProblem[] {
  const problems: PlanProblem[] = [];
  if (storage.mdmReaderArns.length === 0) {
    problems.push({
      path: "distribution.mdmReaderArns",
      message: "empty — list the IAM role ARNs your MDM reads the artefacts with",
    });
  }
  if (!Number.isInteger(storage.noncurrentVersionDays) || storage.noncurrentVersionDays < 1) {
    problems.push({
      path: "distribution.noncurrentVersionDays",
      message: `${storage.noncurrentVersionDays} — use a whole number of days, at least 1`,
    });
  }
  return problems;
}
