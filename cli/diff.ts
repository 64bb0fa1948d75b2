// `npm run diff -- <base-out-dir> <head-out-dir> [--format md|json]`
// Semantic permission diff of two synth outputs, riskiest change first. Exit 0 whatever the changes
// (the flags are in the output); exit 1 only when the input is unusable.
import { parseArgs } from "util";
import { DiffInputError, loadSynthOutput } from "./diff/load";
import { renderJson, renderMarkdown } from "./diff/render";
import { buildReport } from "./diff/report";

const USAGE = "usage: npm run diff -- <base-out-dir> <head-out-dir> [--format md|json]";

/** Runs the command; returns the text for stdout or throws DiffInputError for unusable input. */
export function runDiff(args: readonly string[]): string {
  const { dirs, format } = diffArgs(args);
  const report = buildReport(loadSynthOutput(dirs[0]), loadSynthOutput(dirs[1]));
  return format === "json" ? renderJson(report) : renderMarkdown(report);
}

function diffArgs(args: readonly string[]): { dirs: [string, string]; format: "md" | "json" } {
  // Not strict: the tokens let an unknown option and a --format without its value get this command's own messages.
  const { tokens, positionals: dirs } = parseArgs({
    args: [...args],
    options: { format: { type: "string" } },
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  let format = "md";
  for (const token of tokens) {
    if (token.kind !== "option") continue;
    if (token.name !== "format") throw new DiffInputError(`unknown option ${token.rawName}\n${USAGE}`);
    format = token.value ?? "";
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
