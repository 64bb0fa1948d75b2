// Scenarios a profile is verified with: the stack's own `verify` entries plus probes derived from
// the compiled document. Pure: no I/O; paths are resolved against the given HOME and working dir.

/** A `profiles.<p>.verify` entry of the stack config (same shape as components/config). */
export interface VerifyScenario {
  readonly name?: string;
  readonly tool: string;
  readonly input: Record<string, unknown>;
  readonly expect: "executed" | "denied" | "asked";
}

/** One scripted tool call the model makes, and what the profile must make of it. */
export interface ToolScenario {
  readonly kind: "tool";
  readonly name: string;
  readonly source: "stack" | "derived";
  readonly tool: string;
  readonly input: Record<string, unknown>;
  readonly expect: VerifyScenario["expect"];
  /** Files created before the client starts (absolute path → content), so reads hit a real file. */
  readonly files: Record<string, string>;
}

/** Checks read from the client's init message rather than from a tool call. */
export interface SessionScenario {
  readonly kind: "bypass-refused" | "extra-mcp-not-loaded";
  readonly name: string;
  readonly source: "derived";
}

export type Scenario = ToolScenario | SessionScenario;

/** Where the session's fresh HOME and working directory are. */
export interface SessionPaths {
  readonly home: string;
  readonly work: string;
}

/**
 * The paths no other one lies inside: a file planted at `~/.aws/x` makes `~/.aws` a folder, so a
 * file `~/.aws` cannot be planted too (a Read of the folder is still denied or not).
 */
export function innermostPaths(paths: readonly string[]): string[] {
  return paths.filter((file) => !paths.some((other) => other.startsWith(`${file}/`)));
}

/** Name of the MCP server the user settings try to add; the policy must keep it out. */
export const EXTRA_MCP_SERVER = "verify-extra";
const PROBE_CONTENT = "verify-probe: this file exists so that a read would succeed if allowed\n";

/** Stack scenarios, file paths resolved (`~/` → HOME, relative → working dir), read targets created. */
export function stackScenarios(entries: readonly VerifyScenario[], paths: SessionPaths): ToolScenario[] {
  return entries.map((entry) => {
    const input = resolveFilePaths(entry.input, paths);
    const target = typeof input.file_path === "string" ? input.file_path : undefined;
    const files = entry.tool === "Read" && target && isInside(target, paths) ? { [target]: PROBE_CONTENT } : {};
    return {
      kind: "tool",
      name: entry.name ?? `${entry.tool} ${JSON.stringify(entry.input)}`,
      source: "stack",
      tool: entry.tool,
      input,
      expect: entry.expect,
      files,
    };
  });
}

/** Probes every compiled setting implies: Read denies, bypass refusal, extra MCP server kept out. */
export function derivedScenarios(
  settings: Record<string, unknown>,
  paths: SessionPaths,
): { scenarios: Scenario[]; skipped: string[] } {
  const scenarios: Scenario[] = [];
  const skipped: string[] = [];
  const permissions = (settings.permissions ?? {}) as { deny?: unknown[]; disableBypassPermissionsMode?: unknown };
  for (const rule of permissions.deny ?? []) {
    if (typeof rule !== "string" || !/^Read(\(.*\))?$/.test(rule)) continue;
    const target = readProbePath(rule, paths);
    if (typeof target !== "string") {
      skipped.push(`${rule}: ${target.skipped}`);
      continue;
    }
    scenarios.push({
      kind: "tool",
      name: `deny ${rule}`,
      source: "derived",
      tool: "Read",
      input: { file_path: target },
      expect: "denied",
      files: { [target]: PROBE_CONTENT },
    });
  }
  if (permissions.disableBypassPermissionsMode === "disable") {
    scenarios.push({ kind: "bypass-refused", name: "bypassPermissions cannot be entered", source: "derived" });
  }
  if (restrictsUserMcpServers(settings)) {
    scenarios.push({
      kind: "extra-mcp-not-loaded",
      name: `user MCP server "${EXTRA_MCP_SERVER}" is not loaded`,
      source: "derived",
    });
  }
  return { scenarios, skipped };
}

/**
 * A real file path that the `Read(...)` rule matches, or why none can be made.
 * Rule paths: `~/p` home, `//p` absolute, `./p` and `p` relative to the working dir; `/p` (relative
 * to the settings file's root) is skipped because a managed file has no project root.
 */
export function readProbePath(rule: string, paths: SessionPaths): string | { skipped: string } {
  const match = /^Read(?:\((.*)\))?$/.exec(rule);
  const pattern = match?.[1];
  if (pattern === undefined || pattern === "*" || pattern === "**") return `${paths.work}/README.md`;
  if (/[[\]{}]/.test(pattern)) return { skipped: "character classes and braces are not probed" };
  let base: string;
  let rest: string;
  if (pattern.startsWith("~/")) [base, rest] = [paths.home, pattern.slice(2)];
  else if (pattern.startsWith("//")) [base, rest] = ["", pattern.slice(1)];
  else if (pattern.startsWith("./")) [base, rest] = [paths.work, pattern.slice(2)];
  else if (pattern.startsWith("/")) return { skipped: "a root-relative path has no defined root in a managed file" };
  else [base, rest] = [paths.work, pattern];
  const concrete = rest
    .replace(/(^|\/)\*\*$/, "$1verify-probe")
    .replace(/\*\*\//g, "")
    .replace(/\*/g, "verify-probe")
    .replace(/\?/g, "x");
  const target = base === "" ? concrete : `${base}/${concrete}`;
  if (target.endsWith("/") || target === "") return { skipped: "the pattern names a directory, not a file" };
  if (base === "" && /^\/(proc|sys|dev|tmp)(\/|$)/.test(target))
    return { skipped: `${target} is not probed (pseudo or shared temp filesystem)` };
  return target;
}

/** True when the user's own MCP servers must not load under this document. */
function restrictsUserMcpServers(settings: Record<string, unknown>): boolean {
  const allowed = settings.allowedMcpServers;
  if (settings.allowManagedMcpServersOnly === true) return true;
  return (
    Array.isArray(allowed) &&
    !allowed.some((entry) => (entry as { serverName?: string }).serverName === EXTRA_MCP_SERVER)
  );
}

function resolveFilePaths(input: Record<string, unknown>, paths: SessionPaths): Record<string, unknown> {
  const resolved: Record<string, unknown> = { ...input };
  for (const key of ["file_path", "path", "notebook_path"]) {
    const value = resolved[key];
    if (typeof value !== "string") continue;
    if (value.startsWith("~/")) resolved[key] = `${paths.home}/${value.slice(2)}`;
    else if (!value.startsWith("/")) resolved[key] = `${paths.work}/${value.replace(/^\.\//, "")}`;
  }
  return resolved;
}

function isInside(target: string, paths: SessionPaths): boolean {
  return target.startsWith(`${paths.home}/`) || target.startsWith(`${paths.work}/`);
}
