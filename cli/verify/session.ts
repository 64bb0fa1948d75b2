// One client session: loopback server up, documents installed in a fresh sandbox, the real client
// run once under the namespace with the scripted tool calls, everything it said recorded.
import { sortedUnique } from "../../components/config/text";
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { runChild } from "./child";
import { LoopbackServer, RecordedLogRecord, RecordedToolResult, startLoopbackServer } from "./loopback-server";
import { InitFacts } from "./outcome";
import { createSandbox, installManaged, NamespaceMode, namespacedCommand, placeProbeFiles, Sandbox } from "./sandbox";
import { SessionPaths } from "./scenarios";
import { clientSlots } from "./slots";
import { ScriptedToolUse } from "./sse";

/** The pinned client, from this project's devDependency. */
export const DEFAULT_CLIENT = path.resolve(__dirname, "..", "..", "node_modules", ".bin", "claude");

export interface SessionPlan {
  /** Documents to install, given the loopback base URL (a verification copy pins it). */
  documents(baseUrl: string): { settingsJson: string; mcpJson?: string };
  /** Tool calls per model turn; built once HOME and the working dir are known. */
  turns(paths: SessionPaths): { turns: ScriptedToolUse[][]; files: Record<string, string> };
  /** Start with `--permission-mode bypassPermissions` (the policy must refuse it). */
  readonly attemptBypass: boolean;
  /** More client arguments (e.g. `--permission-mode acceptEdits`, `--dangerously-skip-permissions`). */
  readonly extraArgs?: readonly string[];
  /** Start the client as uid 0 inside the namespace (the root-guard attack) instead of uid 65534. */
  readonly asRoot?: boolean;
  /** Builds the working dir (as the harness user, before it is handed to the client's user). */
  prepare?(paths: SessionPaths): void;
  /** Files whose content is recorded before and after the session (effects of attacks and jobs). */
  watch?(paths: SessionPaths): readonly string[];
}

/** A file's content, `<directory>` / `<symlink -> target>` for those, null when absent. */
export type FileState = string | null;

export interface SessionOptions {
  readonly client: string;
  readonly mode: NamespaceMode;
  /** Kill the client after this long (ms). */
  readonly timeoutMs: number;
}

export interface SessionRecord {
  readonly paths: SessionPaths;
  readonly init?: InitFacts;
  readonly toolResults: ReadonlyMap<string, RecordedToolResult>;
  readonly logRecords: readonly RecordedLogRecord[];
  readonly exitCode: number | null;
  readonly stderr: string;
  /** The final `result` message text, or the client's error text when it stopped early. */
  readonly resultText: string;
  readonly seconds: number;
  /** Watched files before the client started and after it ended. */
  readonly files: { readonly before: Record<string, FileState>; readonly after: Record<string, FileState> };
  /** managed-settings.json as installed, and as found after the session (a write through the bind). */
  readonly managed: { readonly before: FileState; readonly after: FileState };
}

/** Runs one session once a client slot is free (see slots.ts); its deadline starts with the client. */
export async function runSession(plan: SessionPlan, options: SessionOptions): Promise<SessionRecord> {
  return clientSlots().run(async () => {
    const server = await startLoopbackServer([]);
    const sandbox = createSandbox();
    try {
      return await runInSandbox(plan, options, server, sandbox);
    } finally {
      await server.close();
      sandbox.dispose();
    }
  });
}

/** `claude --version` of the client, e.g. "2.1.329 (Claude Code)". */
export function clientVersion(client: string): string {
  const run = spawnSync(client, ["--version"], {
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: "/nonexistent" },
  });
  if (run.status !== 0)
    throw new Error(
      `${client} --version failed (${run.status}): ${run.stderr || run.error?.message}. Run npm ci to install the pinned client.`,
    );
  return run.stdout.trim();
}

async function runInSandbox(
  plan: SessionPlan,
  options: SessionOptions,
  server: LoopbackServer,
  sandbox: Sandbox,
): Promise<SessionRecord> {
  const { settingsJson, mcpJson } = plan.documents(server.baseUrl);
  installManaged(sandbox, settingsJson, mcpJson);
  const { turns, files } = plan.turns(sandbox.paths);
  server.script(turns);
  plan.prepare?.(sandbox.paths);
  const outside = placeProbeFiles(sandbox, files, options.mode, plan.asRoot === true);
  const watched = sortedUnique(plan.watch?.(sandbox.paths) ?? []);
  const managedFile = path.join(sandbox.managedDir, "managed-settings.json");
  const before = snapshot(watched);
  const managedBefore = fileState(managedFile);
  const clientArgs = ["-p", "Run the verification script.", "--output-format", "stream-json", "--verbose"];
  if (plan.attemptBypass) clientArgs.push("--permission-mode", "bypassPermissions");
  clientArgs.push(...(plan.extraArgs ?? []));
  const [command, ...args] = namespacedCommand(
    sandbox,
    options.mode,
    options.client,
    clientArgs,
    outside,
    plan.asRoot === true,
  );

  const run = await runChild(
    command,
    args,
    clientEnv(sandbox.paths, server.baseUrl, sandbox.tmpDir),
    options.timeoutMs,
  );
  const messages = run.stdout.split("\n").flatMap((line) => parseLine(line));
  const init = messages.find((m) => m.type === "system" && m.subtype === "init");
  const result = messages.find((m) => m.type === "result");
  return {
    paths: sandbox.paths,
    init: init
      ? { permissionMode: String(init.permissionMode), mcpServers: (init.mcp_servers as InitFacts["mcpServers"]) ?? [] }
      : undefined,
    toolResults: server.toolResults,
    logRecords: server.logRecords,
    exitCode: run.status,
    stderr: run.stderr.trim(),
    resultText: typeof result?.result === "string" ? result.result : "",
    seconds: run.seconds,
    files: { before, after: snapshot(watched) },
    managed: { before: managedBefore, after: fileState(managedFile) },
  };
}

function snapshot(files: readonly string[]): Record<string, FileState> {
  return Object.fromEntries(files.map((file) => [file, fileState(file)]));
}

function fileState(file: string): FileState {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(file);
  } catch {
    return null;
  }
  if (stat.isSymbolicLink()) return `<symlink -> ${fs.readlinkSync(file)}>`;
  if (stat.isDirectory()) return "<directory>";
  return fs.readFileSync(file, "latin1");
}

/**
 * The client's whole environment, built from nothing (no proxies, no host credentials): model API
 * and OTLP on loopback, nonessential traffic off, the managed-settings audit event on. Managed
 * `env` still overrides any of these — that is what a verification copy is for.
 */
export function clientEnv(paths: SessionPaths, baseUrl: string, tmpDir: string): NodeJS.ProcessEnv {
  return {
    PATH: "/usr/local/bin:/usr/bin:/bin",
    HOME: paths.home,
    // Not the shared /tmp: another run's /tmp/claude-<uid> would make the client refuse to start, and
    // its sandbox proxy sockets and the commands' temp files stay in the session's tree.
    CLAUDE_CODE_TMPDIR: tmpDir,
    TMPDIR: tmpDir,
    LANG: "C.UTF-8",
    TERM: "dumb",
    ANTHROPIC_API_KEY: "verify-placeholder-key",
    ANTHROPIC_BASE_URL: baseUrl,
    CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: "1",
    CLAUDE_CODE_MAX_RETRIES: "0",
    API_TIMEOUT_MS: "15000",
    CLAUDE_CODE_ENABLE_TELEMETRY: "1",
    OTEL_LOGS_EXPORTER: "otlp",
    OTEL_METRICS_EXPORTER: "none",
    OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
    OTEL_EXPORTER_OTLP_ENDPOINT: baseUrl,
    OTEL_LOG_MANAGED_SETTINGS: "1",
  };
}

function parseLine(line: string): Record<string, unknown>[] {
  if (!line.trim()) return [];
  try {
    return [JSON.parse(line) as Record<string, unknown>];
  } catch {
    return [];
  }
}
