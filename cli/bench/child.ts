// One measurement in a fresh process, so peak RSS belongs to this run alone. Spawned by
// cli/bench/measure.ts; prints one JSON line (a ChildMeasurement) on stdout.
import * as path from "path";
import { installMockRuntime } from "../runtime/mocks";
import { readStack } from "../stack";
import { synthesize } from "../synth/run";
import { DEFAULT_SHAPE } from "./org";
import { syntheticStack } from "./stack";

export type ChildMode = "synth" | "bare";

export interface ChildRequest {
  readonly mode: ChildMode;
  readonly template: string;
  readonly groups: number;
  readonly profiles: number;
  /** bare mode: how many resources to register (the count synth registered at this size). */
  readonly resources?: number;
}

export interface ChildMeasurement {
  readonly mode: ChildMode;
  /** Wall seconds from installing the mock runtime to every registration settled. */
  readonly seconds: number;
  /** CPU seconds (user + system, every thread) over the same span: steadier than wall time on a shared machine. */
  readonly cpuSeconds: number;
  /** Peak resident set of the whole process, MiB. */
  readonly peakRssMiB: number;
  /** Resources registered (custom and component). */
  readonly resources: number;
  /** Assigned directory groups in the synthesized config. */
  readonly assignedGroups: number;
}

const BARE_PROGRAM = path.join(__dirname, "bare-program.ts");

async function main(request: ChildRequest): Promise<ChildMeasurement> {
  const stack = syntheticStack(readStack(request.template), {
    ...DEFAULT_SHAPE,
    groups: request.groups,
    profiles: request.profiles,
  });
  const started = process.hrtime.bigint();
  const cpuStarted = process.cpuUsage();
  let resources: number;
  if (request.mode === "synth") {
    resources = (await synthesize(stack)).resources.length;
  } else {
    const config = { ...stack.allConfig, "bench:resources": String(request.resources ?? 0) };
    const runtime = await installMockRuntime({ stack: stack.stack, config, secretKeys: stack.secretKeys });
    await import(BARE_PROGRAM);
    await runtime.settle();
    resources = runtime.resources.length;
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const cpu = process.cpuUsage(cpuStarted);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  const assignedGroups = Array.isArray(stack.projectConfig.assignments) ? stack.projectConfig.assignments.length : 0;
  return {
    mode: request.mode,
    seconds,
    cpuSeconds,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    resources,
    assignedGroups,
  };
}

main(JSON.parse(process.argv[2]) as ChildRequest).then(
  (measurement) => {
    process.stdout.write(`${JSON.stringify(measurement)}\n`);
    process.exit(0);
  },
  (error: unknown) => {
    // ConfigError's own `stack` field is the stack name, so print the message, which lists the problems.
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
