import { resourcePolicy } from "../../lib/define";
import { parsePolicyDocument } from "../../lib/policy-document";

export interface NoWildcardAllowConfig {
  /** Actions that only work on Resource "*" (e.g. sts:GetCallerIdentity) and may be allowed on it. */
  wildcardResourceActions: string[];
}

/** A wildcard action or resource in an Allow grants far beyond what a profile's role needs. */
export const iamNoWildcardAllow = resourcePolicy<NoWildcardAllowConfig>({
  name: "iam-no-wildcard-allow",
  description: 'Inline and managed IAM policies never Allow Action "*" or Resource "*" (nor NotAction/NotResource).',
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "List the exact actions and resource ARNs (e.g. bedrock:InvokeModel on the profile's inference-profile ARNs).",
  settings: {
    wildcardResourceActions: {
      schema: {
        type: "array",
        items: { type: "string", minLength: 1 },
        description: 'Actions allowed on Resource "*".',
      },
      default: [],
    },
  },
  types: ["aws:iam/rolePolicy:RolePolicy", "aws:iam/policy:Policy"],
  validate: (props, _args, { config, report }) => {
    const parsed = parsePolicyDocument(props.policy);
    if (!parsed.ok) {
      report(`policy cannot be read: ${parsed.error}.`);
      return;
    }
    parsed.statements.forEach((s, i) => {
      if (s.effect !== "Allow") {
        return;
      }
      const label = s.sid ? `Statement ${s.sid}` : `Statement[${i}]`;
      if (s.actions.some((a) => a === "*" || a === "*:*")) {
        report(`${label} allows Action "*".`);
      }
      if (s.notActions.length > 0 || s.notResources.length > 0) {
        report(`${label} uses NotAction/NotResource in an Allow, which grants everything not listed.`);
      }
      const unscoped = s.actions.filter((a) => !config.wildcardResourceActions.includes(a));
      if (s.resources.includes("*") && unscoped.length > 0) {
        report(`${label} allows ${unscoped.join(", ")} on Resource "*".`);
      }
    });
  },
});
