// `claude doctor` with a document installed as the managed settings: the client's own verdict on
// which fields, rules and entries it would drop (reference §13).
import { spawnSync } from "node:child_process";
import { createSandbox, installManaged, NamespaceMode, namespacedCommand } from "./sandbox";
import { clientEnv } from "./session";

export interface DoctorReport {
  readonly exitCode: number | null;
  /** Lines of the "Invalid settings" section, one per dropped field, rule or entry. */
  readonly invalidSettings: readonly string[];
  readonly output: string;
}

/** Nothing listens there: doctor needs no model, and must not reach one. */
const UNREACHABLE = "http://127.0.0.1:9";

export function runDoctor(
  settingsJson: string,
  mcpJson: string | undefined,
  client: string,
  mode: NamespaceMode,
): DoctorReport {
  const sandbox = createSandbox();
  try {
    installManaged(sandbox, settingsJson, mcpJson);
    const [command, ...args] = namespacedCommand(sandbox, mode, client, ["doctor"], {});
    const run = spawnSync(command, args, {
      env: clientEnv(sandbox.paths, UNREACHABLE, sandbox.tmpDir),
      encoding: "utf8",
      timeout: 60_000,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const output = `${run.stdout ?? ""}${run.stderr ?? ""}`;
    return { exitCode: run.status, invalidSettings: invalidSection(output), output };
  } finally {
    sandbox.dispose();
  }
}

/** The indented lines under the "Invalid settings" heading, up to the next blank line. */
function invalidSection(output: string): string[] {
  const lines = output.split("\n");
  const start = lines.findIndex((line) => /^\s*Invalid settings/i.test(line));
  if (start < 0) return [];
  const end = lines.findIndex((line, i) => i > start && line.trim() === "");
  return lines
    .slice(start + 1, end < 0 ? undefined : end)
    .map((line) => line.trim())
    .filter(Boolean);
}
