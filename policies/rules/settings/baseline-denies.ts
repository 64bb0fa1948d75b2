import { rulesOf, settingsPolicy } from "../../lib/settings-document";

export interface BaselineDeniesConfig {
  /** Deny rules every profile must carry, compared exactly. */
  requiredDenies: string[];
}

/** The org floor: secret-bearing files stay unreadable in every profile, whatever it allows. */
export const settingsBaselineDenies = settingsPolicy<BaselineDeniesConfig>({
  name: "settings-baseline-denies",
  description: "Every profile denies reading the baseline secret locations (.env files, ~/.ssh, ~/.aws by default).",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps: "Add the missing rules to baseline.permissions.deny in the stack config; profiles inherit them.",
  settings: {
    requiredDenies: {
      schema: {
        type: "array",
        items: { type: "string", minLength: 1 },
        description: "Deny rules every profile must carry.",
      },
      default: ["Read(./.env)", "Read(./.env.*)", "Read(~/.ssh/**)", "Read(~/.aws/**)"],
    },
  },
  validate: (document, { config, report }) => {
    const deny = new Set(rulesOf(document, "deny"));
    const missing = config.requiredDenies.filter((rule) => !deny.has(rule));
    if (missing.length > 0) {
      report(`permissions.deny lacks the baseline rule(s) ${missing.map((r) => JSON.stringify(r)).join(", ")}.`);
    }
  },
});
