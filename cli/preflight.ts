import * as path from "path";
import { parseArgs } from "util";
import { ConfigError, loadRolloutConfig } from "../components/config";
import { preflight } from "../components/preflight";
import { preflightReport } from "./preflight/report";
import { readStack } from "./stack";

const USAGE = "usage: npm run preflight -- <stack name | path to Pulumi.<stack>.yaml> [--json]";

/** `npm run preflight -- <stack>`: what must exist or be granted before the first `pulumi up`, offline. */
function main(argv: string[]): number {
  let parsed: { values: { json?: boolean }; positionals: string[] };
  try {
    parsed = parseArgs({ args: argv, options: { json: { type: "boolean" } }, allowPositionals: true, strict: true });
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    return 2;
  }
  if (parsed.positionals.length !== 1) {
    console.error(USAGE);
    return 2;
  }
  const stack = readStack(parsed.positionals[0]);
  const prerequisites = preflight(loadRolloutConfig(stack.projectConfig, stack.stack));
  process.stdout.write(
    parsed.values.json
      ? JSON.stringify(prerequisites, null, 2) + "\n"
      : preflightReport(stack.stack, path.relative(process.cwd(), stack.file) || stack.file, prerequisites),
  );
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  console.error(error instanceof ConfigError || error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
}
