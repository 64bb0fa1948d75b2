// `claude doctor` with a document installed as the managed settings: the client's own verdict on
// which fields, rules and entries it would drop (reference §13).
import { spawnSync } from "node:child_process";
import { runChild } from "./child";
import { createSandbox, installManaged, NamespaceMode, namespacedCommand, Sandbox } from "./sandbox";
import { clientEnv } from "./session";
import { clientSlots } from "./slots";

export interface DoctorReport {
  readonly exitCode: number | null;
  /** Lines of the "Invalid settings" section, one per dropped field, rule or entry. */
  readonly invalidSettings: readonly string[];
  readonly output: string;
}

/** Nothing listens there: doctor needs no model, and must not reach one. */
const UNREACHABLE = "http://127.0.0.1:9";
/** Kill doctor after this long: generous, it normally answers in a few seconds. */
const DOCTOR_TIMEOUT_MS = 120_000;

/** `claude doctor` on the document, blocking; see `startDoctor` for runs side by side. */
export function runDoctor(
  settingsJson: string,
  mcpJson: string | undefined,
  client: string,
  mode: NamespaceMode,
): DoctorReport {
  const sandbox = createSandbox();
  try {
    const { command, args, env } = doctorCommand(sandbox, settingsJson, mcpJson, client, mode);
    const run = spawnSync(command, args, {
      env,
      encoding: "utf8",
      timeout: DOCTOR_TIMEOUT_MS,
      stdio: ["ignore", "pipe", "pipe"],
    });
    return report(run.status, `${run.stdout ?? ""}${run.stderr ?? ""}`);
  } finally {
    sandbox.dispose();
  }
}

/** `claude doctor` on the document once a client slot is free (see slots.ts). */
export function startDoctor(
  settingsJson: string,
  mcpJson: string | undefined,
  client: string,
  mode: NamespaceMode,
): Promise<DoctorReport> {
  return clientSlots().run(async () => {
    const sandbox = createSandbox();
    try {
      const { command, args, env } = doctorCommand(sandbox, settingsJson, mcpJson, client, mode);
      const run = await runChild(command, args, env, DOCTOR_TIMEOUT_MS);
      return report(run.status, `${run.stdout}${run.stderr}`);
    } finally {
      sandbox.dispose();
    }
  });
}

function doctorCommand(
  sandbox: Sandbox,
  settingsJson: string,
  mcpJson: string | undefined,
  client: string,
  mode: NamespaceMode,
): { command: string; args: string[]; env: NodeJS.ProcessEnv } {
  installManaged(sandbox, settingsJson, mcpJson);
  const [command, ...args] = namespacedCommand(sandbox, mode, client, ["doctor"], {});
  return { command, args, env: clientEnv(sandbox.paths, UNREACHABLE, sandbox.tmpDir) };
}

function report(exitCode: number | null, output: string): DoctorReport {
  return { exitCode, invalidSettings: invalidSection(output), output };
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
