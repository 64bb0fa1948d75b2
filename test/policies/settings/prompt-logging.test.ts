import { strict as assert } from "node:assert";
import { settingsPromptLogging } from "../../../policies/rules/settings/prompt-logging";
import { compliantSettings, resourceArgs, runResource, SETTINGS_OBJECT, settingsObject } from "../harness";

describe("policy settings-prompt-logging-off", () => {
  const withEnv = (env: Record<string, string>) => ({
    ...compliantSettings(),
    env: { ...compliantSettings().env, ...env },
  });
  const run = (document: unknown, config: object = {}) =>
    runResource(settingsPromptLogging, resourceArgs(SETTINGS_OBJECT, settingsObject(document), { config }));

  it("passes when content logging is absent or explicitly off", () => {
    assert.deepEqual(run(compliantSettings()), []);
    assert.deepEqual(run(withEnv({ OTEL_LOG_USER_PROMPTS: "0", OTEL_LOG_RAW_API_BODIES: "false" })), []);
  });

  it("reports prompt and response logging", () => {
    assert.deepEqual(run(withEnv({ OTEL_LOG_USER_PROMPTS: "1", OTEL_LOG_ASSISTANT_RESPONSES: "true" })), [
      'env.OTEL_LOG_USER_PROMPTS is "1": telemetry would carry conversation content.',
      'env.OTEL_LOG_ASSISTANT_RESPONSES is "true": telemetry would carry conversation content.',
    ]);
  });

  it("allows the variables config lists", () => {
    assert.deepEqual(run(withEnv({ OTEL_LOG_USER_PROMPTS: "1" }), { allowedVariables: ["OTEL_LOG_USER_PROMPTS"] }), []);
  });

  it("is not applicable to other types", () => {
    assert.equal(runResource(settingsPromptLogging, resourceArgs("aws:iam/role:Role", {})), "not-applicable");
  });
});
