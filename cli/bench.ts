// `npm run bench`: synth wall time and peak memory against a bare-resource baseline at three org
// sizes, then verify throughput per profile. The last line is `bench: ratio=… growth=…`.
import * as os from "os";
import { PINNED_CLIENT_VERSION } from "../components/settings";
import { measureSize, SizePlan } from "./bench/measure";
import { missedTargets, SizeFigures, sizeFigures, summaryLine, synthLines, TARGETS } from "./bench/report";
import { measureVerifyThroughput, VerifyThroughput } from "./bench/verify-throughput";
import { readStack } from "./stack";
import { planStack } from "./synth/run";
import { detectNamespaceMode, NamespaceUnavailableError } from "./verify/sandbox";

const USAGE =
  "usage: npm run bench -- [--template STACK] [--sizes 10x4,1000x20,10000x50] [--no-verify] [--cpu-prof DIR]";

/** (groups, profiles) from issue 9; small sizes repeat more (their times are short and noisy). */
const DEFAULT_SIZES: readonly SizePlan[] = [
  { groups: 10, profiles: 4, repeats: 5 },
  { groups: 1_000, profiles: 20, repeats: 3 },
  { groups: 10_000, profiles: 50, repeats: 1 },
];

interface BenchArgs {
  readonly template: string;
  readonly sizes: readonly SizePlan[];
  readonly verify: boolean;
  readonly cpuProfDir?: string;
}

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  if (!args) {
    console.error(USAGE);
    return 2;
  }
  const started = Date.now();
  const template = readStack(args.template);
  console.log(
    `bench: template ${template.file}, node ${process.version}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`,
  );
  console.log(
    "baseline: cli/bench/bare-program.ts — as many bare `bench:index:Bare` custom resources as the synth registered, loaded like index.ts under the same mock runtime, same settle",
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
      failed.push(
        `synth failed at ${plan.groups} groups × ${plan.profiles} profiles: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
    console.error(
      `  measured ${plan.groups} groups × ${plan.profiles} profiles (${((Date.now() - started) / 1000).toFixed(0)} s so far)`,
    );
  }
  for (const line of synthLines(sizes)) console.log(line);

  const verify = args.verify ? await verifyFigures(args.template) : [];
  const missed = [
    ...failed,
    ...missedTargets(
      sizes,
      verify.map((v) => ({ profile: v.profile, afterStart: v.afterStart })),
    ),
  ];
  console.log(missed.length ? `targets missed:\n${missed.map((m) => `  - ${m}`).join("\n")}` : "targets: all met");
  if (args.cpuProfDir) console.log(`cpu profile of the largest synth: ${args.cpuProfDir}`);
  console.log(`bench wall time: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  // Figures from a partial run would name the wrong size: the summary needs every size.
  console.log(summaryLine(failed.length ? [] : sizes));
  return failed.length ? 1 : 0;
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

function parseArgs(argv: string[]): BenchArgs | undefined {
  let template = "prod";
  let sizes = DEFAULT_SIZES;
  let verify = true;
  let cpuProfDir: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const value = argv[i + 1];
    if (argv[i] === "--no-verify") verify = false;
    else if (argv[i] === "--template" && value) [template, i] = [value, i + 1];
    else if (argv[i] === "--cpu-prof" && value) [cpuProfDir, i] = [value, i + 1];
    else if (argv[i] === "--sizes" && value) {
      const parsed = parseSizes(value);
      if (!parsed) return undefined;
      [sizes, i] = [parsed, i + 1];
    } else return undefined;
  }
  return { template, sizes, verify, cpuProfDir };
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
