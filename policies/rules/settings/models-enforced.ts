import type { NoSettings } from "../../lib/define";
import { settingsPolicy } from "../../lib/settings-document";

/** `availableModels` alone leaves the Default model unconstrained (tested, reference §8.2). */
export const settingsModelsEnforced = settingsPolicy<NoSettings>({
  name: "settings-models-enforced",
  description:
    'A model allowlist binds: availableModels comes with enforceAvailableModels true or availableModelsMatch "exact".',
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps: 'Set enforceAvailableModels: true (or availableModelsMatch: "exact") next to availableModels.',
  settings: {},
  validate: (document, { report }) => {
    if (document.availableModels === undefined) {
      return;
    }
    if (!Array.isArray(document.availableModels)) {
      report("availableModels is not a list of model names; the client ignores it.");
    }
    if (document.enforceAvailableModels !== true && document.availableModelsMatch !== "exact") {
      report(
        'availableModels is set but neither enforceAvailableModels: true nor availableModelsMatch: "exact" is, so the Default model escapes the list.',
      );
    }
  },
});
