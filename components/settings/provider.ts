import { RolloutConfig } from "../config";
import { BedrockModel, CredentialsConfig } from "../config/credentials";
import { CLIENT_HELPERS, helperCommand, OsFamily } from "./client-helpers";
import { EffectiveProfile } from "./resolve";
import { sortedUnique } from "../config/text";

/** The settings that pin a profile to its model provider (reference §6.2, §8). */
export interface ProviderSettings {
  readonly env: Record<string, string>;
  readonly allowedProviders?: "bedrock"[];
  /** Prints short-lived STS credentials; see components/credentials. */
  readonly awsCredentialExport?: string;
}

type ModelAlias = keyof CredentialsConfig["models"];

const ALIAS_ENV: Readonly<Record<ModelAlias, string>> = {
  opus: "ANTHROPIC_DEFAULT_OPUS_MODEL",
  sonnet: "ANTHROPIC_DEFAULT_SONNET_MODEL",
  haiku: "ANTHROPIC_DEFAULT_HAIKU_MODEL",
};

/**
 * Bedrock with short-lived credentials when `credentials` is configured; nothing otherwise.
 * The client gets its AWS credentials only from the awsCredentialExport helper (STS, ≤ the
 * session limit); nothing here names a profile, key or bearer token, so there is no long-lived
 * secret to configure — and `allowedProviders` refuses the Anthropic API and every other provider.
 */
export function providerSettings(config: RolloutConfig, profile: EffectiveProfile, os: OsFamily): ProviderSettings {
  const credentials = config.credentials;
  if (!credentials) return { env: {} };
  const env: Record<string, string> = { CLAUDE_CODE_USE_BEDROCK: "1", AWS_REGION: credentials.region };
  for (const [alias, model] of Object.entries(profileBedrockModels(credentials, profile.models?.available))) {
    env[ALIAS_ENV[alias as ModelAlias]] = model.inferenceProfileId ?? model.foundationModelId;
  }
  return {
    env,
    allowedProviders: ["bedrock"],
    awsCredentialExport: helperCommand(CLIENT_HELPERS.credentialExport, os),
  };
}

/**
 * The Bedrock models a profile may use: its `models.available` aliases, or every configured model
 * when it sets none. The settings name them and the profile's IAM role may invoke exactly these.
 */
export function profileBedrockModels(
  credentials: CredentialsConfig,
  available: readonly string[] | undefined,
): Partial<Record<ModelAlias, BedrockModel>> {
  const aliases = (available ?? Object.keys(credentials.models)).filter(
    (alias): alias is ModelAlias => alias in credentials.models,
  );
  return Object.fromEntries(sortedUnique(aliases).map((alias) => [alias, credentials.models[alias]!]));
}
