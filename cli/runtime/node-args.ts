import * as fs from "fs";
import * as path from "path";
import { parse } from "yaml";

const PROJECT_FILE = path.join(__dirname, "..", "..", "Pulumi.yaml");

/**
 * The Node flags the Pulumi program runs with: Pulumi.yaml `runtime.options.nodeargs`, which the
 * Pulumi CLI passes to node for `pulumi preview` and `pulumi up`. `npm run synth` runs with the same
 * flags (package.json; a test keeps the two equal) and the bench gives them to both sides, so every
 * figure is the program as Pulumi runs it.
 *
 * The one flag, `--max-semi-space-size=64` (MiB): a large synth registers every resource before any
 * resolves, so tens of thousands of short-lived promises and closures outlive V8's default young
 * generation and are promoted, then swept by full collections. A larger young generation lets most
 * die young: at 10 000 groups × 50 profiles the synth needed about a quarter less CPU, the bare
 * baseline about a twentieth less, and peak memory did not change.
 */
export function programNodeArgs(projectFile = PROJECT_FILE): string[] {
  const project = parse(fs.readFileSync(projectFile, "utf8")) as { runtime?: { options?: { nodeargs?: unknown } } };
  const nodeargs = project.runtime?.options?.nodeargs;
  if (nodeargs === undefined) return [];
  if (typeof nodeargs !== "string") throw new Error(`${projectFile}: runtime.options.nodeargs must be a string`);
  return nodeargs.split(/\s+/).filter(Boolean);
}
