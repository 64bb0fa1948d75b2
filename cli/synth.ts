import { spawnSync } from "child_process";
import * as path from "path";
import { parseArgs } from "util";
import { ConfigError, sourceDateEpochOfDay } from "../components/config";
import { preflight } from "../components/preflight";
import { preflightWarnings } from "./preflight/report";
import { checkOutputFolder, OutputFolderError } from "./synth/guard";
import { synthesize } from "./synth/run";
import { synthArtefacts, writeArtefacts } from "./synth/write";
import { readStack } from "./stack";

const USAGE = "usage: npm run synth -- <stack name | path to Pulumi.<stack>.yaml> [--out DIR] [--date YYYY-MM-DD]";

/** `npm run synth -- <stack>`: the whole program offline, artefacts under out/<stack>/. */
async function main(argv: string[]): Promise<number> {
  let parsed: { values: { out?: string; date?: string }; positionals: string[] };
  try {
    parsed = parseArgs({
      args: argv,
      options: { out: { type: "string" }, date: { type: "string" } },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) {
    console.error(USAGE);
    return 2;
  }
  const stack = readStack(positionals[0]);
  // The clock is an input (rotation schedules, expiry checks): --date, else SOURCE_DATE_EPOCH, else
  // the last commit, so a synth of the same commit is byte-identical on any day (reproducible builds).
  // A real `pulumi up` uses today.
  const clock = chooseClock(values.date);
  if ("error" in clock) {
    console.error(clock.error);
    return 2;
  }
  if (clock.epoch !== undefined) process.env.SOURCE_DATE_EPOCH = clock.epoch;
  let outDir: string;
  try {
    outDir = checkOutputFolder(values.out ?? path.join("out", stack.stack));
  } catch (error) {
    if (!(error instanceof OutputFolderError)) throw error;
    console.error(error.message);
    return 2;
  }
  const result = await synthesize(stack);
  const files = synthArtefacts(result);
  writeArtefacts(outDir, files);

  const { rollout, resources } = result;
  console.log(
    `synth ${stack.stack}: ${rollout.profiles.length} profiles, ${rollout.assignments.length} assigned groups, ${resources.length} resources → ${path.relative(process.cwd(), outDir) || "."}`,
  );
  console.log(`  clock ${result.today.toISOString().slice(0, 10)} (${clock.source})`);
  for (const p of [...rollout.profiles].reverse()) {
    console.log(
      `  ${p.name.padEnd(20)} priority ${String(p.priority).padStart(3)}  policy ${p.policyHash.slice(0, 12)}  groups ${p.assignedGroups.length}`,
    );
  }
  for (const warning of rollout.warnings) console.log(`  warning: ${warning}`);
  // What must exist or be granted before a first `pulumi up` (npm run preflight lists the same).
  for (const line of preflightWarnings(stack.stack, preflight(result.config))) console.log(`  warning: ${line}`);

  const { mandatoryViolations, advisoryViolations, policies } = result.policyReport;
  console.log(
    `policies: ${policies.filter((p) => p.status === "passed").length} passed, ${mandatoryViolations} mandatory and ${advisoryViolations} advisory violations (policy-report.md)`,
  );
  for (const policy of policies.filter((p) => p.status === "violated" && p.enforcementLevel === "mandatory")) {
    for (const violation of policy.violations)
      console.log(`  MANDATORY ${policy.name}: ${violation.resource ?? "stack"}: ${violation.message}`);
  }
  return mandatoryViolations > 0 ? 1 : 0;
}

/** Where the day comes from: --date, SOURCE_DATE_EPOCH, HEAD's commit, or (outside git) today. */
function chooseClock(day: string | undefined): { epoch?: string; source: string } | { error: string } {
  if (day !== undefined) {
    const chosen = sourceDateEpochOfDay(day);
    return "error" in chosen ? chosen : { epoch: chosen.epoch, source: "--date" };
  }
  if (process.env.SOURCE_DATE_EPOCH !== undefined && process.env.SOURCE_DATE_EPOCH !== "")
    return { source: "SOURCE_DATE_EPOCH" };
  const commitTime = lastCommitTime();
  return commitTime === undefined
    ? { source: "today: not a git checkout" }
    : { epoch: commitTime, source: "last commit" };
}

/** Seconds since 1970 of HEAD's commit, or undefined outside a git checkout (then today counts). */
function lastCommitTime(): string | undefined {
  const git = spawnSync("git", ["log", "-1", "--format=%ct"], { cwd: __dirname, encoding: "utf8" });
  return git.status === 0 && /^\d+$/.test(git.stdout.trim()) ? git.stdout.trim() : undefined;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof ConfigError || error instanceof Error ? error.message : String(error));
    process.exit(1);
  },
);
