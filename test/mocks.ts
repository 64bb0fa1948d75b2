import * as pulumi from "@pulumi/pulumi";
import { fakeInvoke } from "../cli/runtime/invokes";
import {
  ACCOUNT_ID,
  installMockRuntime,
  MockRuntime,
  MockRuntimeOptions,
  RecordedInvoke,
  RecordedResource,
} from "../cli/runtime/mocks";

/**
 * The shared test harness: Pulumi's mock runtime with every registration and invoke recorded.
 * `resources` and `invokes` stay the same arrays across installs, so specs can import them once.
 */

export const resources: RecordedResource[] = [];
export const invokes: RecordedInvoke[] = [];
let runtime: MockRuntime | undefined;

export async function installMocks(options: Partial<MockRuntimeOptions> = {}): Promise<MockRuntime> {
  runtime = await installMockRuntime({ stack: "test", ...options, resources, invokes });
  return runtime;
}

/** Per-token invoke results for the current runtime (cleared by resetRecorded). */
export function invokeResults(): MockRuntime["invokeResults"] {
  return current().invokeResults;
}

/** Waits for every registration and invoke, then fails on any error the runtime swallowed. */
export function settle(): Promise<void> {
  return current().settle();
}

export function resetRecorded(): void {
  current().reset();
}

/** Resolves an Output's value (tests run with preview off, so every value is known). */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}

/** The one recorded resource of a type and name; fails when it is missing or ambiguous. */
export function findResource(type: string, name: string): RecordedResource {
  const matches = resources.filter((r) => r.type === type && r.name === name);
  if (matches.length !== 1) {
    throw new Error(
      `expected one ${type} named ${name}, found ${matches.length}; recorded: ${resources.map((r) => `${r.type}::${r.name}`).join(", ")}`,
    );
  }
  return matches[0];
}

export function ofType(type: string): RecordedResource[] {
  return resources.filter((r) => r.type === type).sort((a, b) => (a.name < b.name ? -1 : 1));
}

/**
 * How many resources `build` registers in a simulated first preview: every id unknown, so no
 * `apply` callback runs. Equal to the count with known ids means nothing is created inside `apply`.
 * Leaves the preview runtime installed: call installMocks() again afterwards.
 */
export async function previewRegistrations(build: () => void): Promise<number> {
  let count = 0;
  await pulumi.runtime.setMocks(
    {
      newResource: () => {
        count++;
        return { id: undefined, state: {} };
      },
      call: (args) =>
        fakeInvoke(args.token, args.inputs, { region: "eu-west-1", accountId: ACCOUNT_ID, config: {} }) ?? {},
    },
    "claude-code-rollout",
    "prod",
    true,
  );
  build();
  await (pulumi.runtime as unknown as { waitForRPCs(): Promise<void> }).waitForRPCs();
  return count;
}

function current(): MockRuntime {
  if (!runtime) throw new Error("call installMocks() first (in a before hook)");
  return runtime;
}
