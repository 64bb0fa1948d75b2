import { strict as assert } from "node:assert";
import { credentialFinding, settingsEnvCredentials } from "../../../policies/rules/settings/env-credentials";
import { compliantSettings, resourceArgs, runResource, SETTINGS_OBJECT, settingsObject } from "../harness";

describe("policy settings-env-no-credentials", () => {
  const withEnv = (env: Record<string, string>) => ({
    ...compliantSettings(),
    env: { ...compliantSettings().env, ...env },
  });
  const run = (document: unknown, config: object = {}) =>
    runResource(settingsEnvCredentials, resourceArgs(SETTINGS_OBJECT, settingsObject(document), { config }));

  it("passes telemetry variables and a policy hash", () => {
    assert.deepEqual(run(compliantSettings()), []);
  });

  it("reports credential variables, secret-named keys and credential-looking values, without echoing them", () => {
    const messages = run(
      withEnv({
        AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG",
        CORP_DB_PASSWORD: "hunter2",
        MY_KEY: "AKIAIOSFODNN7EXAMPLE",
        OTEL_EXPORTER_OTLP_HEADERS: "Authorization=Bearer abcdefgh12345678",
        ANTHROPIC_API_KEY: "anything",
      }),
    ) as string[];
    assert.deepEqual(messages, [
      "env.ANTHROPIC_API_KEY is a credential variable; the value is published to every device.",
      "env.AWS_SECRET_ACCESS_KEY is named like a secret and has a value; the value is published to every device.",
      "env.CORP_DB_PASSWORD is named like a secret and has a value; the value is published to every device.",
      "env.MY_KEY looks like it contains an AWS access key id; the value is published to every device.",
      "env.OTEL_EXPORTER_OTLP_HEADERS looks like it contains an authorization header; the value is published to every device.",
    ]);
    assert.ok(messages.every((m) => !m.includes("AKIAIOSFODNN7EXAMPLE") && !m.includes("hunter2")));
  });

  it("skips variables config allows", () => {
    assert.deepEqual(run(withEnv({ CORP_DB_PASSWORD: "x" }), { allowedVariables: ["CORP_DB_PASSWORD"] }), []);
  });

  it("recognises token formats by value", () => {
    assert.equal(credentialFinding("X", "ghp_" + "a".repeat(36)), "looks like it contains a GitHub token");
    assert.equal(credentialFinding("X", "sk-ant-api03-abcdefghijkl"), "looks like it contains an Anthropic API key");
    assert.equal(credentialFinding("AWS_WEB_IDENTITY_TOKEN_FILE", "/var/run/token"), undefined);
  });

  it("is not applicable to other types", () => {
    assert.equal(runResource(settingsEnvCredentials, resourceArgs("aws:kms/key:Key", {})), "not-applicable");
  });
});
