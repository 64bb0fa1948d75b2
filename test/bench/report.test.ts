import * as assert from "assert";
import {
  growthPerDecade,
  headlineGrowth,
  median,
  missedTargets,
  SizeMeasurements,
  sizeFigures,
  summaryLine,
  synthLines,
} from "../../cli/bench/report";

const run = (seconds: number, peakRssMiB = 200) => ({ seconds, cpuSeconds: seconds / 2, peakRssMiB });

/** Three sizes as the bench measures them: ours grows 10× per decade at the top, the baseline 8×. */
const MEASURED: SizeMeasurements[] = [
  {
    groups: 10,
    profiles: 4,
    resources: 8,
    added: { groups: 10, resources: 28 },
    ours: [run(0.5), run(0.3), run(0.4, 210)],
    baseline: [run(0.2), run(0.25), run(0.1)],
    floor: [run(0.3), run(0.3), run(0.2)],
  },
  {
    groups: 1_000,
    profiles: 20,
    resources: 900,
    added: { groups: 10, resources: 920 },
    ours: [run(3)],
    baseline: [run(2.5)],
    floor: [run(2.8)],
  },
  {
    groups: 10_000,
    profiles: 50,
    resources: 9_000,
    added: { groups: 10, resources: 9_015 },
    ours: [run(30, 900)],
    baseline: [run(20, 800)],
    floor: [run(25, 1_000)],
  },
];

describe("bench: report arithmetic", () => {
  it("median takes the middle value, or the mean of the two middle values", () => {
    assert.strictEqual(median([3, 1, 2]), 2);
    assert.strictEqual(median([4, 1, 3, 2]), 2.5);
    assert.throws(() => median([]), /median of no values/);
  });

  it("growth per decade normalises any step to 10× groups", () => {
    assert.strictEqual(growthPerDecade({ groups: 1_000, seconds: 2 }, { groups: 10_000, seconds: 21 }), 10.5);
    // 100× groups, 100× time: 10× per decade; 100× groups, 4× time: 2× per decade.
    assert.ok(Math.abs(growthPerDecade({ groups: 10, seconds: 1 }, { groups: 1_000, seconds: 100 }) - 10) < 1e-9);
    assert.ok(Math.abs(growthPerDecade({ groups: 10, seconds: 1 }, { groups: 1_000, seconds: 4 }) - 2) < 1e-9);
    assert.throws(
      () => growthPerDecade({ groups: 10, seconds: 1 }, { groups: 10, seconds: 1 }),
      /larger second size \(10 → 10 groups\)/,
    );
  });

  it("per size: medians of each side, ours/baseline and resources per assigned group", () => {
    const small = sizeFigures(MEASURED[0]);
    assert.deepStrictEqual(small.ours, { seconds: 0.4, cpuSeconds: 0.2, peakRssMiB: 200 });
    assert.deepStrictEqual(small.baseline, { seconds: 0.2, cpuSeconds: 0.1, peakRssMiB: 200 });
    assert.deepStrictEqual(small.floor, { seconds: 0.3, cpuSeconds: 0.15, peakRssMiB: 200 });
    assert.strictEqual(small.ratio, 2);
    assert.strictEqual(small.memoryRatio, 1);
    assert.strictEqual(small.repeats, 3);
    assert.strictEqual(small.resourcesPerGroup, 0.8);
  });

  it("the headline growth is the last step's, and the summary line carries it with the largest ratio", () => {
    const sizes = MEASURED.map(sizeFigures);
    assert.strictEqual(headlineGrowth(sizes), 10);
    assert.strictEqual(summaryLine(sizes), "bench: ratio=1.50 growth=10.00");
    assert.strictEqual(summaryLine([]), "bench: ratio=n/a growth=n/a");
  });

  it("reports what one added group costs apart from total / groups, which counts per-profile resources too", () => {
    const [small, middle, large] = MEASURED.map(sizeFigures);
    assert.deepStrictEqual(
      [small, middle, large].map((s) => [s.resourcesPerGroup, s.resourcesPerAddedGroup]),
      [
        [0.8, 2],
        [0.9, 2],
        [0.9, 1.5],
      ],
    );
    assert.match(synthLines([small])[1], / {2}cpu ratio {2}res\/added group$/);
    assert.match(synthLines([small])[2], / {7}2\.000$/);
  });

  it("prints one row per size, the provider floor per size, and both sides' growth per step", () => {
    const lines = synthLines(MEASURED.map(sizeFigures));
    assert.strictEqual(lines.length, 2 + 3 + 3 + 2);
    assert.strictEqual(
      lines[4],
      "   10000        50       9000      0.900        1   30.00   20.00   1.50       900       800       1.13     15.00     10.00       1.50            1.500",
    );
    assert.strictEqual(
      lines[7],
      "  provider floor at 10000 groups (as many resources, the per-group Entra pair registered flat): 25.00 s, 1000 MiB, 1.25× the baseline's time and 1.25× its memory; ours is 1.20× and 0.90× the floor",
    );
    assert.strictEqual(lines[8], "  growth per 10× groups, 10 → 1000: ours 2.74×, baseline 3.54×");
    assert.strictEqual(lines[9], "  growth per 10× groups, 1000 → 10000: ours 10.00×, baseline 8.00×");
  });

  it("names every missed target, and none when all are met", () => {
    // 5 resources per added group at the smallest size: the target applies at the largest only, and
    // there to what one more group adds (2.1 per group in total counts each profile's fixed resources).
    const met = [
      { ...MEASURED[0], added: { groups: 10, resources: 58 } },
      ...MEASURED.slice(1, 2),
      { ...MEASURED[2], resources: 21_000, added: { groups: 10, resources: 21_020 } },
    ].map(sizeFigures);
    assert.deepStrictEqual(missedTargets(met, [{ profile: "developer", afterStart: 25 }]), []);

    const slow: SizeMeasurements = {
      ...MEASURED[2],
      resources: 24_000,
      added: { groups: 10, resources: 24_030 },
      ours: [run(36, 1_600)],
    };
    const missed = missedTargets([...MEASURED.slice(0, 2), slow].map(sizeFigures), [
      { profile: "platform", afterStart: 12.34 },
      { profile: "qa", afterStart: Number.NaN },
    ]);
    assert.deepStrictEqual(missed, [
      "synth at 10000 groups is 1.80× the baseline (target ≤ 1.5×)",
      "synth at 10000 groups peaks at 2.00× the baseline's memory (target ≤ 1.5×)",
      "synth time grows 12.00× per 10× groups (target ≤ 11×)",
      "each added group costs 3.000 resources at 10000 groups (target ≤ 2)",
      "verify platform: 12.3 scenarios/s after client start (target ≥ 20)",
      "verify qa: NaN scenarios/s after client start (target ≥ 20)",
    ]);
  });
});
