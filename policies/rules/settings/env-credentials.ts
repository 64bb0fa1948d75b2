import { compareCodePoints } from "../../../components/config/text";
import { envOf, settingsPolicy } from "../../lib/settings-document";

export interface EnvCredentialsConfig {
  /** Variable names allowed to hold values that look like credentials (reviewed false positives). */
  allowedVariables: string[];
}

/** Variables that carry a credential by definition. */
const CREDENTIAL_VARIABLES = new Set([
  "ANTHROPIC_API_KEY",
  "ANTHROPIC_AUTH_TOKEN",
  "ANTHROPIC_AWS_API_KEY",
  "AWS_ACCESS_KEY_ID",
  "AWS_BEARER_TOKEN_BEDROCK",
  "AWS_SESSION_TOKEN",
  "CLAUDE_CODE_OAUTH_TOKEN",
]);

const SECRET_NAME = /secret|passw(or)?d|passwd/i;

const CREDENTIAL_VALUES: { what: string; pattern: RegExp }[] = [
  { what: "an AWS access key id", pattern: /\b(AKIA|ASIA)[A-Z0-9]{16}\b/ },
  { what: "an Anthropic API key", pattern: /\bsk-ant-[A-Za-z0-9_-]{10,}/ },
  { what: "a GitHub token", pattern: /\b(gh[pousr]_[A-Za-z0-9]{20,}|github_pat_[A-Za-z0-9_]{20,})/ },
  { what: "a Slack token", pattern: /\bxox[abprs]-[A-Za-z0-9-]{10,}/ },
  { what: "a JSON Web Token", pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+/ },
  { what: "a private key", pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  { what: "an authorization header", pattern: /authorization\s*[=:]\s*\S+|\bbearer\s+[A-Za-z0-9._~+/-]{8,}/i },
];

/** Managed settings are world-readable files on every laptop; credentials come from helpers instead. */
export const settingsEnvCredentials = settingsPolicy<EnvCredentialsConfig>({
  name: "settings-env-no-credentials",
  description:
    "The managed env block carries no credentials: no key/token-looking values, no secret- or password-named variables with values.",
  enforcementLevel: "mandatory",
  severity: "critical",
  remediationSteps:
    "Deliver credentials through awsCredentialExport, apiKeyHelper or otelHeadersHelper; rotate any credential that was published.",
  settings: {
    allowedVariables: {
      schema: {
        type: "array",
        items: { type: "string", minLength: 1 },
        description: "Variables exempt from the credential checks.",
      },
      default: [],
    },
  },
  validate: (document, { config, report }) => {
    for (const [name, value] of Object.entries(envOf(document)).sort(([a], [b]) => compareCodePoints(a, b))) {
      if (config.allowedVariables.includes(name) || value.trim() === "") {
        continue;
      }
      const found = credentialFinding(name, value);
      if (found) {
        report(`env.${name} ${found}; the value is published to every device.`);
      }
    }
  },
});

/** What makes `name=value` look like a credential, or undefined. The value itself is never echoed. */
export function credentialFinding(name: string, value: string): string | undefined {
  if (CREDENTIAL_VARIABLES.has(name)) {
    return "is a credential variable";
  }
  if (SECRET_NAME.test(name)) {
    return "is named like a secret and has a value";
  }
  const match = CREDENTIAL_VALUES.find(({ pattern }) => pattern.test(value));
  return match ? `looks like it contains ${match.what}` : undefined;
}
