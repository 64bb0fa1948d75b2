/**
 * Client helpers: the programs the managed settings run by command (credential export, telemetry
 * headers) and each profile's payload installs, root-owned, next to its documents. This table is the
 * one place that says, for each, what it is for, which settings key runs it, where it is installed on
 * each OS family and which stack section ships it: the compiler emits the commands from it and
 * distribution looks up from it which files a document needs.
 *
 * The paths differ between POSIX systems and Windows, so every profile compiles to one document per
 * OS family, identical but for these commands.
 */

export type OsFamily = "posix" | "windows";
export const OS_FAMILIES: readonly OsFamily[] = ["posix", "windows"];

/** Same path on macOS and Linux, so one POSIX document serves both. */
export const HELPER_DIRS: Readonly<Record<OsFamily, string>> = {
  posix: "/opt/claude-code-rollout/bin",
  windows: "C:\\Program Files\\ClaudeCode\\bin",
};

/** Settings keys whose value is a helper command. */
export type HelperSettingsKey = "awsCredentialExport" | "otelHeadersHelper";

export interface ClientHelper {
  /** Installed name on POSIX; Windows adds `.ps1`. Also the name of its templates (`.sh`, `.ps1`). */
  readonly name: string;
  readonly purpose: string;
  /** The settings key whose command runs it; absent for a helper only another helper runs. */
  readonly settingsKey?: HelperSettingsKey;
  /**
   * What ships it: `credentials` (every profile of a stack with a credentials section),
   * `automation` (those of them with machine credentials) or `telemetry` (every profile of a stack with telemetry).
   */
  readonly shippedWith: "credentials" | "automation" | "telemetry";
}

export const CLIENT_HELPERS = {
  credentialExport: {
    name: "aws-credential-export",
    purpose: "prints short-lived AWS credentials for Bedrock from the user's Entra sign-in (web identity)",
    settingsKey: "awsCredentialExport",
    shippedWith: "credentials",
  },
  credentialExportHeadless: {
    name: "aws-credential-export-headless",
    purpose: "the same for machines (CI, headless `claude -p`) from the profile's vaulted machine credential",
    shippedWith: "automation",
  },
  otelHeaders: {
    name: "otel-headers",
    purpose: "prints the OTLP auth header from the user's own short-lived Entra token for the collector",
    settingsKey: "otelHeadersHelper",
    shippedWith: "telemetry",
  },
} as const satisfies Record<string, ClientHelper>;

/** The helper's file name in HELPER_DIRS[os]: no extension on POSIX (it runs directly), `.ps1` on Windows. */
export function helperFileName(helper: ClientHelper, os: OsFamily): string {
  return os === "posix" ? helper.name : `${helper.name}.ps1`;
}

/** The helper's template in its renderer's folder: `<name>.sh` for POSIX, `<name>.ps1` for Windows. */
export function helperTemplate(helper: ClientHelper, os: OsFamily): string {
  return `${helper.name}${os === "posix" ? ".sh" : ".ps1"}`;
}

/** Where the payload installs the helper. */
export function helperPath(helper: ClientHelper, os: OsFamily): string {
  return os === "posix"
    ? `${HELPER_DIRS.posix}/${helperFileName(helper, os)}`
    : `${HELPER_DIRS.windows}\\${helperFileName(helper, os)}`;
}

/** The command the client runs for a helper: the script itself on POSIX, PowerShell on Windows; then its arguments. */
export function helperCommand(helper: ClientHelper, os: OsFamily, ...args: string[]): string {
  const program =
    os === "posix"
      ? helperPath(helper, os)
      : `powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File "${helperPath(helper, os)}"`;
  return [program, ...args].join(" ");
}

/** The helpers a settings document runs: every helper whose settings key it sets. */
export function helpersRunBy(settings: Partial<Record<HelperSettingsKey, string>>): ClientHelper[] {
  return Object.values(CLIENT_HELPERS).filter(
    (helper: ClientHelper) => helper.settingsKey !== undefined && settings[helper.settingsKey] !== undefined,
  );
}

/** The helpers one profile's payload ships, by the stack sections it has (see ClientHelper.shippedWith). */
export function helpersShipped(sections: {
  readonly credentials: boolean;
  readonly automation: boolean;
  readonly telemetry: boolean;
}): ClientHelper[] {
  return Object.values(CLIENT_HELPERS).filter((helper: ClientHelper) =>
    helper.shippedWith === "automation" ? sections.credentials && sections.automation : sections[helper.shippedWith],
  );
}
