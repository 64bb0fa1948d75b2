// `npm run diff -- <base-out-dir> <head-out-dir> [--format md|json]`
// Semantic permission diff of two synth outputs, riskiest change first. Exit 0 whatever the changes
// (the flags are in the output); exit 1 only when the input is unusable.
import { DiffInputError, loadSynthOutput } from "./diff/load";
import { renderJson, renderMarkdown } from "./diff/render";
import { buildReport } from "./diff/report";

const USAGE = "usage: npm run diff -- <base-out-dir> <head-out-dir> [--format md|json]";

/** Runs the command; returns the text for stdout or throws DiffInputError for unusable input. */
export function runDiff(args: readonly string[]): string {
  const { dirs, format } = parseArgs(args);
  const report = buildReport(loadSynthOutput(dirs[0]), loadSynthOutput(dirs[1]));
  return format === "json" ? renderJson(report) : renderMarkdown(report);
}

function parseArgs(args: readonly string[]): { dirs: [string, string]; format: "md" | "json" } {
  const dirs: string[] = [];
  let format = "md";
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--format") format = args[++i] ?? "";
    else if (arg.startsWith("--format=")) format = arg.slice("--format=".length);
    else if (arg.startsWith("--")) throw new DiffInputError(`unknown option ${arg}\n${USAGE}`);
    else dirs.push(arg);
  }
  if (format !== "md" && format !== "json")
    throw new DiffInputError(`--format must be md or json, got "${format}"\n${USAGE}`);
  if (dirs.length !== 2) throw new DiffInputError(`expected two output directories, got ${dirs.length}\n${USAGE}`);
  return { dirs: [dirs[0], dirs[1]], format };
}

if (require.main === module) {
  try {
    process.stdout.write(runDiff(process.argv.slice(2)));
  } catch (error) {
    if (!(error instanceof DiffInputError)) throw error;
    process.stderr.write(`diff: ${error.message}\n`);
    process.exitCode = 1;
  }
}
