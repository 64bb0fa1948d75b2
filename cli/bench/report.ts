/**
 * The bench's arithmetic and its printed lines. Pure: measurements in, figures and text out, so
 * the tests can check every number without timing anything.
 */

/** One run of one side (ours or the baseline) at one size. */
export interface RunFigures {
  readonly seconds: number;
  /** CPU seconds over the same span: steadier than wall time on a shared machine. */
  readonly cpuSeconds: number;
  readonly peakRssMiB: number;
}

/** Every repeat at one size, both sides. */
export interface SizeMeasurements {
  readonly groups: number;
  readonly profiles: number;
  /** Resources the synth registered (the baseline registers as many bare ones). */
  readonly resources: number;
  /** A synth with `groups` more groups at the same profile count, and the resources it registered. */
  readonly added: { readonly groups: number; readonly resources: number };
  readonly ours: readonly RunFigures[];
  readonly baseline: readonly RunFigures[];
  /** The provider floor: as many resources, the per-group Entra pair registered flat (cli/bench/entra-floor-program.ts). */
  readonly floor: readonly RunFigures[];
}

export interface SizeFigures {
  readonly groups: number;
  readonly profiles: number;
  readonly resources: number;
  readonly repeats: number;
  /** Medians over the repeats. */
  readonly ours: RunFigures;
  readonly baseline: RunFigures;
  readonly floor: RunFigures;
  /** ours / baseline wall time. */
  readonly ratio: number;
  /** ours / baseline peak memory. */
  readonly memoryRatio: number;
  /** Total resources / groups: per-profile and org-wide resources count too. */
  readonly resourcesPerGroup: number;
  /** What one more group costs at this profile count: (resources(N + k) − resources(N)) / k. */
  readonly resourcesPerAddedGroup: number;
}

/** Targets from issues 9 and 15. */
export const TARGETS = {
  ratioAtLargest: 1.5,
  memoryRatioAtLargest: 1.5,
  growthPerDecade: 11,
  resourcesPerGroup: 2,
  verifyScenariosPerSecond: 20,
  /** Wall seconds to plan a stack with this many more rules (a refusal naming the limit also meets the largest). */
  compileSeconds: { 4_000: 1, 50_000: 10 } as Readonly<Record<number, number>>,
  /** Wall seconds of the test suites (npm scripts). */
  suiteSeconds: { test: 300, "test:fast": 60 } as Readonly<Record<string, number>>,
} as const;

/** The middle value; the mean of the two middle values for an even count. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error("median of no values");
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

export function sizeFigures(size: SizeMeasurements): SizeFigures {
  const ours = medianRun(size.ours);
  const baseline = medianRun(size.baseline);
  const floor = medianRun(size.floor);
  return {
    groups: size.groups,
    profiles: size.profiles,
    resources: size.resources,
    repeats: size.ours.length,
    ours,
    baseline,
    floor,
    ratio: ours.seconds / baseline.seconds,
    memoryRatio: ours.peakRssMiB / baseline.peakRssMiB,
    resourcesPerGroup: size.groups === 0 ? 0 : size.resources / size.groups,
    resourcesPerAddedGroup: (size.added.resources - size.resources) / size.added.groups,
  };
}

/**
 * Time factor per 10× groups between two sizes: (t_b / t_a) ^ (1 / log10(g_b / g_a)). For a step
 * of exactly 10× it is t_b / t_a; a 100× step is normalised to one decade.
 */
export function growthPerDecade(from: TimedSize, to: TimedSize): number {
  const decades = Math.log10(to.groups / from.groups);
  if (!(decades > 0)) throw new Error(`growth needs a larger second size (${from.groups} → ${to.groups} groups)`);
  return (to.seconds / from.seconds) ** (1 / decades);
}

export interface TimedSize {
  readonly groups: number;
  readonly seconds: number;
}

/** Ours' growth per decade over the last step (the largest sizes: least fixed cost, most signal). */
export function headlineGrowth(sizes: readonly SizeFigures[]): number {
  if (sizes.length < 2) return Number.NaN;
  const [a, b] = sizes.slice(-2);
  return growthPerDecade({ groups: a.groups, seconds: a.ours.seconds }, { groups: b.groups, seconds: b.ours.seconds });
}

/** Table rows: one per size, then one per step with the growth factors of both sides. */
export function synthLines(sizes: readonly SizeFigures[]): string[] {
  const lines = [
    "synth (median of repeats; wall s from mock runtime install to settle; peak RSS of the whole process; cpu s over the same span)",
    "  groups  profiles  resources  res/group  repeats  ours s  base s  ratio  ours MiB  base MiB  mem ratio  ours cpu  base cpu  cpu ratio  res/added group",
    ...sizes.map(
      (s) =>
        `  ${pad(s.groups, 6)}  ${pad(s.profiles, 8)}  ${pad(s.resources, 9)}  ${pad(s.resourcesPerGroup.toFixed(3), 9)}  ${pad(s.repeats, 7)}  ` +
        `${pad(s.ours.seconds.toFixed(2), 6)}  ${pad(s.baseline.seconds.toFixed(2), 6)}  ${pad(s.ratio.toFixed(2), 5)}  ${pad(s.ours.peakRssMiB.toFixed(0), 8)}  ${pad(s.baseline.peakRssMiB.toFixed(0), 8)}  ` +
        `${pad(s.memoryRatio.toFixed(2), 9)}  ${pad(s.ours.cpuSeconds.toFixed(2), 8)}  ${pad(s.baseline.cpuSeconds.toFixed(2), 8)}  ${pad((s.ours.cpuSeconds / s.baseline.cpuSeconds).toFixed(2), 9)}  ` +
        pad(s.resourcesPerAddedGroup.toFixed(3), 15),
    ),
  ];
  // What the provider resources cost by themselves: how much of the ratio no program can save.
  for (const s of sizes) {
    lines.push(
      `  provider floor at ${s.groups} groups (as many resources, the per-group Entra pair registered flat): ${s.floor.seconds.toFixed(2)} s, ${s.floor.peakRssMiB.toFixed(0)} MiB, ` +
        `${(s.floor.seconds / s.baseline.seconds).toFixed(2)}× the baseline's time and ${(s.floor.peakRssMiB / s.baseline.peakRssMiB).toFixed(2)}× its memory; ` +
        `ours is ${(s.ours.seconds / s.floor.seconds).toFixed(2)}× and ${(s.ours.peakRssMiB / s.floor.peakRssMiB).toFixed(2)}× the floor`,
    );
  }
  for (let i = 1; i < sizes.length; i++) {
    const [a, b] = [sizes[i - 1], sizes[i]];
    const ours = growthPerDecade(
      { groups: a.groups, seconds: a.ours.seconds },
      { groups: b.groups, seconds: b.ours.seconds },
    );
    const base = growthPerDecade(
      { groups: a.groups, seconds: a.baseline.seconds },
      { groups: b.groups, seconds: b.baseline.seconds },
    );
    lines.push(
      `  growth per 10× groups, ${a.groups} → ${b.groups}: ours ${ours.toFixed(2)}×, baseline ${base.toFixed(2)}×`,
    );
  }
  return lines;
}

/** Targets this run missed, each naming the figure and the target. */
export function missedTargets(
  sizes: readonly SizeFigures[],
  verifyRates: readonly { profile: string; afterStart: number }[],
): string[] {
  const missed: string[] = [];
  const largest = sizes[sizes.length - 1];
  if (largest && largest.ratio > TARGETS.ratioAtLargest) {
    missed.push(
      `synth at ${largest.groups} groups is ${largest.ratio.toFixed(2)}× the baseline (target ≤ ${TARGETS.ratioAtLargest}×)`,
    );
  }
  if (largest && largest.memoryRatio > TARGETS.memoryRatioAtLargest) {
    missed.push(
      `synth at ${largest.groups} groups peaks at ${largest.memoryRatio.toFixed(2)}× the baseline's memory (target ≤ ${TARGETS.memoryRatioAtLargest}×)`,
    );
  }
  const growth = headlineGrowth(sizes);
  if (growth > TARGETS.growthPerDecade)
    missed.push(`synth time grows ${growth.toFixed(2)}× per 10× groups (target ≤ ${TARGETS.growthPerDecade}×)`);
  // What a directory group costs (issue 15: its nesting and its app-role assignment). Total / groups
  // also counts each profile's own app, group and role, fixed costs that no group adds.
  if (largest && largest.resourcesPerAddedGroup > TARGETS.resourcesPerGroup) {
    missed.push(
      `each added group costs ${largest.resourcesPerAddedGroup.toFixed(3)} resources at ${largest.groups} groups (target ≤ ${TARGETS.resourcesPerGroup})`,
    );
  }
  for (const v of verifyRates) {
    if (!(v.afterStart >= TARGETS.verifyScenariosPerSecond)) {
      missed.push(
        `verify ${v.profile}: ${v.afterStart.toFixed(1)} scenarios/s after client start (target ≥ ${TARGETS.verifyScenariosPerSecond})`,
      );
    }
  }
  return missed;
}

/** The last line the bench prints. */
export function summaryLine(sizes: readonly SizeFigures[]): string {
  const largest = sizes[sizes.length - 1];
  const growth = headlineGrowth(sizes);
  return `bench: ratio=${largest ? largest.ratio.toFixed(2) : "n/a"} growth=${Number.isFinite(growth) ? growth.toFixed(2) : "n/a"}`;
}

function medianRun(runs: readonly RunFigures[]): RunFigures {
  return {
    seconds: median(runs.map((r) => r.seconds)),
    cpuSeconds: median(runs.map((r) => r.cpuSeconds)),
    peakRssMiB: median(runs.map((r) => r.peakRssMiB)),
  };
}

function pad(value: string | number, width: number): string {
  return String(value).padStart(width);
}
