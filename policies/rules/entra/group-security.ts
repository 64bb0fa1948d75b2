import { NoSettings, resourcePolicy } from "../../lib/define";

/** Only security groups can carry app-role assignments and MDM targeting for a profile. */
export const entraGroupSecurityEnabled = resourcePolicy<NoSettings>({
  name: "entra-group-security-enabled",
  description: "Entra groups the program creates are security groups (securityEnabled: true).",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps: "Set securityEnabled: true on the azuread.Group.",
  settings: {},
  types: ["azuread:index/group:Group", "azuread:index/groupWithoutMembers:GroupWithoutMembers"],
  validate: (props, _args, { report }) => {
    if (props.securityEnabled !== true) {
      report(`securityEnabled is ${JSON.stringify(props.securityEnabled)}; profile groups must be security groups.`);
    }
  },
});
