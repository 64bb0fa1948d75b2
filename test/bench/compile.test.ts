import * as assert from "assert";
import { loadRolloutConfig } from "../../components/config";
import { compileFigures, compileLines, missedCompileTargets } from "../../cli/bench/compile-report";
import { generatedRules, rulesProfile, rulesStack } from "../../cli/bench/rules";
import { missedSuiteTargets, suiteLines } from "../../cli/bench/suite";
import { PROJECT, readStack } from "../../cli/stack";

const run = (seconds: number, extra: { warnings?: number; refused?: string } = {}) => ({
  seconds,
  cpuSeconds: seconds / 2,
  peakRssMiB: 100,
  warnings: extra.warnings ?? 3,
  ...(extra.refused !== undefined && { refused: extra.refused }),
});

describe("bench: rule-heavy stacks and the compile figures", () => {
  it("generates distinct, valid rules into the first root profile that may edit, one allow in fifty dead", () => {
    const rules = generatedRules(400);
    assert.strictEqual(rules.allow.length + rules.deny.length, 400);
    assert.strictEqual(new Set([...rules.allow, ...rules.deny]).size, 400);
    assert.deepStrictEqual(rules.allow.slice(0, 3), [
      "Bash(deploy-tool-0 --dry-run)",
      "Read(./src/module-1/**)",
      "Bash(ls ./build/out-2)",
    ]);
    assert.deepStrictEqual(rules.deny.slice(0, 2), ["Bash(deploy-tool-0 *)", "Read(./secrets/module-1/**)"]);

    const template = readStack("prod");
    assert.strictEqual(rulesProfile(template.projectConfig), "developer");
    const stack = rulesStack(template, 400);
    const profiles = JSON.parse(stack.allConfig[`${PROJECT}:profiles`]) as Record<
      string,
      { permissions: { allow: string[]; deny: string[] } }
    >;
    assert.deepStrictEqual(profiles.developer.permissions.allow.slice(-200), rules.allow);
    // The runtime config and the parsed config agree, and the stack stays valid.
    assert.deepStrictEqual(profiles, stack.projectConfig.profiles);
    loadRolloutConfig(stack.projectConfig, stack.stack);
  });

  it("takes medians per rule count, against the template (0 more rules) measured first", () => {
    const figures = compileFigures([
      { rules: 0, runs: [run(0.4), run(0.2), run(0.3)] },
      { rules: 4_000, runs: [run(0.9, { warnings: 83 }), run(0.6, { warnings: 83 }), run(0.75, { warnings: 83 })] },
      { rules: 50_000, runs: [run(9)] },
    ]);
    assert.deepStrictEqual(
      figures.map((f) => [f.rules, f.seconds, f.cpuSeconds, f.warnings, Number(f.ratio.toFixed(3))]),
      [
        [0, 0.3, 0.15, 3, 1],
        [4_000, 0.75, 0.375, 83, 2.5],
        [50_000, 9, 4.5, 3, 30],
      ],
    );
    const lines = compileLines(figures);
    assert.strictEqual(lines[3], "   4000        3    0.75    0.38        2.50   100        83  < 1 s");
    assert.strictEqual(lines[5], "  4000 → 50000 rules (12.5×): wall 12.0×, cpu 12.0× (linear: 12.5×)");
    assert.deepStrictEqual(missedCompileTargets(figures), []);
    assert.throws(
      () => compileFigures([{ rules: 4_000, runs: [run(1)] }]),
      /template \(0 added rules\) measured first/,
    );
  });

  it("names a slow compile, and takes a quick refusal on a limit as meeting the target", () => {
    const figures = compileFigures([
      { rules: 0, runs: [run(0.3)] },
      { rules: 4_000, runs: [run(1.5)] },
      { rules: 50_000, runs: [run(0.4, { refused: "profiles.developer.permissions.allow: more than 20000 rules" })] },
    ]);
    assert.deepStrictEqual(missedCompileTargets(figures), [
      "a stack with 4000 more rules compiles in 1.50 s (target < 1 s)",
    ]);
    assert.match(
      compileLines(figures)[4],
      /< 10 s {2}refused: profiles\.developer\.permissions\.allow: more than 20000/,
    );
  });

  it("reports the test suites only when asked, with their targets", () => {
    assert.deepStrictEqual(suiteLines(undefined), [
      "test suites: not run (pass --test-suite to time npm test and npm run test:fast)",
    ]);
    const runs = [
      { script: "test:fast", seconds: 42.4, status: 0 },
      { script: "test", seconds: 312, status: 1 },
    ];
    assert.deepStrictEqual(suiteLines(runs).slice(1), [
      "  npm run test:fast     42 s  passed  target ≤ 60 s",
      "  npm run test         312 s  FAILED (exit 1)  target ≤ 300 s",
    ]);
    assert.deepStrictEqual(missedSuiteTargets(runs), ["npm run test failed (exit 1)"]);
    assert.deepStrictEqual(missedSuiteTargets([{ script: "test", seconds: 301, status: 0 }]), [
      "npm run test took 301 s (target ≤ 300 s)",
    ]);
  });
});
