import type { NoSettings } from "../../lib/define";
import { settingsPolicy } from "../../lib/settings-document";

const LOGIN_METHODS = ["claudeai", "console", "gateway"] as const;

/** An unknown `forceLoginMethod` is dropped silently, so the login pin simply disappears (reference §6.1). */
export const settingsLoginMethod = settingsPolicy<NoSettings>({
  name: "settings-login-method-valid",
  description: "forceLoginMethod, when set, is one the client accepts: claudeai, console or gateway.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps: "Use claudeai, console or gateway, or remove forceLoginMethod.",
  settings: {},
  validate: (document, { report }) => {
    const method = document.forceLoginMethod;
    if (method !== undefined && !(LOGIN_METHODS as readonly unknown[]).includes(method)) {
      report(
        `forceLoginMethod ${JSON.stringify(method)} is not one of ${LOGIN_METHODS.join(", ")}; the client drops it silently.`,
      );
    }
  },
});
