// The telemetry slice of the plan: what the collector, the alarms and the app are built from, computed
// once from the compiled rollout, and every problem that would fail the pipeline — before any resource exists.
import { RolloutConfig, TelemetryConfig } from "../config";
import { CompiledRollout } from "../settings";
import { collectorUrl } from "../settings/telemetry";
import { MAX_COLLECTOR_CONFIG_BYTES, renderCollectorConfig } from "./audit/collector-config";
import { TelemetryNames, telemetryNames } from "./audit/names";
import {
  PolicyExpectation,
  PolicyStatusStatements,
  policyStatusStatements,
  sha256Values,
  validatePolicyExpectation,
} from "./audit/policy-status";
import {
  AlarmSpec,
  alarmSpecs,
  MetricFilterSpec,
  metricFilterSpecs,
  SavedQuery,
  savedQueries,
  validateMetricFilters,
} from "./audit/signals";
import { PlanProblem, SlicePlan } from "./problems";
import { RingPlan } from "./rings";
import { telemetrySectionProblems } from "./telemetry-checks";

export interface TelemetryPlan {
  readonly environment: string;
  readonly tenantId: string;
  /** The stack's telemetry section. */
  readonly config: TelemetryConfig;
  /** Where clients send OTLP. */
  readonly endpoint: string;
  readonly names: TelemetryNames;
  /** What each profile runs in some ring: policy hashes and the resolved hashes its documents report. */
  readonly expectation: PolicyExpectation;
  /** The collector's verdict statements for that expectation. */
  readonly policyStatus: PolicyStatusStatements;
  readonly metricFilters: readonly MetricFilterSpec[];
  readonly alarms: readonly AlarmSpec[];
  readonly queries: Readonly<Record<string, SavedQuery>>;
  /**
   * The profiles whose apps' tokens the collector accepts; each token's audience names its profile.
   * The credentials create the apps (one per profile, for STS and telemetry alike).
   */
  readonly profiles: readonly string[];
}

export interface TelemetryPlanInput {
  readonly config: RolloutConfig;
  readonly rollout: CompiledRollout;
  /** `aws:region` of the stack, where the pipeline lives; undefined when the stack file leaves it to the environment. */
  readonly awsRegion?: string;
  /** The rings in stack order: the collector's verdict and the alarms accept every release one of them pins. */
  readonly rings: readonly RingPlan[];
}

// The apps' client ids and the region are only known at deploy time: placeholders of their longest length.
const PLACEHOLDER_CLIENT_ID = "00000000-0000-0000-0000-000000000000";
const PLACEHOLDER_REGION = "ap-southeast-7";

/** Computes the slice once from the compiled rollout; returns every problem instead of throwing on the first. */
export function planTelemetry(input: TelemetryPlanInput): SlicePlan<TelemetryPlan> {
  const { config, rollout } = input;
  if (!config.telemetry) return { slice: undefined, problems: [] };
  const stackProblems = [...bedrockRegionProblems(config, input.awsRegion), ...profileAppProblems(config)];
  const planned = telemetrySlice({
    environment: config.environment,
    tenantId: config.tenantId,
    telemetry: config.telemetry,
    expectation: releasedExpectation(rollout, input.rings),
    awsRegion: input.awsRegion,
  });
  return stackProblems.length ? { slice: undefined, problems: [...planned.problems, ...stackProblems] } : planned;
}

/**
 * Per profile (every compiled profile: each has an app whose tokens the collector accepts), what a
 * device may report: the policy hash and the resolved hash of both OS documents of every release a
 * ring pins — whatever its OS family took, whichever ring it is in. The candidate compile is not
 * accepted until a ring runs it. A profile no ring runs yet accepts nothing: its events are drift
 * (they carry its app's audience, so the profile is known; no installer of it was published).
 * A pinned profile the stack no longer compiles has no app, so no token can name it.
 */
function releasedExpectation(rollout: CompiledRollout, rings: readonly RingPlan[]): PolicyExpectation {
  const releases = rings.flatMap((ring) => Object.values(ring.profiles).map((p) => p.release));
  const of = (profile: string) => releases.filter((release) => release.name === profile);
  return {
    policyHashes: Object.fromEntries(
      rollout.profiles.map((p) => [p.name, sha256Values(of(p.name).map((release) => release.policyHash))]),
    ),
    // What each OS family's client reports once it took a released document whole; anything else is drift.
    resolvedSha256: Object.fromEntries(
      rollout.profiles
        .map((p) => [p.name, sha256Values(of(p.name).flatMap((r) => [r.resolvedSha256, r.windows.resolvedSha256]))])
        .filter(([, hashes]) => hashes.length > 0),
    ),
  };
}

/** Bedrock logs per region, into a log group and key of that region: the calls' region must be the pipeline's. */
function bedrockRegionProblems(config: RolloutConfig, awsRegion: string | undefined): PlanProblem[] {
  const region = config.credentials?.region;
  if (!config.telemetry?.bedrockInvocationLogs || !region || !awsRegion || region === awsRegion) return [];
  return [
    {
      path: "telemetry.bedrockInvocationLogs",
      message: `Bedrock runs in credentials.region ${region} but the audit pipeline in aws:region ${awsRegion} — invocation logs need both in one region: set one to the other, or remove telemetry.bedrockInvocationLogs`,
    },
  ];
}

/** Telemetry tokens are issued for the profiles' apps, which the credentials section creates. */
function profileAppProblems(config: RolloutConfig): PlanProblem[] {
  if (config.credentials) return [];
  return [
    {
      path: "telemetry",
      message:
        "telemetry tokens are issued for each profile's Entra app, which the credentials section creates — add the credentials section, or remove telemetry",
    },
  ];
}

/** What the slice is computed from: the stack's telemetry section and what each profile runs in some ring. */
export interface TelemetrySliceInput {
  readonly environment: string;
  readonly tenantId: string;
  readonly telemetry: TelemetryConfig;
  readonly expectation: PolicyExpectation;
  /** `aws:region` of the stack; undefined when the stack file leaves it to the environment. */
  readonly awsRegion?: string;
}

export function telemetrySlice(input: TelemetrySliceInput): SlicePlan<TelemetryPlan> {
  const { environment, tenantId, telemetry, expectation } = input;
  // Compiled hashes and the constant filters: a failure is a programming error, so they throw.
  validatePolicyExpectation(expectation);
  const profiles = Object.keys(expectation.policyHashes).sort();
  const metricFilters = metricFilterSpecs();
  validateMetricFilters(metricFilters);
  const policyStatus = policyStatusStatements(expectation);
  const names = telemetryNames(environment);

  const problems: PlanProblem[] = [...nameProblems(names), ...telemetrySectionProblems(telemetry, input.awsRegion)];
  const bytes = Buffer.byteLength(
    renderCollectorConfig({
      tenantId,
      audiences: Object.fromEntries(profiles.map((profile) => [profile, PLACEHOLDER_CLIENT_ID])),
      region: PLACEHOLDER_REGION,
      logGroupName: names.auditLogGroup,
      policyStatus,
    }),
  );
  if (bytes > MAX_COLLECTOR_CONFIG_BYTES) {
    const accepted = profiles
      .map((p) => sha256Values(expectation.resolvedSha256?.[p] ?? expectation.policyHashes[p]).length)
      .reduce((a, b) => a + b, 0);
    problems.push({
      path: "profiles",
      message: `the collector configuration is ${bytes} bytes for ${profiles.length} profiles accepting ${accepted} hashes, the budget is ${MAX_COLLECTOR_CONFIG_BYTES} (an ECS task definition holds 64 KiB) — merge profiles, or promote the rings still on an older release so fewer releases are pinned`,
    });
  }
  if (problems.length) return { slice: undefined, problems };
  return {
    slice: {
      environment,
      tenantId,
      config: telemetry,
      endpoint: collectorUrl(telemetry.hostname),
      names,
      expectation,
      policyStatus,
      metricFilters,
      alarms: alarmSpecs(telemetry.alarms),
      queries: savedQueries(),
      profiles,
    },
    problems,
  };
}

/** AWS and Entra name rules the stack name must meet in every fixed name (see telemetryNames). */
const NAME_RULES: readonly {
  readonly name: (names: TelemetryNames) => string;
  readonly what: string;
  readonly max: number;
  readonly allowed?: RegExp;
  readonly allowedText?: string;
}[] = [
  { name: (n) => n.firehoseRole, what: "the Firehose delivery role's name", max: 64 },
  {
    name: (n) => n.dashboard,
    what: "the CloudWatch dashboard's name",
    max: 255,
    allowed: /^[A-Za-z0-9_-]+$/,
    allowedText: "letters, digits, '-' and '_'",
  },
  {
    name: (n) => n.taskFamily,
    what: "the collector's ECS task family",
    max: 255,
    allowed: /^[A-Za-z0-9_-]+$/,
    allowedText: "letters, digits, '-' and '_'",
  },
  {
    name: (n) => n.keyAlias,
    what: "the audit key's KMS alias",
    max: 256,
    allowed: /^alias\/[A-Za-z0-9/_-]+$/,
    allowedText: "letters, digits, '/', '-' and '_'",
  },
];

function nameProblems(names: TelemetryNames): PlanProblem[] {
  return NAME_RULES.flatMap((rule) => {
    const name = rule.name(names);
    const problems: PlanProblem[] = [];
    if (name.length > rule.max)
      problems.push({
        path: "stack name",
        message: `${rule.what} "${name}" is longer than ${rule.max} characters — use a shorter stack name`,
      });
    if (rule.allowed && !rule.allowed.test(name))
      problems.push({
        path: "stack name",
        message: `${rule.what} "${name}" may hold only ${rule.allowedText} — rename the stack without other characters`,
      });
    return problems;
  });
}
