import type { PolicyResource } from "@pulumi/policy";
import { stackPolicy } from "../../lib/define";
import { DAY_MS, utcDay } from "../../lib/exemptions";
import { matchesGlob } from "../../lib/glob";
import { dependentsOf } from "../../lib/references";
import { isRecord, readKnown } from "../../lib/values";

export interface SecretRotationConfig {
  /** Longest rotation interval or remaining lifetime accepted, in days. */
  maxDays: number;
  /** Tag holding a secret's last valid day (YYYY-MM-DD) when its value expires instead of rotating. */
  expiryTag: string;
}

/** Tag that says who supplies a secret's value; `operator` claims an operator-supplied kind below. */
const CREDENTIAL_SOURCE_TAG = "credential-source";

/**
 * Kinds of secret whose value a third party issues and an operator supplies (`pulumi config set
 * --secret`): the program can neither mint nor rotate them, so the rule cannot demand it. Only these
 * names may claim the exemption; a secret the program mints (a machine credential) never matches.
 */
const OPERATOR_SUPPLIED: readonly { readonly name: string; readonly reason: string }[] = [
  {
    name: "claude-code-*/tokens/siem",
    reason:
      "the SIEM issues its HEC token or API key; rotate it at the SIEM, then `pulumi config set --secret siemToken <token>` and `pulumi up`",
  },
];

/**
 * A secret is short-lived when a SecretRotation rotates it within N days, or when its value
 * expires within N days (e.g. an Entra client secret's endDate), recorded in the expiry tag.
 * Operator-supplied kinds (OPERATOR_SUPPLIED, tagged so) are exempt, unless their value has expired.
 */
export const secretRotation = stackPolicy<SecretRotationConfig>({
  name: "secret-rotation",
  description:
    "Every Secrets Manager secret rotates (SecretRotation) or expires (expiry tag) within N days, except operator-supplied kinds tagged " +
    `${CREDENTIAL_SOURCE_TAG}: operator (${OPERATOR_SUPPLIED.map((kind) => `${kind.name}: ${kind.reason}`).join("; ")}).`,
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Add an aws.secretsmanager.SecretRotation with rotationRules.automaticallyAfterDays ≤ N, or tag the secret with the value's expiry day (≤ N days ahead) and renew it before then. Only third-party tokens the program cannot mint (OPERATOR_SUPPLIED in the rule) are exempt.",
  settings: {
    maxDays: {
      schema: { type: "integer", minimum: 1, description: "Longest rotation interval or lifetime, in days." },
      default: 90,
    },
    expiryTag: {
      schema: { type: "string", minLength: 1, description: "Tag with the value's last valid day." },
      default: "expires",
    },
  },
  validate: (resources, args, { config, report, today }) => {
    const secrets = resources.filter((r) => r.type === "aws:secretsmanager/secret:Secret");
    if (secrets.length === 0) {
      args.notApplicable("The stack has no Secrets Manager secrets");
    }
    for (const secret of secrets) {
      const rotations = dependentsOf(
        resources,
        ["aws:secretsmanager/secretRotation:SecretRotation"],
        "secretId",
        secret,
      );
      const problem =
        rotations.length > 0
          ? rotationProblem(rotations, config)
          : claimsOperatorSupplied(secret)
            ? operatorProblem(secret, config, today)
            : expiryProblem(secret, config, today);
      if (problem) {
        report(`Secret ${secret.name}: ${problem}.`, secret.urn);
      }
    }
  },
});

function claimsOperatorSupplied(secret: PolicyResource): boolean {
  return readKnown(() => secret.props.tags?.[CREDENTIAL_SOURCE_TAG]) === "operator";
}

/** A secret claiming to be operator-supplied passes when it is a listed kind whose value has not expired (when its issuer gave a day). */
function operatorProblem(secret: PolicyResource, config: SecretRotationConfig, today: Date): string | undefined {
  const name = readKnown(() => secret.props.name);
  if (typeof name !== "string" || !OPERATOR_SUPPLIED.some((kind) => matchesGlob(kind.name, name))) {
    return `tagged ${CREDENTIAL_SOURCE_TAG}: operator, but ${JSON.stringify(name ?? null)} is not an operator-supplied kind (${OPERATOR_SUPPLIED.map((k) => k.name).join(", ")}); a secret the program mints must rotate or expire`;
  }
  const expires = readKnown(() => secret.props.tags?.[config.expiryTag]);
  return typeof expires === "string" && expires.slice(0, 10) < utcDay(today)
    ? `the value expired on ${expires.slice(0, 10)}`
    : undefined;
}

function rotationProblem(rotations: PolicyResource[], config: SecretRotationConfig): string | undefined {
  const intervals = rotations.map((r) => intervalDays(readKnown(() => r.props.rotationRules)));
  if (intervals.some((days) => days !== undefined && days <= config.maxDays)) {
    return undefined;
  }
  const described = intervals.map((d) => (d === undefined ? "no readable interval" : `${d} days`)).join(", ");
  return `rotation interval is ${described}; at most ${config.maxDays} days is allowed`;
}

/** Days between rotations from automaticallyAfterDays or a `rate(N days)` schedule. */
function intervalDays(rules: unknown): number | undefined {
  if (!isRecord(rules)) {
    return undefined;
  }
  if (typeof rules.automaticallyAfterDays === "number") {
    return rules.automaticallyAfterDays;
  }
  const rate = /^rate\((\d+)\s+days?\)$/.exec(String(rules.scheduleExpression ?? "").trim());
  return rate ? Number(rate[1]) : undefined;
}

function expiryProblem(secret: PolicyResource, config: SecretRotationConfig, today: Date): string | undefined {
  const expires = readKnown(() => secret.props.tags?.[config.expiryTag]);
  if (typeof expires !== "string" || !/^\d{4}-\d{2}-\d{2}/.test(expires)) {
    return `no SecretRotation and no "${config.expiryTag}" tag with the value's expiry day`;
  }
  const days = Math.ceil(
    (Date.parse(expires.slice(0, 10) + "T00:00:00Z") - Date.parse(utcDay(today) + "T00:00:00Z")) / DAY_MS,
  );
  if (days < 0) {
    return `the value expired on ${expires.slice(0, 10)}`;
  }
  return days > config.maxDays
    ? `the value expires in ${days} days (${expires.slice(0, 10)}); at most ${config.maxDays} is allowed`
    : undefined;
}
