/**
 * The compile figures: planning the template stack with more and more permission rules, against
 * the template itself planned in the same run (the baseline). Pure, like report.ts.
 */
import { median, TARGETS } from "./report";

/** One run of planStack in a fresh process. */
export interface CompileRun {
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly peakRssMiB: number;
  readonly warnings: number;
  /** The first problem of the config error, when the stack was refused. */
  readonly refused?: string;
}

export interface CompileMeasurements {
  /** Rules added to the template (0: the baseline). */
  readonly rules: number;
  readonly runs: readonly CompileRun[];
}

export interface CompileFigures {
  readonly rules: number;
  readonly repeats: number;
  /** Medians over the repeats. */
  readonly seconds: number;
  readonly cpuSeconds: number;
  readonly peakRssMiB: number;
  readonly warnings: number;
  readonly refused?: string;
  /** seconds / the baseline's seconds. */
  readonly ratio: number;
}

/** Figures per rule count; the first measurement is the baseline (0 added rules). */
export function compileFigures(measured: readonly CompileMeasurements[]): CompileFigures[] {
  const base = measured[0];
  if (!base || base.rules !== 0) throw new Error("compile figures need the template (0 added rules) measured first");
  const baseSeconds = median(base.runs.map((r) => r.seconds));
  return measured.map(({ rules, runs }) => {
    const seconds = median(runs.map((r) => r.seconds));
    return {
      rules,
      repeats: runs.length,
      seconds,
      cpuSeconds: median(runs.map((r) => r.cpuSeconds)),
      peakRssMiB: median(runs.map((r) => r.peakRssMiB)),
      warnings: runs[0]?.warnings ?? 0,
      refused: runs.find((r) => r.refused !== undefined)?.refused,
      ratio: seconds / baseSeconds,
    };
  });
}

export function compileLines(figures: readonly CompileFigures[]): string[] {
  const lines = [
    "compile (planStack: validate, compile, plan — no resources; median of repeats, each a fresh process; × template = against 0 added rules)",
    "  rules  repeats  wall s   cpu s  × template  MiB  warnings  target",
    ...figures.map((f) => {
      const target = TARGETS.compileSeconds[f.rules];
      return (
        `  ${pad(f.rules, 5)}  ${pad(f.repeats, 7)}  ${pad(f.seconds.toFixed(2), 6)}  ${pad(f.cpuSeconds.toFixed(2), 6)}  ${pad(f.ratio.toFixed(2), 10)}  ` +
        `${pad(f.peakRssMiB.toFixed(0), 4)}  ${pad(f.warnings, 8)}  ${target === undefined ? "" : `< ${target} s`}` +
        (f.refused === undefined ? "" : `  refused: ${f.refused}`)
      );
    }),
  ];
  const measured = figures.filter((f) => f.rules > 0 && f.refused === undefined);
  for (let i = 1; i < measured.length; i++) {
    const [a, b] = [measured[i - 1], measured[i]];
    lines.push(
      `  ${a.rules} → ${b.rules} rules (${(b.rules / a.rules).toFixed(1)}×): wall ${(b.seconds / a.seconds).toFixed(1)}×, cpu ${(b.cpuSeconds / a.cpuSeconds).toFixed(1)}× (linear: ${(b.rules / a.rules).toFixed(1)}×)`,
    );
  }
  return lines;
}

/** Rule counts over their target time; a refusal meets the target (the stack stops at once on a clear limit). */
export function missedCompileTargets(figures: readonly CompileFigures[]): string[] {
  return figures.flatMap((f) => {
    const target = TARGETS.compileSeconds[f.rules];
    if (target === undefined || f.seconds <= target) return [];
    const what = f.refused === undefined ? "compiles" : "is refused";
    return [`a stack with ${f.rules} more rules ${what} in ${f.seconds.toFixed(2)} s (target < ${target} s)`];
  });
}

function pad(value: string | number, width: number): string {
  return String(value).padStart(width);
}
