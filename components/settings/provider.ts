import { RolloutConfig } from "../config";
import { helperCommand, OsFamily } from "./helpers";
import { EffectiveProfile } from "./resolve";

/** The settings that pin a profile to its model provider (reference §6.2, §8). */
export interface ProviderSettings {
  readonly env: Record<string, string>;
  readonly allowedProviders?: ("bedrock")[];
  /** Prints short-lived STS credentials; see components/credentials. */
  readonly awsCredentialExport?: string;
}

const ALIAS_ENV = { opus: "ANTHROPIC_DEFAULT_OPUS_MODEL", sonnet: "ANTHROPIC_DEFAULT_SONNET_MODEL", haiku: "ANTHROPIC_DEFAULT_HAIKU_MODEL" } as const;

/** Bedrock with short-lived credentials when `credentials` is configured; nothing otherwise. */
export function providerSettings(config: RolloutConfig, profile: EffectiveProfile, os: OsFamily): ProviderSettings {
  const credentials = config.credentials;
  if (!credentials) return { env: {} };
  const env: Record<string, string> = { CLAUDE_CODE_USE_BEDROCK: "1", AWS_REGION: credentials.region };
  const aliases = (profile.models?.available ?? Object.keys(credentials.models)) as (keyof typeof ALIAS_ENV)[];
  for (const alias of aliases) {
    const model = credentials.models[alias];
    if (model) env[ALIAS_ENV[alias]] = model.inferenceProfileId ?? model.foundationModelId;
  }
  return { env, allowedProviders: ["bedrock"], awsCredentialExport: helperCommand(os, "aws-credential-export") };
}
