// `npm run bench`: synth wall time and peak memory against a bare-resource baseline at three org
// sizes, compile time of rule-heavy stacks against the template's, optionally the test suites'
// wall time, then verify throughput per profile. The last line is `bench: ratio=… growth=…`.
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseArgs } from "util";
import { PINNED_CLIENT_VERSION } from "../components/settings";
import { compileFigures, compileLines, CompileMeasurements, missedCompileTargets } from "./bench/compile-report";
import { measureCompile, measureSize, SizePlan } from "./bench/measure";
import { missedTargets, SizeFigures, sizeFigures, summaryLine, synthLines, TARGETS } from "./bench/report";
import { missedSuiteTargets, runSuites, SuiteRun, suiteLines } from "./bench/suite";
import { measureVerifyThroughput, VerifyThroughput } from "./bench/verify-throughput";
import { readStack } from "./stack";
import { planStack } from "./synth/run";
import { detectNamespaceMode, NamespaceUnavailableError } from "./verify/sandbox";

const USAGE =
  "usage: npm run bench -- [--template STACK] [--sizes 10x4,1000x20,10000x50] [--rules 4000,50000] [--no-verify] [--test-suite] [--cpu-prof DIR]";

/** (groups, profiles) from issue 9; small sizes repeat more (their times are short and noisy). */
const DEFAULT_SIZES: readonly SizePlan[] = [
  { groups: 10, profiles: 4, repeats: 5 },
  { groups: 1_000, profiles: 20, repeats: 3 },
  { groups: 10_000, profiles: 50, repeats: 1 },
];

/** Rule counts of issue 15; the template itself (0 more rules) is always measured first as the baseline. */
const DEFAULT_RULES: readonly number[] = [4_000, 50_000];

/** The npm scripts `--test-suite` times. */
const SUITES: readonly string[] = ["test:fast", "test"];

interface BenchArgs {
  readonly template: string;
  readonly sizes: readonly SizePlan[];
  readonly rules: readonly number[];
  readonly verify: boolean;
  readonly testSuite: boolean;
  readonly cpuProfDir?: string;
}

async function main(argv: string[]): Promise<number> {
  const args = benchArgs(argv);
  if (!args) {
    console.error(USAGE);
    return 2;
  }
  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s so far`;
  const template = readStack(args.template);
  console.log(
    `bench: template ${template.file}, node ${process.version}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, load ${os.loadavg()[0].toFixed(1)}`,
  );
  console.log(
    "baseline: cli/bench/bare-program.ts — as many bare `bench:index:Bare` custom resources as the synth registered, loaded like index.ts under the same mock runtime, same settle",
  );
  console.log(
    "provider floor: cli/bench/entra-floor-program.ts — as many resources again, the per-group Entra pair (GroupMember, AppRoleAssignment) with literal inputs, loaded the same way",
  );

  const sizes: SizeFigures[] = [];
  const failed: string[] = [];
  for (const [i, plan] of args.sizes.entries()) {
    const profileLargest = args.cpuProfDir !== undefined && i === args.sizes.length - 1;
    try {
      sizes.push(
        sizeFigures(
          measureSize(plan, { template: args.template, cpuProfDir: profileLargest ? args.cpuProfDir : undefined }),
        ),
      );
    } catch (error) {
      // One size failing (a component's limit, say) should not hide the figures of the others.
      failed.push(`synth failed at ${plan.groups} groups × ${plan.profiles} profiles: ${message(error)}`);
    }
    console.error(`  measured ${plan.groups} groups × ${plan.profiles} profiles (${elapsed()})`);
  }
  for (const line of synthLines(sizes)) console.log(line);

  const compiled: CompileMeasurements[] = [];
  for (const rules of args.rules.length ? [0, ...args.rules] : []) {
    try {
      // Stopped at 10× its target (a minute for the template alone): far enough past to be a clear miss.
      const timeout = 10 * (TARGETS.compileSeconds[rules] ?? 6);
      compiled.push(measureCompile(args.template, rules, rules >= 50_000 ? 1 : 3, timeout));
    } catch (error) {
      failed.push(`compile failed with ${rules} more rules: ${message(error)}`);
    }
    console.error(`  measured compile with ${rules} more rules (${elapsed()})`);
  }
  const compileFigs = compiled[0]?.rules === 0 ? compileFigures(compiled) : [];
  for (const line of compileLines(compileFigs)) console.log(line);

  let suites: SuiteRun[] | undefined;
  if (args.testSuite) {
    const packageJson = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "package.json"), "utf8")) as {
      scripts: Record<string, string>;
    };
    suites = runSuites(SUITES, packageJson.scripts);
  }
  for (const line of suiteLines(suites)) console.log(line);

  const verify = args.verify ? await verifyFigures(args.template) : [];
  const missed = [
    ...failed,
    ...missedTargets(
      sizes,
      verify.map((v) => ({ profile: v.profile, afterStart: v.afterStart })),
    ),
    ...missedCompileTargets(compileFigs),
    ...missedSuiteTargets(suites),
  ];
  console.log(missed.length ? `targets missed:\n${missed.map((m) => `  - ${m}`).join("\n")}` : "targets: all met");
  if (args.cpuProfDir) console.log(`cpu profile of the largest synth: ${args.cpuProfDir}`);
  console.log(`bench wall time: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  // Figures from a partial run would name the wrong size: the summary needs every size.
  console.log(summaryLine(failed.some((f) => f.startsWith("synth")) ? [] : sizes));
  return failed.length ? 1 : 0;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Verify throughput for each profile of the template stack, or none when namespaces are unavailable. */
async function verifyFigures(templateName: string): Promise<VerifyThroughput[]> {
  const stack = readStack(templateName);
  const rollout = planStack(stack).rollout;
  let mode;
  try {
    mode = detectNamespaceMode();
  } catch (error) {
    if (!(error instanceof NamespaceUnavailableError)) throw error;
    console.log(`verify throughput: skipped — ${error.message}`);
    return [];
  }
  const results: VerifyThroughput[] = [];
  console.log(
    `verify throughput (${stack.stack} profiles; real client ${PINNED_CLIENT_VERSION}; target ≥ ${TARGETS.verifyScenariosPerSecond} scenarios/s after start)`,
  );
  console.log("  profile               scenarios  once s  ×copies s  after start/s  one session/s  one start each/s");
  for (const p of rollout.profiles) {
    const figures = await measureVerifyThroughput(
      { name: p.name, settingsJson: p.settingsJson, mcpJson: p.mcp?.json, scenarios: p.verify },
      { mode },
    );
    results.push(figures);
    console.log(
      `  ${p.name.padEnd(20)}  ${String(figures.scenarios).padStart(9)}  ${figures.onceSeconds.toFixed(2).padStart(6)}  ` +
        `${`${figures.repeatedSeconds.toFixed(2)} ×${figures.copies}`.padStart(9)}  ${figures.afterStart.toFixed(1).padStart(13)}  ` +
        `${figures.oneSession.toFixed(1).padStart(13)}  ${figures.onePerStart.toFixed(2).padStart(16)}`,
    );
    for (const failure of figures.failures)
      console.log(`    WRONG VERDICT ${failure} (figures for ${p.name} are void)`);
  }
  return results;
}

function benchArgs(argv: string[]): BenchArgs | undefined {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        template: { type: "string", default: "prod" },
        sizes: { type: "string" },
        rules: { type: "string" },
        "no-verify": { type: "boolean", default: false },
        "test-suite": { type: "boolean", default: false },
        "cpu-prof": { type: "string" },
      },
    }));
  } catch {
    return undefined;
  }
  const sizes = values.sizes === undefined ? DEFAULT_SIZES : parseSizes(values.sizes);
  const rules = values.rules === undefined ? DEFAULT_RULES : parseRules(values.rules);
  if (!sizes || !rules) return undefined;
  return {
    template: values.template,
    sizes,
    rules,
    verify: !values["no-verify"],
    testSuite: values["test-suite"],
    cpuProfDir: values["cpu-prof"],
  };
}

/** `4000,50000` → ascending rule counts; `none` → no compile figures. */
function parseRules(text: string): number[] | undefined {
  if (text === "none") return [];
  const counts = text.split(",").map((item) => (/^\d+$/.test(item.trim()) ? Number(item.trim()) : Number.NaN));
  return counts.every((n, i) => n > 0 && (i === 0 || n > counts[i - 1])) ? counts : undefined;
}

/** `10x4,1000x20` → plans, repeats as for the default sizes of that magnitude. */
function parseSizes(text: string): SizePlan[] | undefined {
  const plans = text.split(",").map((item) => /^(\d+)x(\d+)$/.exec(item.trim()));
  if (plans.some((m, i) => !m || (i > 0 && Number(m[1]) <= Number(plans[i - 1]![1])))) return undefined; // ascending groups
  return plans.map((m) => {
    const groups = Number(m![1]);
    return { groups, profiles: Number(m![2]), repeats: groups >= 10_000 ? 1 : groups >= 1_000 ? 3 : 5 };
  });
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
