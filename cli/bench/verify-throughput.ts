// Verify throughput per profile, on the verify harness (cli/verify): how many scenarios per second
// the real client judges once it has started, against one client start per scenario.
//
// cli/verify/throughput.ts (measureThroughput) installs the document as is and times whole
// sessions, start included; a profile that pins Bedrock or a collector never reaches the loopback
// model that way. So this drives the same harness pieces the verify command uses — runSession,
// the verification copy, stack and derived scenarios, judge — and separates start-up from the
// per-scenario cost by running the profile's scenario set once and `copies` times in one session.
import { judge } from "../verify/outcome";
import { NamespaceMode } from "../verify/sandbox";
import { derivedScenarios, stackScenarios, ToolScenario, VerifyScenario } from "../verify/scenarios";
import { DEFAULT_CLIENT, runSession } from "../verify/session";
import { pinsProviderOrTelemetry, verificationCopy } from "../verify/verification-copy";
import { scriptTurns, toolUseId } from "../verify/verify-profile";
import { median } from "./report";

export interface ThroughputProfile {
  readonly name: string;
  readonly settingsJson: string;
  readonly mcpJson?: string;
  readonly scenarios: readonly VerifyScenario[];
}

export interface VerifyThroughput {
  readonly profile: string;
  /** Tool scenarios in the profile's verify set (stack entries plus derived probes). */
  readonly scenarios: number;
  /** Median wall seconds of one session running the set once. */
  readonly onceSeconds: number;
  /** Median wall seconds of one session running the set `copies` times. */
  readonly repeatedSeconds: number;
  readonly copies: number;
  /** Scenarios per second once the client is up: extra scenarios / extra seconds between the two. */
  readonly afterStart: number;
  /** Scenarios per second of the whole once-session, client start included. */
  readonly oneSession: number;
  /** Scenarios per second with one client start per scenario (median single-scenario session). */
  readonly onePerStart: number;
  /** Scenarios whose verdict was wrong in any timed session (the figure is void if non-empty). */
  readonly failures: string[];
}

export interface ThroughputOptions {
  readonly mode: NamespaceMode;
  /** How many times the repeated session runs the set. */
  readonly copies?: number;
  /** Sessions per measurement; medians are reported. */
  readonly repeats?: number;
}

/** Measures one profile: `repeats` × (set once, set × copies, one scenario). */
export async function measureVerifyThroughput(
  profile: ThroughputProfile,
  options: ThroughputOptions,
): Promise<VerifyThroughput> {
  const copies = options.copies ?? 10;
  const repeats = options.repeats ?? 3;
  const failures = new Set<string>();
  const once: number[] = [];
  const repeated: number[] = [];
  const single: number[] = [];
  let scenarioCount = 0;
  for (let r = 0; r < repeats; r++) {
    const first = await timedSession(profile, options.mode, (set) => set, failures);
    scenarioCount = first.scenarios;
    once.push(first.seconds);
    repeated.push(
      (await timedSession(profile, options.mode, (set) => Array.from({ length: copies }, () => set).flat(), failures))
        .seconds,
    );
    single.push((await timedSession(profile, options.mode, (set) => set.slice(0, 1), failures)).seconds);
  }
  const onceSeconds = median(once);
  const repeatedSeconds = median(repeated);
  return {
    profile: profile.name,
    scenarios: scenarioCount,
    onceSeconds,
    repeatedSeconds,
    copies,
    afterStart: ((copies - 1) * scenarioCount) / (repeatedSeconds - onceSeconds),
    oneSession: scenarioCount / onceSeconds,
    onePerStart: 1 / median(single),
    failures: [...failures].sort(),
  };
}

/** One client session running `select(the profile's tool scenarios)`, judged; wall seconds. */
async function timedSession(
  profile: ThroughputProfile,
  mode: NamespaceMode,
  select: (set: ToolScenario[]) => ToolScenario[],
  failures: Set<string>,
): Promise<{ seconds: number; scenarios: number }> {
  const settings = JSON.parse(profile.settingsJson) as Record<string, unknown>;
  let set: ToolScenario[] = [];
  let planned: ToolScenario[] = [];
  const record = await runSession(
    {
      attemptBypass: false,
      documents: (baseUrl) => ({
        settingsJson: pinsProviderOrTelemetry(settings)
          ? verificationCopy(settings, baseUrl).json
          : profile.settingsJson,
        mcpJson: profile.mcpJson,
      }),
      turns: (paths) => {
        const derived = derivedScenarios(settings, paths).scenarios.filter((s): s is ToolScenario => s.kind === "tool");
        set = [...stackScenarios(profile.scenarios, paths), ...derived];
        planned = select(set);
        return scriptTurns(planned);
      },
    },
    { client: DEFAULT_CLIENT, mode, timeoutMs: 120_000 },
  );
  planned.forEach((scenario, i) => {
    const outcome = judge(scenario, record.toolResults, toolUseId(i), record.init);
    if (!outcome.passed) failures.add(`${scenario.name}: expected ${outcome.expected}, observed ${outcome.observed}`);
  });
  return { seconds: record.seconds, scenarios: set.length };
}
