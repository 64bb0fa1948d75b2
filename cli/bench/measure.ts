import { spawnSync } from "child_process";
import * as path from "path";
import { programNodeArgs } from "../runtime/node-args";
import type { ChildMeasurement, ChildRequest, CompileMeasurement, CompileRequest } from "./child";
import { CompileMeasurements } from "./compile-report";
import { RunFigures, SizeMeasurements } from "./report";

const CHILD = path.join(__dirname, "child.ts");
/** Every side runs as Pulumi runs the program (Pulumi.yaml nodeargs); read once for all the children. */
const NODE_ARGS = programNodeArgs();
/** Groups added at the same profile count to measure what one more group costs. */
const ADDED_GROUPS = 10;

export interface SizePlan {
  readonly groups: number;
  readonly profiles: number;
  /** Runs per side; the report takes the median. */
  readonly repeats: number;
}

export interface MeasureOptions {
  /** Stack file (name or path) the synthetic orgs are built on. */
  readonly template: string;
  /** When set, the synth child of the first repeat writes a V8 CPU profile here. */
  readonly cpuProfDir?: string;
}

/**
 * Measures one size: each repeat runs our synth, then the baseline with as many bare resources as
 * the synth registered and the provider floor with as many Entra resources, each in a fresh process
 * (alternating, so drift on a shared machine hits every side alike). One more synth with ADDED_GROUPS more groups gives the per-added-group cost.
 */
export function measureSize(plan: SizePlan, options: MeasureOptions): SizeMeasurements {
  const ours: RunFigures[] = [];
  const baseline: RunFigures[] = [];
  const floor: RunFigures[] = [];
  let resources = 0;
  for (let repeat = 0; repeat < plan.repeats; repeat++) {
    const base = { template: options.template, groups: plan.groups, profiles: plan.profiles };
    const synth = runChild({ ...base, mode: "synth" }, repeat === 0 ? options.cpuProfDir : undefined);
    if (repeat > 0 && synth.resources !== resources) {
      throw new Error(
        `synth registered ${synth.resources} resources at ${plan.groups} groups, ${resources} the run before — the program is not deterministic`,
      );
    }
    resources = synth.resources;
    const [bare, entra] = (["bare", "floor"] as const).map((mode) => {
      const run = runChild({ ...base, mode, resources });
      if (run.resources !== resources)
        throw new Error(`the ${mode} baseline registered ${run.resources} resources, asked for ${resources}`);
      return run;
    });
    ours.push(synth);
    baseline.push(bare);
    floor.push(entra);
  }
  // The marginal cost of a group, free of per-profile and org-wide resources: one synth with a few more groups.
  const groups = plan.groups + ADDED_GROUPS;
  const added = runChild({ template: options.template, groups, profiles: plan.profiles, mode: "synth" });
  return {
    groups: plan.groups,
    profiles: plan.profiles,
    resources,
    added: { groups: ADDED_GROUPS, resources: added.resources },
    ours,
    baseline,
    floor,
  };
}

/**
 * Plans the template with `rules` more rules, `repeats` times, each in a fresh process. A run that
 * is not done after `timeoutSeconds` is stopped: a compile that slow has missed any target, and a
 * quadratic one would otherwise hold the bench for hours.
 */
export function measureCompile(
  template: string,
  rules: number,
  repeats: number,
  timeoutSeconds: number,
): CompileMeasurements {
  const runs = Array.from({ length: repeats }, () =>
    runChild<CompileMeasurement>({ mode: "compile", template, rules }, undefined, timeoutSeconds),
  );
  return { rules, runs };
}

function runChild<T = ChildMeasurement>(
  request: ChildRequest | CompileRequest,
  cpuProfDir?: string,
  timeoutSeconds?: number,
): T {
  const args = [
    ...NODE_ARGS,
    ...(cpuProfDir ? ["--cpu-prof", "--cpu-prof-dir", cpuProfDir] : []),
    "-r",
    require.resolve("ts-node/register/transpile-only"),
    CHILD,
    JSON.stringify(request),
  ];
  const run = spawnSync(process.execPath, args, {
    encoding: "utf8",
    maxBuffer: 16 * 1024 * 1024,
    ...(timeoutSeconds !== undefined && { timeout: timeoutSeconds * 1000 }),
  });
  if (timeoutSeconds !== undefined && run.signal !== null && run.status === null) {
    throw new Error(`not done after ${timeoutSeconds} s (stopped)`);
  }
  const line = run.stdout?.trim().split("\n").pop() ?? "";
  if (run.status !== 0 || !line.startsWith("{")) {
    throw new Error(
      `bench child ${JSON.stringify(request)} failed (exit ${run.status ?? run.signal}):\n${(run.stderr || run.error?.message || "").trim()}`,
    );
  }
  return JSON.parse(line) as T;
}
