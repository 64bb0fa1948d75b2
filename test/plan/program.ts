import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { installMockRuntime, RecordedResource } from "../../cli/runtime/mocks";
import { StackVariant } from "./stacks";

const PROGRAM = path.resolve(__dirname, "..", "..", "index.ts");

export interface ProgramRun {
  /** What index.ts threw, if anything. */
  readonly error: unknown;
  /** Every resource (custom or component) registered with the mock engine, counted after all RPCs settled. */
  readonly registered: readonly RecordedResource[];
}

/** Runs index.ts for the stack under Pulumi's mock runtime, as `pulumi preview` would, and records what it registered. */
export async function runProgram(stack: StackVariant): Promise<ProgramRun> {
  const runtime = await installMockRuntime({
    stack: stack.stack,
    config: { ...stack.config },
    secretKeys: stack.secretKeys,
  });
  // A fresh module instance per run: the program runs top to bottom again.
  delete require.cache[require.resolve(PROGRAM)];
  let error: unknown;
  try {
    await import(PROGRAM);
  } catch (thrown) {
    error = thrown;
  }
  await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
  await new Promise((resolve) => setImmediate(resolve));
  return { error, registered: [...runtime.resources] };
}
