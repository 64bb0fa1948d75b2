// `npm run verify -- <stack name | path to stack YAML> [--profile P] [--out DIR]`: every compiled
// profile, and every release a ring still runs, proven against the pinned Claude Code client, offline.
// Evidence under out/<stack>/verify/: `<profile>.md` for the compile, `<profile>@<hash>.md` for a release.
import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "util";
import { ConfigError } from "../components/config";
import { readStack } from "./stack";
import { planStack } from "./synth/run";
import { junitXml, markdownReport, resolvedJson, summaryLine } from "./verify/report";
import { requiredDenies } from "./verify/required-denies";
import { detectNamespaceMode } from "./verify/sandbox";
import { clientVersion, DEFAULT_CLIENT } from "./verify/session";
import { verifyTargets } from "./verify/targets";
import { ProfileInput, ProfileResult, verifyProfile, VerifyOptions } from "./verify/verify-profile";

const USAGE = "usage: npm run verify -- <stack name | path to Pulumi.<stack>.yaml> [--profile P] [--out DIR]";

async function main(argv: string[]): Promise<number> {
  const args = verifyArgs(argv);
  if ("error" in args) {
    console.error(args.error ? `${args.error}\n${USAGE}` : USAGE);
    return 2;
  }
  const stack = readStack(args.stack);
  const plan = planStack(stack);
  const rollout = plan.rollout;
  const required = requiredDenies(stack.stack);
  const targets = verifyTargets(rollout.profiles, plan.releases, required, args.profile);
  if (targets.length === 0) {
    const known = [...new Set([...rollout.profiles, ...plan.releases].map((p) => p.name))];
    throw new Error(`${stack.file}: no profile "${args.profile}" — profiles: ${known.join(", ")}`);
  }
  const version = clientVersion(DEFAULT_CLIENT);
  if (!version.startsWith(`${rollout.clientVersion} `)) {
    throw new Error(
      `the installed client is ${version}, but ${stack.stack} is compiled for ${rollout.clientVersion}; run npm ci`,
    );
  }
  const mode = detectNamespaceMode();
  const outDir = path.resolve(args.out ?? path.join("out", stack.stack, "verify"));
  const results = await verifyAll(
    stack.stack,
    targets.map((t) => t.input),
    version,
    mode,
    outDir,
  );
  const failures = results.flatMap((r) =>
    r.outcomes
      .filter((o) => !o.passed)
      .map((o) => `${r.profile}: ${o.name}: expected ${o.expected}, observed ${o.observed} — ${o.message}`),
  );
  for (const failure of failures) console.error(`MISMATCH ${failure}`);
  return failures.length === 0 ? 0 : 1;
}

/** Verifies each profile in turn and writes its evidence; returns every result. */
export async function verifyAll(
  stack: string,
  inputs: readonly ProfileInput[],
  version: string,
  mode: ReturnType<typeof detectNamespaceMode>,
  outDir: string,
  options: Pick<VerifyOptions, "adversarial" | "suiteSessions"> = {},
): Promise<ProfileResult[]> {
  fs.mkdirSync(outDir, { recursive: true });
  const results: ProfileResult[] = [];
  for (const input of inputs) {
    const result = await verifyProfile(input, { ...options, mode, clientVersion: version });
    results.push(result);
    fs.writeFileSync(path.join(outDir, `${input.name}.md`), markdownReport(stack, result));
    fs.writeFileSync(path.join(outDir, `${input.name}.junit.xml`), junitXml(stack, result));
    const passed = result.outcomes.filter((o) => o.passed).length;
    console.log(
      `verify ${stack}/${input.name}: ${result.passed ? "PASS" : "FAIL"} ${passed}/${result.outcomes.length} checks (${summaryLine(result)}), first session ${result.sessionSeconds.toFixed(2)} s${result.copySubstitutions ? " (verification copy)" : ""}`,
    );
  }
  fs.writeFileSync(path.join(outDir, "resolved.json"), resolvedJson(results));
  return results;
}

/** The stack and flags, or the problem to print above the usage line (empty: the usage says it). */
function verifyArgs(argv: string[]): { stack: string; profile?: string; out?: string } | { error: string } {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: { profile: { type: "string" }, out: { type: "string" } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    return { error: (error as Error).message };
  }
  const { values, positionals } = parsed;
  return positionals.length === 1 ? { stack: positionals[0], ...values } : { error: "" };
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error instanceof ConfigError || error instanceof Error ? error.message : String(error));
      process.exit(1);
    },
  );
}
