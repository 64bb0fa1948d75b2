// One record of the release file: the released documents of a profile + policyHash, and the checks that
// tie them to that hash, so a record edited by hand is refused before anything ships it.
import { z } from "zod";
import { ConfigProblem, verifyScenarioSchema } from "../config";
import { documentEnvProblem } from "../config/env-guard";
import { compactCanonicalJson, managedSettingsSchema, policyHashOf } from "../settings";
import { sandboxSettings } from "../settings/sandbox";
import { ManagedMcp, managedMcpSchema, ManagedSettings } from "../settings/schema";
import { policyAttributes } from "../settings/telemetry";
import { windowsProblems } from "./release-windows";

/** What the file records of one release: its documents, checked with the schemas the compiler answers to. */
export const recordSchema = z.strictObject({
  posix: managedSettingsSchema,
  windows: managedSettingsSchema,
  mcp: managedMcpSchema.optional(),
  intent: z.strictObject({
    edits: z.enum(["none", "workdir"]),
    network: z.strictObject({ domains: z.array(z.string()) }),
    writablePaths: z.array(z.string()),
    secretPaths: z.array(z.string()),
  }),
  verify: z.array(verifyScenarioSchema),
});

export type ReleaseRecord = z.output<typeof recordSchema>;

/**
 * How to fix a release file that cannot be read as it is. `npm run release` builds only on a file that
 * checks out, so the other way is to start over: every ring then runs the current compile.
 */
export function restore(stack: string): string {
  return `restore the file from git, or delete it and record each ring again, the pilot first: \`npm run release -- ${stack} --ring <ring>\``;
}

/**
 * Tamper evidence: the compiler files a release under the sha256 of its POSIX document before the hash
 * was stamped into OTEL_RESOURCE_ATTRIBUTES, and stamps both documents with it (components/settings
 * compile.ts). A document edited after `npm run release` no longer matches either.
 */
export function recordProblems(
  stack: string,
  profile: string,
  hash: string,
  record: ReleaseRecord,
  at: string,
): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const attributes = policyAttributes(stack, profile, hash);
  for (const os of ["posix", "windows"] as const) {
    const env = record[os].env;
    if (env.OTEL_RESOURCE_ATTRIBUTES !== attributes)
      problems.push({
        path: `${at}.${os}.env.OTEL_RESOURCE_ATTRIBUTES`,
        message: `must be "${attributes}": the document was released for another stack, profile or policy — ${restore(stack)}`,
      });
    for (const name of Object.keys(env)) {
      const problem = documentEnvProblem(name);
      if (problem) problems.push({ path: `${at}.${os}.env.${name}`, message: problem });
    }
  }
  problems.push(...windowsProblems(record.posix, record.windows, at, restore(stack)));
  const recomputed = stampedPolicyHash(record.posix, record.mcp);
  if (recomputed !== hash)
    problems.push({
      path: at,
      message: `the posix document (with its MCP servers) hashes to ${recomputed}, not the policy hash it is filed under: it was edited after it was released — ${restore(stack)}`,
    });
  // The intent is not hashed, but the POSIX sandbox is built from it alone: the two must agree
  // (the sandbox does not read the catalogue names, only their domains).
  const { intent } = record;
  const sandbox = sandboxSettings({ ...intent, network: [], domains: intent.network.domains });
  if (compactCanonicalJson(sandbox) !== compactCanonicalJson(record.posix.sandbox ?? null))
    problems.push({
      path: `${at}.intent`,
      message: `does not match the sandbox of the posix document it was compiled into — ${restore(stack)}`,
    });
  // managed-mcp.json holds exactly the servers the document allows, and exists only when it allows one.
  const allowed = record.posix.allowedMcpServers.map((entry) => ("serverName" in entry ? entry.serverName : "")).sort();
  const shipped = Object.keys(record.mcp?.mcpServers ?? {}).sort();
  if (allowed.join("\n") !== shipped.join("\n") || (record.mcp !== undefined && !shipped.length))
    problems.push({
      path: `${at}.mcp`,
      message: `must hold exactly the MCP servers the document allows (${allowed.join(", ") || "none: then no mcp"}) — ${restore(stack)}`,
    });
  return problems;
}

/** The compiler's policyHash of a stamped POSIX document: the document without its own stamp, and its MCP servers. */
function stampedPolicyHash(posix: ManagedSettings, mcp: ManagedMcp | undefined): string {
  const { OTEL_RESOURCE_ATTRIBUTES: _stamp, ...env } = posix.env;
  return policyHashOf({ ...posix, env }, mcp);
}
