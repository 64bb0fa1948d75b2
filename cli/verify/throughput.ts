// How fast scenarios run: batched in one client session versus one client start per scenario.
// Issue 9 (bench) reads this figure; it runs the real client, so it takes a few seconds.
import { NamespaceMode } from "./sandbox";
import { VerifyScenario } from "./scenarios";
import { verifyProfile } from "./verify-profile";

export interface Throughput {
  readonly scenarios: number;
  /** Wall seconds of one session running every scenario (one client start). */
  readonly batchedSeconds: number;
  /** Wall seconds of one session per scenario, summed. */
  readonly perStartSeconds: number;
  readonly batchedScenariosPerSecond: number;
  readonly perStartScenariosPerSecond: number;
}

/**
 * Runs `scenarios` against `settingsJson` twice: once batched, once a client start each. The
 * document should not pin provider or telemetry (else each run also pays the exact-document start).
 */
export async function measureThroughput(settingsJson: string, scenarios: readonly VerifyScenario[], mode: NamespaceMode): Promise<Throughput> {
  const options = { mode, clientVersion: "measurement" };
  const batched = await verifyProfile({ name: "throughput", settingsJson, scenarios }, options);
  let perStartSeconds = 0;
  for (const scenario of scenarios) {
    perStartSeconds += (await verifyProfile({ name: "throughput", settingsJson, scenarios: [scenario] }, options)).sessionSeconds;
  }
  return {
    scenarios: scenarios.length,
    batchedSeconds: batched.sessionSeconds,
    perStartSeconds,
    batchedScenariosPerSecond: scenarios.length / batched.sessionSeconds,
    perStartScenariosPerSecond: scenarios.length / perStartSeconds,
  };
}
