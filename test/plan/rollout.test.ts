import * as assert from "assert";
import { rotationWindow } from "../../components/plan/rotation";
import { planProblems, planVariant, projectOf, variant } from "./stacks";

// planRollout itself (pure, no Pulumi): the sample stacks plan cleanly; each bad input is one problem
// with its stack-file path, and all of them come in one ConfigError.

const TODAY = new Date("2026-03-10T12:00:00Z");
const SIEM = { url: "https://siem.example.com/services/collector/raw", name: "Splunk" };
const TOKEN = "claude-code-rollout:siemToken";

describe("plan: planRollout (pure)", () => {
  for (const name of ["dev", "staging", "prod"]) {
    it(`plans the ${name} sample stack without problems, every profile in every slice`, () => {
      const result = planVariant(variant(name), TODAY);
      const profiles = result.rollout.profiles.map((p) => p.name);
      assert.ok(profiles.length >= 3);
      assert.deepStrictEqual(
        result.identity.profiles.map((p) => p.name),
        profiles,
      );
      assert.deepStrictEqual(
        result.credentials?.profiles.map((p) => p.name),
        [...profiles].sort(),
      );
      assert.deepStrictEqual(
        result.credentials.rotation,
        rotationWindow(TODAY, result.config.credentials!.machineSecretRotationDays),
      );
    });
  }

  it("plans the prod credentials: role names, app URIs, the models each profile's settings name", () => {
    const credentials = planVariant(variant("prod"), TODAY).credentials!;
    const platform = credentials.profiles.find((p) => p.name === "platform")!;
    assert.strictEqual(platform.roleName, "claude-code-prod-platform");
    assert.strictEqual(platform.appUri, `api://${credentials.tenantId}/claude-code-prod-platform`);
    assert.strictEqual(platform.automation, true);
    const models = credentials.config.models;
    assert.deepStrictEqual(platform.models, [models.haiku, models.opus, models.sonnet]);
  });

  it("refuses an automation profile when nobody may read machine credentials", () => {
    const credentials = { ...projectOf("prod").credentials, automationReaderArns: [] };
    assert.deepStrictEqual(planProblems(variant("prod", { project: { credentials } }), TODAY), [
      'credentials.automationReaderArns: nobody may read claude-code-prod/platform/machine-credential — name the IAM role(s) of the CI runners of profile "platform", or set its automation: false',
    ]);
  });

  it("refuses a stack name that makes an IAM role name longer than 64 characters, per profile", () => {
    const stack = "s".repeat(40);
    const long = planVariant(variant("prod"), TODAY).rollout.profiles.filter(
      (p) => `claude-code-${stack}-${p.name}`.length > 64,
    );
    assert.deepStrictEqual(
      long.map((p) => p.name),
      ["security-reviewer"],
    );
    assert.deepStrictEqual(
      planProblems(variant("prod", { stack }), TODAY).filter((p) => p.startsWith("profiles.")),
      long.map(
        (p) =>
          `profiles.${p.name}: the role name "claude-code-${stack}-${p.name}" is longer than IAM's 64 characters — shorten the profile or stack name`,
      ),
    );
  });

  it("refuses telemetry.siem without a secret siemToken, and a token without telemetry.siem", () => {
    const telemetry = { ...projectOf("prod").telemetry, siem: SIEM };
    assert.deepStrictEqual(planProblems(variant("prod", { project: { telemetry } }), TODAY), [
      "telemetry.siem: has no token — set it as a secret: pulumi config set --secret siemToken <token> (or remove telemetry.siem)",
    ]);
    assert.deepStrictEqual(planProblems(variant("prod", { project: { telemetry }, raw: { [TOKEN]: "tok" } }), TODAY), [
      "siemToken: is in plaintext in the stack file — delete that line and set it as a secret: pulumi config set --secret siemToken <token>",
    ]);
    assert.deepStrictEqual(
      planProblems(variant("prod", { raw: { [TOKEN]: '{"secure":"v1:abc"}' }, secretKeys: [TOKEN] }), TODAY),
      [
        "siemToken: is set but telemetry.siem is not — add telemetry.siem.url, or remove the token: pulumi config rm siemToken",
      ],
    );
    const secret = variant("prod", {
      project: { telemetry },
      raw: { [TOKEN]: '{"secure":"v1:abc"}' },
      secretKeys: [TOKEN],
    });
    assert.doesNotThrow(() => planVariant(secret, TODAY));
  });

  it("refuses an aws:allowedAccountIds that does not pin exactly the credentials account", () => {
    const expected =
      'aws:allowedAccountIds: must be ["210987654321"] (credentials.accountId), so the provider deploys only into the account the helpers name — set it in the stack file';
    for (const pin of [
      undefined,
      '["123456789012"]',
      '["210987654321","123456789012"]',
      "[210987654321]",
      "not json",
    ]) {
      const stack = variant("prod", { raw: { "aws:allowedAccountIds": pin } });
      assert.deepStrictEqual(planProblems(stack, TODAY), [expected], String(pin));
    }
  });

  it("lists every problem of every slice in one ConfigError", () => {
    const project = projectOf("prod");
    const stack = variant("prod", {
      project: {
        credentials: { ...project.credentials, automationReaderArns: [] },
        assignments: [...project.assignments, { group: "claude-code-prod-developer", profile: "platform" }],
      },
      raw: { "aws:allowedAccountIds": undefined },
    });
    assert.deepStrictEqual(
      planProblems(stack, TODAY).map((p) => p.slice(0, p.indexOf(": "))),
      ["aws:allowedAccountIds", `assignments[${project.assignments.length}].group`, "credentials.automationReaderArns"],
    );
  });
});
