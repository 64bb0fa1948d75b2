import { documentEnvProblem } from "../../../components/config/env-guard";
import { compareCodePoints } from "../../../components/config/text";
import type { NoSettings } from "../../lib/define";
import { envOf, settingsPolicy } from "../../lib/settings-document";

/**
 * Managed `env` overrides the user's shell for the client and every command it runs. Outside the
 * compiler's own names (in their exact spelling) only variables reviewed as harmless may appear:
 * the same guard the stack config passes, so a hand-edited or injected document cannot redirect the
 * provider, proxy or telemetry, preload code or swap the shell — in any letter case.
 */
export const settingsEnvGuard = settingsPolicy<NoSettings>({
  name: "settings-env-guard",
  description:
    "The managed env block sets only the compiler's variables and variables reviewed as harmless: nothing that redirects the provider, proxy or telemetry, loads code or changes the shell, in any letter case.",
  enforcementLevel: "mandatory",
  severity: "critical",
  remediationSteps:
    "Remove the variable from the profile's env in the stack file (config validation names it) and redeploy; never edit published documents by hand.",
  settings: {},
  validate: (document, { report }) => {
    for (const name of Object.keys(envOf(document)).sort(compareCodePoints)) {
      const problem = documentEnvProblem(name);
      if (problem) report(`env.${name}: ${problem}.`);
    }
  },
});
