import * as assert from "assert";
import { spawn, spawnSync, SpawnSyncReturns } from "child_process";
import { createHash } from "crypto";
import {
  chmodSync,
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "fs";
import { tmpdir } from "os";
import { join } from "path";
import { renderArtefacts } from "../../components/plan/artefacts/artefacts";
import { PayloadFile } from "../../components/plan/artefacts/payload-files";
import { sha256Hex } from "../../components/settings";
import { CLIENT_HELPERS, HELPER_DIRS, helperCommand } from "../../components/settings/client-helpers";

// Shared by the suites that run install.sh and detect.sh for real, as root, in temp roots.

export const NOBODY = 65534;
export const IN_CI = Boolean(process.env.CI);
export const IS_ROOT = process.getuid?.() === 0;
export const SHELLS = ["bash", "dash"] as const;

const settingsJson = (settings: object) => `${JSON.stringify(settings, null, 2)}\n`;
export const V1 = {
  settings: settingsJson({
    permissions: { deny: ["Read(./.env)"] },
    cleanupPeriodDays: 30,
    otelHeadersHelper: helperCommand(CLIENT_HELPERS.otelHeaders, "posix"),
  }),
  mcp: settingsJson({ mcpServers: { github: { type: "http", url: "https://api.githubcopilot.com/mcp/" } } }),
  helper: "#!/bin/sh\nprintf '{}'\n",
};
export const V2 = {
  settings: settingsJson({
    permissions: { deny: ["Read(./.env)", "Bash(curl *)"] },
    cleanupPeriodDays: 14,
    otelHeadersHelper: helperCommand(CLIENT_HELPERS.otelHeaders, "posix"),
    awsCredentialExport: helperCommand(CLIENT_HELPERS.credentialExport, "posix"),
  }),
  helper: '#!/bin/sh\nprintf \'{"x-rollout":"2"}\'\n',
  awsHelper: "#!/bin/sh\nprintf '{\"Credentials\":{}}'\n",
};

export function file(name: string, content: string): PayloadFile {
  return { name, content, sha256: sha256Hex(content), mode: "0644", target: "managed" };
}

export function helper(name: string, content: string): PayloadFile {
  return { name, content, sha256: sha256Hex(content), mode: "0755", target: "helpers" };
}

/** Where file `name`'s base64 starts in install.sh: the line after its case label (installer-payload.ts). */
function payloadOpening(name: string): string {
  return `\n    ${name})\n      base64 "$decode_flag" <<'CLAUDE_CODE_PAYLOAD'\n`;
}

/** The content install.sh embeds for file `name`, decoded. */
export function embeddedInShell(script: string, name: string): string {
  const opening = payloadOpening(name);
  const start = script.indexOf(opening);
  assert.ok(start >= 0, `no payload block for ${name}`);
  const body = script.slice(start + opening.length, script.indexOf("\nCLAUDE_CODE_PAYLOAD\n", start));
  assert.match(body, /^[A-Za-z0-9+/=\n]*$/, `the payload block of ${name} is not base64`);
  return Buffer.from(body.replace(/\n/g, ""), "base64").toString("utf8");
}

/** Install.sh with the first base64 character of file `name`'s embedded content replaced: it still runs, the hash no longer matches. */
export function tamperedPayload(script: string, name: string): string {
  const opening = payloadOpening(name);
  const at = script.indexOf(opening) + opening.length;
  assert.ok(at >= opening.length, `no payload block for ${name}`);
  return script.slice(0, at) + (script[at] === "A" ? "B" : "A") + script.slice(at + 1);
}

/** The settings object renderArtefacts takes next to the files (the plan passes the compiler's; tests parse theirs). */
export function settingsOf(files: readonly PayloadFile[]): object {
  return JSON.parse(files.find((f) => f.name === "managed-settings.json")?.content ?? "{}");
}

/** V1: settings, managed-mcp.json and one helper. V2 changes both, drops managed-mcp.json and adds a helper. */
export const V1_FILES = [
  file("managed-settings.json", V1.settings),
  file("managed-mcp.json", V1.mcp),
  helper("otel-headers", V1.helper),
];
export const V2_FILES = [
  file("managed-settings.json", V2.settings),
  helper("otel-headers", V2.helper),
  helper("aws-credential-export", V2.awsHelper),
];

export const managedDir = (root: string) => join(root, "etc/claude-code");
export const helpersDir = (root: string) => join(root, HELPER_DIRS.posix);
export const productDir = (root: string) => join(helpersDir(root), "..");

/** A work folder under the system temp folder (ext4 here, so chattr works), readable by everyone. */
export class Workspace {
  readonly dir: string;
  private count = 0;

  constructor(prefix: string) {
    this.dir = mkdtempSync(join(tmpdir(), prefix));
    chmodSync(this.dir, 0o755);
  }

  /** A fresh folder (mode 0755, root's) under the workspace. */
  folder(name: string): string {
    const dir = join(this.dir, `${name}-${++this.count}`);
    mkdirSync(dir, { mode: 0o755 });
    chmodSync(dir, 0o755);
    return dir;
  }

  /** Renders install.sh and detect.sh for these files into a fresh folder; returns their paths. */
  scripts(files: PayloadFile[]): { install: string; detect: string } {
    const dir = this.folder("scripts");
    const out = renderArtefacts({
      profile: "standard",
      environment: "test",
      clientVersion: "2.1.329",
      files,
      settings: settingsOf(files),
    });
    for (const name of ["install.sh", "detect.sh"]) writeFileSync(join(dir, name), out[name], { mode: 0o755 });
    return { install: join(dir, "install.sh"), detect: join(dir, "detect.sh") };
  }

  /**
   * A root-owned folder of links to every program in the system folders except `without`: a
   * PATH on which those programs are really missing, while every other tool works.
   */
  pathWithout(without: readonly string[]): string {
    const dir = this.folder("bin-without");
    for (const system of ["/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin"]) {
      if (!existsSync(system)) continue;
      for (const name of readdirSync(system)) {
        if (without.includes(name) || existsSync(join(dir, name))) continue;
        symlinkSync(join(system, name), join(dir, name));
      }
    }
    return dir;
  }

  /** A root-owned folder holding executable scripts name → body. */
  programs(programs: Record<string, string>): string {
    const dir = this.folder("programs");
    for (const [name, body] of Object.entries(programs)) writeFileSync(join(dir, name), body, { mode: 0o755 });
    return dir;
  }

  remove(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

export function run(command: string, args: string[], env: Record<string, string> = {}): SpawnSyncReturns<string> {
  return spawnSync(command, args, { encoding: "utf8", env: { ...process.env, ...env } });
}

/** Runs a command as the unprivileged user nobody (uid and gid 65534, no groups). */
export function asNobody(command: string, args: string[]): SpawnSyncReturns<string> {
  return run("setpriv", [`--reuid=${NOBODY}`, `--regid=${NOBODY}`, "--clear-groups", command, ...args]);
}

/** Starts a command without waiting; resolves with its exit status and output. */
export function start(
  command: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.on("error", reject);
    child.on("close", (status) => resolve({ status, stdout, stderr }));
  });
}

export function hasTool(tool: string): boolean {
  return run("sh", ["-c", `command -v ${tool}`]).status === 0;
}

export function assertFailedWith(result: SpawnSyncReturns<string>, message: RegExp): void {
  assert.notStrictEqual(result.status, 0, `expected a failure, got exit 0: ${result.stdout}`);
  const lines = result.stderr.trimEnd().split("\n");
  assert.strictEqual(lines.length, 1, `expected one line on stderr, got: ${result.stderr}`);
  assert.match(lines[0], message);
}

export const modeOf = (path: string) => (lstatSync(path).mode & 0o7777).toString(8).padStart(4, "0");
export const listing = (dir: string) => (existsSync(dir) ? readdirSync(dir).sort() : []);

/**
 * Every path under a folder with its type, mode, owner and (files) sha256 or (links) target:
 * "exactly as before" compares these.
 */
export function snapshot(root: string): Record<string, string> {
  const entries: Record<string, string> = {};
  const walk = (dir: string, prefix: string) => {
    for (const name of listing(dir)) {
      const path = join(dir, name);
      const stat = lstatSync(path);
      const facts = `${modeOf(path)} ${stat.uid}:${stat.gid}`;
      if (stat.isSymbolicLink()) entries[`${prefix}${name}`] = `link ${readlinkSync(path)}`;
      else if (stat.isDirectory()) entries[`${prefix}${name}`] = `dir ${facts}`;
      else
        entries[`${prefix}${name}`] = `file ${facts} ${createHash("sha256").update(readFileSync(path)).digest("hex")}`;
      if (stat.isDirectory() && !stat.isSymbolicLink()) walk(path, `${prefix}${name}/`);
    }
  };
  walk(root, "");
  return entries;
}

/** The snapshot entry of a root-owned installed file with this content and mode. */
export const installed = (content: string, mode: "0644" | "0755") => `file ${mode} 0:0 ${sha256Hex(content)}`;
