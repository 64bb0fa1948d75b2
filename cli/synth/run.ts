import * as path from "path";
import { loadRolloutConfig, programClock, RolloutConfig } from "../../components/config";
import { ClientHelpers, clientHelpers } from "../../components/distribution";
import { CompiledRollout, compileRollout, PINNED_CLIENT_VERSION } from "../../components/settings";
import { installMockRuntime, RecordedResource } from "../runtime/mocks";
import { StackFile } from "../stack";
import { evaluateStackPolicies } from "./policy";
import { PolicyReport } from "../../policies/offline";

const PROGRAM = path.resolve(__dirname, "..", "..", "index.ts");

export interface SynthResult {
  readonly stack: StackFile;
  readonly config: RolloutConfig;
  readonly rollout: CompiledRollout;
  /** The helper programs each profile ships. */
  readonly helpers: ClientHelpers;
  /** Every registered resource, sorted by URN. */
  readonly resources: RecordedResource[];
  /** The program's stack outputs (plain values). */
  readonly outputs: Record<string, unknown>;
  /** The policy pack over `resources`. */
  readonly policyReport: PolicyReport;
  /** The day the program and the policy pack both judged dates by (see programClock). */
  readonly today: Date;
}

/**
 * Runs index.ts under Pulumi's mock runtime with the stack's config: no CLI, no cloud. Config is
 * validated first, so an invalid stack fails here before a single resource registers. The clock is
 * read once and pinned for the whole run, so rotation schedules and the policy pack's expiry checks
 * see the same day.
 */
export async function synthesize(stack: StackFile): Promise<SynthResult> {
  const today = programClock(process.env.SOURCE_DATE_EPOCH, new Date());
  const previousEpoch = process.env.SOURCE_DATE_EPOCH;
  process.env.SOURCE_DATE_EPOCH = String(Math.floor(today.getTime() / 1000));
  try {
    return await synthesizeAt(stack, today);
  } finally {
    if (previousEpoch === undefined) delete process.env.SOURCE_DATE_EPOCH;
    else process.env.SOURCE_DATE_EPOCH = previousEpoch;
  }
}

async function synthesizeAt(stack: StackFile, today: Date): Promise<SynthResult> {
  const config = loadRolloutConfig(stack.projectConfig, stack.stack);
  const rollout = compileRollout(config, PINNED_CLIENT_VERSION);
  const helpers = clientHelpers(config, rollout);
  const runtime = await installMockRuntime({
    stack: stack.stack,
    config: stack.allConfig,
    secretKeys: stack.secretKeys,
  });
  // A fresh module instance per run, so one process can synthesize several stacks (tests, bench).
  delete require.cache[require.resolve(PROGRAM)];
  const outputs: Record<string, unknown> = { ...(await import(PROGRAM)) };
  await runtime.settle();
  const resources = [...runtime.resources].sort((a, b) => (a.urn < b.urn ? -1 : a.urn > b.urn ? 1 : 0));
  return {
    stack,
    config,
    rollout,
    helpers,
    resources,
    outputs,
    policyReport: evaluateStackPolicies(stack.stack, resources, today),
    today,
  };
}
