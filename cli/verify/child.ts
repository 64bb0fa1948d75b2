// One child process run to its end or its deadline, with everything it printed.
import { spawn } from "node:child_process";

export interface ChildRun {
  /** Exit status; null when the deadline (or a signal) ended it. */
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly seconds: number;
}

/** Runs `command` with no stdin; SIGKILL after `timeoutMs` (a deadline against hangs, not a speed limit). */
export async function runChild(
  command: string,
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<ChildRun> {
  const started = Date.now();
  const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString("utf8")));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
  const timer = setTimeout(() => child.kill("SIGKILL"), timeoutMs);
  try {
    const status = await new Promise<number | null>((resolve, reject) => {
      child.on("error", reject);
      child.on("close", resolve);
    });
    return { status, stdout, stderr, seconds: (Date.now() - started) / 1000 };
  } finally {
    clearTimeout(timer);
  }
}
