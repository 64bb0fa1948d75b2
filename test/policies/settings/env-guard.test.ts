import { strict as assert } from "node:assert";
import { settingsEnvGuard } from "../../../policies/rules/settings/env-guard";
import { compliantSettings, resourceArgs, runResource, SETTINGS_OBJECT, settingsObject } from "../harness";

describe("policy settings-env-guard", () => {
  const withEnv = (env: Record<string, unknown>) => ({
    ...compliantSettings(),
    env: { ...compliantSettings().env, ...env },
  });
  const run = (document: unknown) =>
    runResource(settingsEnvGuard, resourceArgs(SETTINGS_OBJECT, settingsObject(document)));

  it("passes the compiler's variables and reviewed switches", () => {
    assert.deepEqual(run(compliantSettings()), []);
    assert.deepEqual(
      run(withEnv({ AWS_REGION: "eu-west-1", CLAUDE_CODE_USE_BEDROCK: "1", BASH_DEFAULT_TIMEOUT_MS: 120000 })),
      [],
    );
  });

  it("reports names that redirect or alter the client, in any letter case, sorted", () => {
    assert.deepEqual(
      run(
        withEnv({
          otel_logs_exporter: "none",
          anthropic_base_url: "https://gateway.example",
          NODE_OPTIONS: "--require /tmp/x.js",
          HTTPS_PROXY: "http://127.0.0.1:8080",
          CLAUDE_CODE_SKIP_BEDROCK_AUTH: "1",
          TEAM: "web",
        }),
      ),
      [
        'env.CLAUDE_CODE_SKIP_BEDROCK_AUTH: "CLAUDE_CODE_SKIP_BEDROCK_AUTH" selects the model provider, its endpoint or how the client signs in — only the credentials section configures that; remove it.',
        'env.HTTPS_PROXY: "HTTPS_PROXY" routes network traffic through a proxy or changes which TLS certificates are trusted — remove it.',
        'env.NODE_OPTIONS: "NODE_OPTIONS" changes the code the client or the commands it runs load (interpreter options, preloaded libraries, tool configuration) — remove it.',
        'env.TEAM: "TEAM" is not a variable reviewed as harmless — env may set only BASH_DEFAULT_TIMEOUT_MS, BASH_MAX_OUTPUT_LENGTH, BASH_MAX_TIMEOUT_MS, CLAUDE_BASH_MAINTAIN_PROJECT_WORKING_DIR, CLAUDE_CODE_DISABLE_FEEDBACK_SURVEY, CLAUDE_CODE_DISABLE_TERMINAL_TITLE, CLAUDE_CODE_IDE_SKIP_AUTO_INSTALL, CLAUDE_CODE_MAX_OUTPUT_TOKENS, DISABLE_AUTOUPDATER, DISABLE_BUG_COMMAND, DISABLE_COST_WARNINGS, DISABLE_FEEDBACK_COMMAND, DISABLE_INSTALL_GITHUB_APP_COMMAND, DISABLE_LOGIN_COMMAND, DISABLE_LOGOUT_COMMAND, DISABLE_PROMPT_CACHING, DISABLE_UPGRADE_COMMAND, MAX_MCP_OUTPUT_TOKENS, MAX_THINKING_TOKENS, MCP_TIMEOUT, MCP_TOOL_TIMEOUT (to allow another, review what it changes and add it to REVIEWED_ENV in components/config/env-guard.ts).',
        'env.anthropic_base_url: "anthropic_base_url" selects the model provider, its endpoint or how the client signs in — only the credentials section configures that; remove it.',
        'env.otel_logs_exporter: "otel_logs_exporter" (OTEL_LOGS_EXPORTER in another letter case) is set by the compiler from the credentials and telemetry sections — configure it there.',
      ],
    );
  });

  it("is not applicable to other types", () => {
    assert.equal(runResource(settingsEnvGuard, resourceArgs("aws:kms/key:Key", {})), "not-applicable");
  });
});
