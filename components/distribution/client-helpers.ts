import { RolloutConfig } from "../config";
import { HelperFile, profileCredentialHelpers } from "../credentials/helpers";
import {
  CompiledRollout,
  helperFileName,
  helpersRunBy,
  helpersShipped,
  OS_FAMILIES,
  OsFamily,
  sha256Hex,
} from "../settings";
import { otelHeadersHelperScripts } from "../telemetry/helper-scripts";

/** Per profile and OS family, the helper programs its settings name: they ship in its payload. */
export type ClientHelpers = Readonly<Record<string, Readonly<Record<OsFamily, readonly HelperFile[]>>>>;

/**
 * Rendered from config alone, so installers are known in a first preview and offline. Fails when
 * a document runs a helper (components/settings/client-helpers.ts) the payload would not ship: a
 * missing helper stops the client.
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
      const shipped = helpersShipped({
        credentials: config.credentials !== undefined,
        automation: profile.automation,
        telemetry: config.telemetry !== undefined,
      });
      const perOs = Object.fromEntries(
        OS_FAMILIES.map((os) => {
          const files = [
            ...(credentials?.[os] ?? []),
            ...(telemetryScripts ? [helperFile(telemetryScripts[os])] : []),
          ].sort((a, b) => (a.name < b.name ? -1 : 1));
          const expected = shipped.map((helper) => helperFileName(helper, os)).sort();
          if (files.map((f) => f.name).join("\n") !== expected.join("\n"))
            throw new Error(
              `profiles.${profile.name}: the ${os} helpers rendered (${files.map((f) => f.name).join(", ")}) are not the ones its stack sections ship (${expected.join(", ")})`,
            );
          const document = os === "posix" ? profile : profile.windows;
          const missing = helpersRunBy(document.settings).find((helper) => !shipped.includes(helper));
          if (missing)
            throw new Error(
              `profiles.${profile.name}: the ${os} settings run helper "${helperFileName(missing, os)}" (${missing.settingsKey}) but no payload ships it`,
            );
          return [os, files];
        }),
      ) as Record<OsFamily, HelperFile[]>;
      return [profile.name, perOs];
    }),
  );
}

function helperFile(script: { readonly name: string; readonly content: string }): HelperFile {
  return { name: script.name, content: script.content, sha256: sha256Hex(script.content), mode: "0755" };
}
