import type { NoSettings } from "../../lib/define";
import { permissionsOf, settingsPolicy } from "../../lib/settings-document";

/** Bypass mode skips every prompt; only a managed `disableBypassPermissionsMode` locks it off. */
export const settingsBypassDisabled = settingsPolicy<NoSettings>({
  name: "settings-bypass-disabled",
  description: "Managed settings disable bypassPermissions mode and never make it the default.",
  enforcementLevel: "mandatory",
  severity: "critical",
  remediationSteps:
    'Set permissions.disableBypassPermissionsMode to "disable" in the baseline and remove defaultMode "bypassPermissions".',
  settings: {},
  validate: (document, { report }) => {
    const permissions = permissionsOf(document);
    if (permissions.disableBypassPermissionsMode !== "disable") {
      report(
        `permissions.disableBypassPermissionsMode is ${JSON.stringify(permissions.disableBypassPermissionsMode)}; it must be "disable".`,
      );
    }
    if (permissions.defaultMode === "bypassPermissions") {
      report('permissions.defaultMode is "bypassPermissions"; choose default, acceptEdits, plan or dontAsk.');
    }
  },
});
