import * as path from "path";
import { loadRolloutConfig, programClock, RolloutConfig } from "../../components/config";
import { clientHelpers } from "../../components/distribution";
import { planRollout, projectConfig, RolloutPlan, StackConfigSource, stackInputs } from "../../components/plan";
import { ReleaseSource } from "../../components/plan/release-file";
import { readReleaseSource, STACKS_DIR_ENV } from "../../components/plan/release-source";
import { CompiledRollout, PINNED_CLIENT_VERSION } from "../../components/settings";
import { installMockRuntime, RecordedResource } from "../runtime/mocks";
import { STACKS_DIR, StackFile } from "../stack";
import { readSiblingStacks } from "../stack-siblings";
import { evaluateStackPolicies } from "./policy";
import { PolicyReport } from "../../policies/offline";

const PROGRAM = path.resolve(__dirname, "..", "..", "index.ts");

export interface SynthResult {
  readonly stack: StackFile;
  readonly config: RolloutConfig;
  /** The plan index.ts constructed from: every document, object and slice. */
  readonly plan: RolloutPlan;
  /** plan.rollout: the compiled profiles. */
  readonly rollout: CompiledRollout;
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
 * Runs index.ts under Pulumi's mock runtime with the stack's config: no CLI, no cloud. The stack is
 * planned first (planStack), so an invalid stack fails here before a single resource registers. The
 * clock is read once and pinned for the whole run, so rotation schedules and the policy pack's expiry
 * checks see the same day.
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

/**
 * The stack file read and planned exactly as index.ts reads and plans it under Pulumi: an invalid
 * stack fails here with the program's ConfigError, before any runtime starts. Synth, verify and the
 * bench plan through this.
 */
export function planStack(
  stack: Pick<StackFile, "stack" | "allConfig" | "secretKeys"> & { readonly file?: string },
  today = programClock(process.env.SOURCE_DATE_EPOCH, new Date()),
  // The release file next to the stack file, or (npm run release) the one about to be written.
  release: ReleaseSource | undefined = readReleaseSource(stackFolder(stack), stack.stack),
): RolloutPlan {
  const config = loadStackConfig(stack);
  const stackFile = path.join(stackFolder(stack), `Pulumi.${stack.stack}.yaml`);
  return planRollout(config, PINNED_CLIENT_VERSION, {
    ...stackInputs(configSource(stack)),
    today,
    helpers: clientHelpers,
    release,
    stackFile,
    siblings: readSiblingStacks(stackFile),
  });
}

/** The stack's validated config, as index.ts loads it (a ConfigError names every problem). */
export function loadStackConfig(stack: Pick<StackFile, "stack" | "allConfig" | "secretKeys">): RolloutConfig {
  return loadRolloutConfig(projectConfig(configSource(stack)), stack.stack);
}

function configSource(stack: Pick<StackFile, "allConfig" | "secretKeys">): StackConfigSource {
  return { config: stack.allConfig, isSecret: (key) => stack.secretKeys.includes(key) };
}

/** Where the stack file and its release file are: its folder, or the project's stacks for a stack named only. */
function stackFolder(stack: { readonly file?: string }): string {
  return stack.file === undefined ? STACKS_DIR : path.dirname(stack.file);
}

async function synthesizeAt(stack: StackFile, today: Date): Promise<SynthResult> {
  const plan = planStack(stack, today);
  // index.ts reads the release file next to the stack file, wherever synth found it.
  const previousDir = process.env[STACKS_DIR_ENV];
  process.env[STACKS_DIR_ENV] = stackFolder(stack);
  try {
    return await runProgram(stack, plan, today);
  } finally {
    if (previousDir === undefined) delete process.env[STACKS_DIR_ENV];
    else process.env[STACKS_DIR_ENV] = previousDir;
  }
}

async function runProgram(stack: StackFile, plan: RolloutPlan, today: Date): Promise<SynthResult> {
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
    config: plan.config,
    plan,
    rollout: plan.rollout,
    resources,
    outputs,
    policyReport: evaluateStackPolicies(stack.stack, resources, today),
    today,
  };
}
