import { NoSettings, resourcePolicy } from "../../lib/define";
import { parsePolicyDocument, Statement } from "../../lib/policy-document";

/**
 * Without an `aud` condition any token the identity provider issues — for any application in the
 * tenant — can assume the role.
 */
export const iamWebIdentityAudPinned = resourcePolicy<NoSettings>({
  name: "iam-web-identity-aud-pinned",
  description: "Roles trusting a web identity (OIDC) provider pin the token audience: StringEquals on <issuer>:aud.",
  enforcementLevel: "mandatory",
  severity: "critical",
  remediationSteps:
    'Add Condition { "StringEquals": { "<issuer host/path>:aud": "<application client id>" } } to each AssumeRoleWithWebIdentity statement.',
  settings: {},
  types: ["aws:iam/role:Role"],
  validate: (props, args, { report }) => {
    const parsed = parsePolicyDocument(props.assumeRolePolicy);
    if (!parsed.ok) {
      report(`assumeRolePolicy cannot be read: ${parsed.error}.`);
      return;
    }
    const webIdentity = parsed.statements.filter(isWebIdentityAllow);
    if (webIdentity.length === 0) {
      args.notApplicable("The role trusts no web identity provider");
    }
    webIdentity.forEach((statement) => {
      const audiences = Object.entries(statement.conditions.StringEquals ?? {}).filter(([key]) => /:aud$/i.test(key));
      if (
        audiences.length === 0 ||
        audiences.some(([, values]) => values.length === 0 || values.some((v) => v.includes("*")))
      ) {
        report(
          `Trust statement ${statement.sid ?? `allowing ${statement.actions.join(", ")}`} does not pin the audience with StringEquals on <issuer>:aud.`,
        );
      }
    });
  },
});

function isWebIdentityAllow(statement: Statement): boolean {
  const federated = JSON.stringify(statement.principals ?? "").includes("Federated");
  return (
    statement.effect === "Allow" &&
    (statement.actions.some((a) => /^sts:AssumeRoleWithWebIdentity$/i.test(a)) ||
      (federated && statement.actions.some((a) => a === "sts:*" || a === "*")))
  );
}
