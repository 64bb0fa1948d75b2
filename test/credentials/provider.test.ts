import * as assert from "assert";
import { loadRolloutConfig } from "../../components/config";
import { compileRollout } from "../../components/settings";

// What the compiler puts into every profile so the client uses Bedrock with the STS helper only.

const TENANT = "3f6c9a1e-7b2d-4e8f-9c0a-5d1b2e3f4a6b";
const SONNET = "eu.anthropic.claude-sonnet-4-5-20250929-v1:0";
const HAIKU = "anthropic.claude-haiku-4-5-20251001-v1:0";

function compile(credentials: Record<string, unknown> | undefined) {
  const config = loadRolloutConfig(
    {
      tenantId: TENANT,
      profiles: {
        reader: {
          priority: 10,
          description: "Reads",
          intent: { edits: "none", network: "none" },
          models: { available: ["sonnet"], default: "sonnet" },
        },
        builder: { priority: 20, description: "Builds", intent: { edits: "workdir", network: "none" } },
      },
      ...(credentials && { credentials }),
    },
    "test",
  );
  return compileRollout(config, "2.1.329");
}

const CREDENTIALS = {
  provider: "bedrock",
  accountId: "210987654321",
  region: "eu-central-1",
  models: {
    sonnet: { foundationModelId: "anthropic.claude-sonnet-4-5-20250929-v1:0", inferenceProfileId: SONNET },
    haiku: { foundationModelId: HAIKU },
  },
};

describe("credentials: provider settings in the compiled profiles", () => {
  it("pins Bedrock, the region, the profile's models and the STS helper", () => {
    const [reader, builder] = compile(CREDENTIALS).profiles;
    const { env, allowedProviders, awsCredentialExport, availableModels, enforceAvailableModels } = reader.settings;
    assert.deepEqual(
      Object.fromEntries(Object.entries(env).filter(([key]) => /^(AWS_|ANTHROPIC_|CLAUDE_CODE_USE_)/.test(key))),
      { CLAUDE_CODE_USE_BEDROCK: "1", AWS_REGION: "eu-central-1", ANTHROPIC_DEFAULT_SONNET_MODEL: SONNET },
    );
    assert.deepEqual(allowedProviders, ["bedrock"]);
    assert.equal(awsCredentialExport, "/opt/claude-code-rollout/bin/aws-credential-export");
    assert.deepEqual([availableModels, enforceAvailableModels], [["sonnet"], true]);
    assert.equal(
      reader.windows.settings.awsCredentialExport,
      'powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File "C:\\Program Files\\ClaudeCode\\bin\\aws-credential-export.ps1"',
    );
    // A profile without a model list gets every configured model.
    const builderEnv = (builder.settings as { env: Record<string, string> }).env;
    assert.deepEqual(
      [
        builderEnv.ANTHROPIC_DEFAULT_HAIKU_MODEL,
        builderEnv.ANTHROPIC_DEFAULT_SONNET_MODEL,
        builderEnv.ANTHROPIC_DEFAULT_OPUS_MODEL,
      ],
      [HAIKU, SONNET, undefined],
    );
  });

  it("names no long-lived credential: no key, profile, bearer token or auth bypass", () => {
    for (const profile of compile(CREDENTIALS).profiles) {
      for (const document of [profile.settings, profile.windows.settings]) {
        const names = Object.keys(document.env);
        for (const forbidden of [
          "AWS_ACCESS_KEY_ID",
          "AWS_SECRET_ACCESS_KEY",
          "AWS_SESSION_TOKEN",
          "AWS_PROFILE",
          "AWS_BEARER_TOKEN_BEDROCK",
          "CLAUDE_CODE_SKIP_BEDROCK_AUTH",
          "ANTHROPIC_API_KEY",
        ]) {
          assert.ok(!names.includes(forbidden), `${profile.name} sets ${forbidden}`);
        }
        // Keys the client would read a credential from; the compiled schema has no place for them.
        const keys: Record<string, unknown> = document;
        assert.deepEqual([keys.apiKeyHelper, keys.awsAuthRefresh], [undefined, undefined]);
      }
    }
  });

  it("adds nothing provider-specific without a credentials section", () => {
    const [reader] = compile(undefined).profiles;
    const settings = reader.settings;
    assert.deepEqual(
      [settings.allowedProviders, settings.awsCredentialExport, settings.env.CLAUDE_CODE_USE_BEDROCK],
      [undefined, undefined, undefined],
    );
  });
});
