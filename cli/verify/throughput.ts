// How fast scenarios run: batched in one client session versus one client start per scenario.
// Issue 9 (bench) reads this figure; it runs the real client, so it takes a few seconds.
import { NamespaceMode } from "./sandbox";
import { stackScenarios, VerifyScenario } from "./scenarios";
import { DEFAULT_CLIENT, runSession } from "./session";
import { DEFAULT_SESSION_TIMEOUT_MS, scriptTurns } from "./verify-profile";

export interface Throughput {
  readonly scenarios: number;
  /** Wall seconds of one session running every scenario (one client start). */
  readonly batchedSeconds: number;
  /** Wall seconds of one session per scenario, summed. */
  readonly perStartSeconds: number;
  readonly batchedScenariosPerSecond: number;
  readonly perStartScenariosPerSecond: number;
}

/** Runs the tool `scenarios` under `settingsJson` (installed as is) batched, then one start each. */
export async function measureThroughput(
  settingsJson: string,
  scenarios: readonly VerifyScenario[],
  mode: NamespaceMode,
): Promise<Throughput> {
  const session = (subset: readonly VerifyScenario[]) =>
    runSession(
      {
        attemptBypass: false,
        documents: () => ({ settingsJson }),
        turns: (paths) => scriptTurns(stackScenarios(subset, paths)),
      },
      { client: DEFAULT_CLIENT, mode, timeoutMs: DEFAULT_SESSION_TIMEOUT_MS },
    );
  const batchedSeconds = (await session(scenarios)).seconds;
  let perStartSeconds = 0;
  for (const scenario of scenarios) perStartSeconds += (await session([scenario])).seconds;
  return {
    scenarios: scenarios.length,
    batchedSeconds,
    perStartSeconds,
    batchedScenariosPerSecond: scenarios.length / batchedSeconds,
    perStartScenariosPerSecond: scenarios.length / perStartSeconds,
  };
}
