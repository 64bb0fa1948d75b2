// Isolation for one client session: a temp tree (fresh HOME, working dir, managed folder) and the
// command that starts the client in a private mount namespace with that folder bound over
// /etc/claude-code. Nothing on the host changes: when /etc/claude-code (or a probed absolute path)
// does not exist, the namespace mounts a tmpfs-backed overlay over that top-level folder, so even
// the mount point exists only inside the namespace.
import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { EXTRA_MCP_SERVER, SessionPaths } from "./scenarios";
import { shellQuote as q } from "./shell-quote";

export const MANAGED_DIR = "/etc/claude-code";
/** Unprivileged uid/gid the client runs as when the harness is root: a real user, not root. */
const CLIENT_UID = 65534;

/** How namespaces can be had on this machine. */
export type NamespaceMode = "root" | "user";

export class NamespaceUnavailableError extends Error {}

export interface Sandbox {
  readonly root: string;
  readonly paths: SessionPaths;
  /** Holds managed-settings.json (and managed-mcp.json); bound over /etc/claude-code. */
  readonly managedDir: string;
  /** The client's temp dir (CLAUDE_CODE_TMPDIR): private to the session, owned by the client's uid. */
  readonly tmpDir: string;
  dispose(): void;
}

/** Finds a way to get a private mount namespace, or throws with the fix. Cheap; call once per run. */
export function detectNamespaceMode(): NamespaceMode {
  const isRoot = process.getuid?.() === 0;
  const attempt = (args: string[]) => spawnSync("unshare", [...args, "true"], { encoding: "utf8" });
  const asRoot = isRoot ? attempt(["--mount", "--propagation", "private"]) : undefined;
  if (asRoot?.status === 0) return "root";
  const asUser = attempt(["--user", "--map-root-user", "--mount", "--propagation", "private"]);
  if (asUser.status === 0) return "user";
  const reason = (asRoot?.stderr || asUser.stderr || asUser.error?.message || "unshare failed").trim();
  throw new NamespaceUnavailableError(
    `verify needs a private mount namespace to install managed settings at ${MANAGED_DIR} without touching the host, ` +
      `but unshare failed: ${reason}. Run as root, or enable unprivileged user namespaces ` +
      `(sysctl kernel.unprivileged_userns_clone=1 / user.max_user_namespaces > 0), or run inside a container with CAP_SYS_ADMIN.`,
  );
}

/**
 * Creates the temp tree. The user's own settings deliberately try to widen permissions (allow
 * Bash and Read, default to bypass, sandbox off) and add an MCP server, so a pass proves the
 * managed rules win.
 */
export function createSandbox(): Sandbox {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "cc-verify-"));
  fs.chmodSync(root, 0o755);
  const paths = { home: path.join(root, "home"), work: path.join(root, "work") };
  const managedDir = path.join(root, "managed");
  const tmpDir = path.join(root, "tmp");
  for (const dir of [
    paths.home,
    paths.work,
    managedDir,
    tmpDir,
    path.join(root, "overlay"),
    path.join(paths.home, ".claude"),
  ]) {
    fs.mkdirSync(dir, { recursive: true, mode: 0o755 });
  }
  writeJson(path.join(paths.home, ".claude", "settings.json"), {
    permissions: { allow: ["Bash", "Read"], defaultMode: "bypassPermissions" },
    sandbox: { enabled: false, allowUnsandboxedCommands: true },
  });
  writeJson(path.join(paths.home, ".claude.json"), {
    mcpServers: {
      [EXTRA_MCP_SERVER]: {
        type: "stdio",
        command: process.execPath,
        args: [path.join(__dirname, "probe-mcp-server.js")],
      },
    },
  });
  fs.writeFileSync(path.join(paths.work, "README.md"), "verify working directory\n");
  return {
    root,
    paths,
    managedDir,
    tmpDir,
    dispose: () => fs.rmSync(root, { recursive: true, force: true }),
  };
}

/** Writes the documents to install (root-owned, 0644, as the rollout deploys them). */
export function installManaged(sandbox: Sandbox, settingsJson: string, mcpJson: string | undefined): void {
  fs.writeFileSync(path.join(sandbox.managedDir, "managed-settings.json"), settingsJson, { mode: 0o644 });
  if (mcpJson !== undefined)
    fs.writeFileSync(path.join(sandbox.managedDir, "managed-mcp.json"), mcpJson, { mode: 0o644 });
}

/**
 * Creates probe files. Those under HOME or the working dir are written now; absolute ones are
 * created inside the namespace (on the overlay), so the host never sees them. Then hands HOME and
 * the working dir (and the temp dir, unless the client runs as root) to the client's user.
 */
export function placeProbeFiles(
  sandbox: Sandbox,
  files: Record<string, string>,
  mode: NamespaceMode,
  asRoot = false,
): Record<string, string> {
  const outside: Record<string, string> = {};
  for (const [file, content] of Object.entries(files)) {
    const inside = [sandbox.paths.home, sandbox.paths.work].some((dir) => file.startsWith(`${dir}/`));
    if (!inside) {
      outside[file] = content;
      continue;
    }
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o755 });
    fs.writeFileSync(file, content, { mode: 0o644 });
  }
  if (mode === "root") {
    for (const dir of [sandbox.paths.home, sandbox.paths.work, ...(asRoot ? [] : [sandbox.tmpDir])])
      chownTree(dir, CLIENT_UID);
  }
  return outside;
}

/** argv that runs `client` with `clientArgs` in the namespace, in the working dir; as uid 65534 unless `asRoot`. */
export function namespacedCommand(
  sandbox: Sandbox,
  mode: NamespaceMode,
  client: string,
  clientArgs: string[],
  outsideFiles: Record<string, string>,
  asRoot = false,
): string[] {
  const overlay = path.join(sandbox.root, "overlay");
  const tops = new Set<string>();
  if (!fs.existsSync(MANAGED_DIR)) tops.add("etc");
  for (const file of Object.keys(outsideFiles)) tops.add(file.split("/")[1]);
  const lines = ["set -e", `mount -t tmpfs verify-overlay ${q(overlay)}`];
  for (const top of [...tops].sort()) {
    const upper = `${overlay}/${top}-upper`;
    const work = `${overlay}/${top}-work`;
    lines.push(
      `mkdir -p ${q(upper)} ${q(work)}`,
      `mount -t overlay overlay -o ${q(`lowerdir=/${top},upperdir=${upper},workdir=${work}`)} ${q(`/${top}`)}`,
    );
  }
  lines.push(`mkdir -p ${MANAGED_DIR}`, `mount --bind ${q(sandbox.managedDir)} ${MANAGED_DIR}`);
  for (const [file, content] of Object.entries(outsideFiles).sort()) {
    lines.push(`mkdir -p ${q(path.dirname(file))}`, `printf '%s' ${q(content)} > ${q(file)}`, `chmod 0644 ${q(file)}`);
  }
  lines.push(`cd ${q(sandbox.paths.work)}`);
  // The client runs as uid 65534, never as (namespace) root: the managed root guard would block
  // every tool, and the client's own sandbox must be proven for an ordinary user. As root: setpriv;
  // in a user namespace (uid 0 there): a nested user namespace mapping that uid 0 to 65534.
  const drop = asRoot
    ? ""
    : mode === "root"
      ? `setpriv --reuid ${CLIENT_UID} --regid ${CLIENT_UID} --clear-groups `
      : `unshare --user --map-user=${CLIENT_UID} --map-group=${CLIENT_UID} `;
  lines.push(`exec ${drop}${[client, ...clientArgs].map(q).join(" ")}`);
  const unshare =
    mode === "root"
      ? ["--mount", "--propagation", "private"]
      : ["--user", "--map-root-user", "--mount", "--propagation", "private"];
  return ["unshare", ...unshare, "sh", "-c", lines.join("\n")];
}

function writeJson(file: string, value: unknown): void {
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o644 });
}

function chownTree(dir: string, uid: number): void {
  fs.chownSync(dir, uid, uid);
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) chownTree(full, uid);
    else fs.chownSync(full, uid, uid);
  }
}
