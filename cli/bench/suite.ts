import { spawnSync } from "child_process";
import * as path from "path";
import { TARGETS } from "./report";

/** One npm test script, timed. */
export interface SuiteRun {
  readonly script: string;
  readonly seconds: number;
  /** The script's exit status (null when it was killed). */
  readonly status: number | null;
}

const ROOT = path.resolve(__dirname, "..", "..");

/**
 * Runs each npm script the project defines among `scripts`, one after the other, timing its wall
 * seconds (a suite run is minutes long, so it is opt-in: `npm run bench -- --test-suite`).
 */
export function runSuites(scripts: readonly string[], defined: Readonly<Record<string, string>>): SuiteRun[] {
  return scripts
    .filter((script) => script in defined)
    .map((script) => {
      const started = process.hrtime.bigint();
      const run = spawnSync("npm", ["run", "--silent", script], { cwd: ROOT, stdio: ["ignore", "ignore", "ignore"] });
      return { script, seconds: Number(process.hrtime.bigint() - started) / 1e9, status: run.status };
    });
}

export function suiteLines(runs: readonly SuiteRun[] | undefined): string[] {
  if (!runs) return ["test suites: not run (pass --test-suite to time npm test and npm run test:fast)"];
  return [
    "test suites (wall s, one run each, on this machine as it is loaded now)",
    ...runs.map((r) => {
      const target = TARGETS.suiteSeconds[r.script];
      return `  npm run ${r.script.padEnd(10)} ${r.seconds.toFixed(0).padStart(5)} s  ${r.status === 0 ? "passed" : `FAILED (exit ${r.status ?? "killed"})`}${target === undefined ? "" : `  target ≤ ${target} s`}`;
    }),
  ];
}

export function missedSuiteTargets(runs: readonly SuiteRun[] | undefined): string[] {
  return (runs ?? []).flatMap((r) => {
    const target = TARGETS.suiteSeconds[r.script];
    if (r.status !== 0) return [`npm run ${r.script} failed (exit ${r.status ?? "killed"})`];
    return target !== undefined && r.seconds > target
      ? [`npm run ${r.script} took ${r.seconds.toFixed(0)} s (target ≤ ${target} s)`]
      : [];
  });
}
