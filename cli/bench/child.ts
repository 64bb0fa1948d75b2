// One measurement in a fresh process, so peak RSS belongs to this run alone. Spawned by
// cli/bench/measure.ts; prints one JSON line (a ChildMeasurement) on stdout.
import * as path from "path";
import { installMockRuntime } from "../runtime/mocks";
import { readStack } from "../stack";
import { planStack, synthesize } from "../synth/run";
import { ConfigError } from "../../components/config";
import { DEFAULT_SHAPE } from "./org";
import { rulesStack } from "./rules";
import { syntheticStack } from "./stack";

export type ChildMode = "synth" | "bare" | "floor";

/** Plan (validate and compile) the template stack with `rules` more permission rules; no runtime. */
export interface CompileRequest {
  readonly mode: "compile";
  readonly template: string;
  readonly rules: number;
}

export interface CompileMeasurement {
  readonly mode: "compile";
  readonly rules: number;
  /** Wall seconds of planStack: config validation, compile and plan, before any resource. */
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly peakRssMiB: number;
  readonly warnings: number;
  /** The config error's first problem when the stack was refused (a limit, say). */
  readonly refused?: string;
}

export interface ChildRequest {
  readonly mode: ChildMode;
  readonly template: string;
  readonly groups: number;
  readonly profiles: number;
  /** bare and floor modes: how many resources to register (the count synth registered at this size). */
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

/** The programs the baselines load in place of index.ts. */
const BASELINE_PROGRAMS = {
  bare: path.join(__dirname, "bare-program.ts"),
  floor: path.join(__dirname, "entra-floor-program.ts"),
} as const;

async function main(request: ChildRequest | CompileRequest): Promise<ChildMeasurement | CompileMeasurement> {
  if (request.mode === "compile") return measureCompile(request);
  const stack = syntheticStack(readStack(request.template), {
    ...DEFAULT_SHAPE,
    groups: request.groups,
    profiles: request.profiles,
  });
  const clock = startClock();
  let resources: number;
  if (request.mode === "synth") {
    resources = (await synthesize(stack)).resources.length;
  } else {
    const config = { ...stack.allConfig, "bench:resources": String(request.resources ?? 0) };
    const runtime = await installMockRuntime({ stack: stack.stack, config, secretKeys: stack.secretKeys });
    await import(BASELINE_PROGRAMS[request.mode]);
    await runtime.settle();
    resources = runtime.resources.length;
  }
  const { seconds, cpuSeconds } = clock();
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

function measureCompile(request: CompileRequest): CompileMeasurement {
  const stack = rulesStack(readStack(request.template), request.rules);
  const clock = startClock();
  let warnings = 0;
  let refused: string | undefined;
  try {
    warnings = planStack(stack).rollout.warnings.length;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    refused = `${error.problems[0]?.path}: ${error.problems[0]?.message}`;
  }
  const { seconds, cpuSeconds } = clock();
  const peakRssMiB = process.resourceUsage().maxRSS / 1024;
  return { mode: "compile", rules: request.rules, seconds, cpuSeconds, peakRssMiB, warnings, refused };
}

/** Starts timing; the returned function reads wall and CPU seconds since. */
function startClock(): () => { seconds: number; cpuSeconds: number } {
  const started = process.hrtime.bigint();
  const cpuStarted = process.cpuUsage();
  return () => {
    const cpu = process.cpuUsage(cpuStarted);
    return { seconds: Number(process.hrtime.bigint() - started) / 1e9, cpuSeconds: (cpu.user + cpu.system) / 1e6 };
  };
}

main(JSON.parse(process.argv[2]) as ChildRequest | CompileRequest).then(
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
