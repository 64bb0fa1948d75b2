/**
 * Client helper programs (credential export, telemetry headers) ship with each profile and are
 * named by absolute, root-owned paths, which differ between POSIX systems and Windows — so every
 * profile compiles to one document per OS family, identical but for these commands.
 */

export type OsFamily = "posix" | "windows";
export const OS_FAMILIES: readonly OsFamily[] = ["posix", "windows"];

/** Same path on macOS and Linux, so one POSIX document serves both. */
export const HELPER_DIRS: Readonly<Record<OsFamily, string>> = {
  posix: "/opt/claude-code-rollout/bin",
  windows: "C:\\Program Files\\ClaudeCode\\bin",
};

/** The command the client runs for a helper: the script itself on POSIX, PowerShell on Windows. */
export function helperCommand(os: OsFamily, helper: string): string {
  return os === "posix"
    ? `${HELPER_DIRS.posix}/${helper}`
    : `powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File "${HELPER_DIRS.windows}\\${helper}.ps1"`;
}
