import { ChildProcess, spawn, spawnSync } from "child_process";
import { mkdirSync, symlinkSync, writeFileSync } from "fs";
import * as http from "http";
import * as net from "net";
import { join } from "path";

// Test doubles for the helper runs: moto (real AWS APIs on loopback), a refusing STS, and stubs.

/** Whether a command exists on this machine's PATH. */
export function hasCommand(command: string): boolean {
  return spawnSync("sh", ["-c", `command -v ${command}`]).status === 0;
}

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** `python3 -m moto.server` on a free loopback port; resolves once it answers. */
export async function startMoto(): Promise<{ url: string; process: ChildProcess }> {
  const port = await freePort();
  const child = spawn("python3", ["-m", "moto.server", "-H", "127.0.0.1", "-p", String(port)], { stdio: "ignore" });
  return waitUntilAnswering(child, `http://127.0.0.1:${port}`, "moto.server (is moto installed for python3?)");
}

/**
 * An endpoint that refuses every web identity token, as AWS STS does for a bad signature or
 * audience. It runs in its own process: the tests block this one while a helper runs.
 */
export async function startRefusingSts(): Promise<{ url: string; process: ChildProcess }> {
  const port = await freePort();
  const body = `<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><Error><Type>Sender</Type><Code>InvalidIdentityToken</Code><Message>Incorrect token audience</Message></Error><RequestId>0</RequestId></ErrorResponse>`;
  const script = `require("http").createServer((q, s) => { q.resume(); s.writeHead(400, { "content-type": "text/xml" }); s.end(${JSON.stringify(body)}); }).listen(${port}, "127.0.0.1");`;
  return waitUntilAnswering(
    spawn(process.execPath, ["-e", script], { stdio: "ignore" }),
    `http://127.0.0.1:${port}`,
    "the refusing STS endpoint",
  );
}

/**
 * A bin folder with only the named system tools (symlinked), so a test controls exactly which
 * commands a helper finds; stubs are added as scripts.
 */
export function binFolder(dir: string, tools: readonly string[], stubs: Readonly<Record<string, string>> = {}): string {
  mkdirSync(dir, { recursive: true });
  for (const tool of tools) symlinkSync(realProgram(tool), join(dir, tool));
  for (const [name, script] of Object.entries(stubs)) writeFileSync(join(dir, name), script, { mode: 0o755 });
  return dir;
}

const programs = new Map<string, string>();

/**
 * The program a tool name runs, resolved once per process. A pyenv shim needs pyenv on PATH, so
 * it resolves to the real program behind it (`pyenv which` costs a few hundred ms: only for shims).
 */
function realProgram(tool: string): string {
  let found = programs.get(tool);
  if (found === undefined) {
    const script = `p=$(command -v "$1") || exit 1; case "$p" in */shims/*) pyenv which "$1" ;; *) printf '%s\\n' "$p" ;; esac`;
    found = spawnSync("sh", ["-c", script, "sh", tool], { encoding: "utf8" }).stdout.trim();
    if (!found) throw new Error(`${tool} is not installed`);
    programs.set(tool, found);
  }
  return found;
}

/** The POSIX tools the helpers use besides az, aws, curl and jq. */
export const BASE_TOOLS = ["sh", "sed", "cut", "tr", "mktemp", "rm", "dirname", "awk", "date", "cat", "env"] as const;

/** How long a test double may take to start answering: a bound for a hang (moto imports for seconds on a busy machine). */
export const START_DEADLINE_MS = 120_000;

async function waitUntilAnswering(
  child: ChildProcess,
  url: string,
  what: string,
): Promise<{ url: string; process: ChildProcess }> {
  const deadline = Date.now() + START_DEADLINE_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}`);
    if (await answers(url)) return { url, process: child };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  child.kill();
  throw new Error(`${what} did not answer within ${START_DEADLINE_MS / 1000} s`);
}

async function answers(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get(url, (response) => {
      response.resume();
      resolve(true);
    });
    request.on("error", () => resolve(false));
    request.setTimeout(500, () => {
      request.destroy();
      resolve(false);
    });
  });
}
