import { spawnSync } from "child_process";
import * as path from "path";
import { ConfigError } from "../components/config";
import { synthesize } from "./synth/run";
import { synthArtefacts, writeArtefacts } from "./synth/write";
import { readStack } from "./stack";

const USAGE = "usage: npm run synth -- <stack name | path to Pulumi.<stack>.yaml> [--out DIR]";

/** `npm run synth -- <stack>`: the whole program offline, artefacts under out/<stack>/. */
async function main(argv: string[]): Promise<number> {
  const outIndex = argv.indexOf("--out");
  const outArg = outIndex >= 0 ? argv[outIndex + 1] : undefined;
  const positional = outIndex >= 0 ? argv.filter((_, i) => i !== outIndex && i !== outIndex + 1) : argv;
  if (positional.length !== 1 || (outIndex >= 0 && !outArg)) {
    console.error(USAGE);
    return 2;
  }
  const stack = readStack(positional[0]);
  // Rotation schedules read the clock; pin it to the last commit so a synth of the same commit
  // is byte-identical on any day (the reproducible-builds convention). A real `pulumi up` uses today.
  const commitTime = process.env.SOURCE_DATE_EPOCH === undefined ? lastCommitTime() : undefined;
  if (commitTime !== undefined) process.env.SOURCE_DATE_EPOCH = commitTime;
  const outDir = path.resolve(outArg ?? path.join("out", stack.stack));
  const result = await synthesize(stack);
  const files = synthArtefacts(result);
  writeArtefacts(outDir, files);

  const { rollout, resources } = result;
  console.log(`synth ${stack.stack}: ${rollout.profiles.length} profiles, ${rollout.assignments.length} assigned groups, ${resources.length} resources → ${path.relative(process.cwd(), outDir) || "."}`);
  for (const p of [...rollout.profiles].reverse()) {
    console.log(`  ${p.name.padEnd(20)} priority ${String(p.priority).padStart(3)}  policy ${p.policyHash.slice(0, 12)}  groups ${p.assignedGroups.length}`);
  }
  for (const warning of rollout.warnings) console.log(`  warning: ${warning}`);

  const { mandatoryViolations, advisoryViolations, policies } = result.policyReport;
  console.log(`policies: ${policies.filter((p) => p.status === "passed").length} passed, ${mandatoryViolations} mandatory and ${advisoryViolations} advisory violations (policy-report.md)`);
  for (const policy of policies.filter((p) => p.status === "violated" && p.enforcementLevel === "mandatory")) {
    for (const violation of policy.violations) console.log(`  MANDATORY ${policy.name}: ${violation.resource ?? "stack"}: ${violation.message}`);
  }
  return mandatoryViolations > 0 ? 1 : 0;
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
