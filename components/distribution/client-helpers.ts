import { RolloutConfig } from "../config";
import { HelperFile, profileCredentialHelpers } from "../credentials/helpers";
import { CompiledRollout, HELPER_DIRS, OS_FAMILIES, OsFamily, SettingsDocument, sha256Hex } from "../settings";
import { otelHeadersHelperScripts } from "../telemetry/helper-scripts";

/** Per profile and OS family, the helper programs its settings name: they ship in its payload. */
export type ClientHelpers = Readonly<Record<string, Readonly<Record<OsFamily, readonly HelperFile[]>>>>;

/**
 * Rendered from config alone, so installers are known in a first preview and offline. Fails when
 * a document names a helper the payload would not ship: a missing helper stops the client.
 */
export function clientHelpers(config: RolloutConfig, rollout: CompiledRollout): ClientHelpers {
  const telemetryScripts = config.telemetry ? otelHeadersHelperScripts() : undefined;
  return Object.fromEntries(
    rollout.profiles.map((profile) => {
      const credentials =
        config.credentials &&
        profileCredentialHelpers({
          environment: config.environment,
          tenantId: config.tenantId,
          credentials: config.credentials,
          profile: profile.name,
          automation: profile.automation,
        });
      const perOs = Object.fromEntries(
        OS_FAMILIES.map((os) => {
          const files = [
            ...(credentials?.[os] ?? []),
            ...(telemetryScripts ? [helperFile(telemetryScripts[os])] : []),
          ].sort((a, b) => (a.name < b.name ? -1 : 1));
          const document = os === "posix" ? profile : profile.windows;
          for (const name of namedHelpers(document, os)) {
            if (!files.some((f) => f.name === name))
              throw new Error(
                `profiles.${profile.name}: the ${os} settings name helper "${name}" but no payload ships it`,
              );
          }
          return [os, files];
        }),
      ) as Record<OsFamily, HelperFile[]>;
      return [profile.name, perOs];
    }),
  );
}

/** The helper files a document's helper commands run (by installed file name). */
export function namedHelpers(document: SettingsDocument, os: OsFamily): string[] {
  const dir = HELPER_DIRS[os].replace(/[\\^$.*+?()[\]{}|]/g, "\\$&");
  const pattern = os === "posix" ? new RegExp(`^${dir}/([^\\s/]+)`) : new RegExp(`"${dir}\\\\([^"\\\\]+)"`);
  const commands = [document.settings.awsCredentialExport, document.settings.otelHeadersHelper].filter(
    (c): c is string => c !== undefined,
  );
  return commands.map((command) => {
    const match = pattern.exec(command);
    if (!match) throw new Error(`helper command "${command}" is not under ${HELPER_DIRS[os]}`);
    return match[1];
  });
}

function helperFile(script: { readonly name: string; readonly content: string }): HelperFile {
  return { name: script.name, content: script.content, sha256: sha256Hex(script.content), mode: "0755" };
}
