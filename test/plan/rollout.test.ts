import * as assert from "assert";
import { readStack, StackFile } from "../../cli/stack";
import { ConfigError, loadRolloutConfig } from "../../components/config";
import { planRollout, projectConfig, RolloutPlan, StackConfigSource, stackInputs } from "../../components/plan";
import { rotationWindow } from "../../components/plan/rotation";
import { PINNED_CLIENT_VERSION } from "../../components/settings";

// planRollout itself (pure, no Pulumi): the sample stacks plan cleanly; each bad input is one problem
// with its stack-file path, and all of them come in one ConfigError.

const TODAY = new Date("2026-03-10T12:00:00Z");

const sourceOf = (stack: StackFile): StackConfigSource => ({
  config: stack.allConfig,
  isSecret: (key) => stack.secretKeys.includes(key),
});

/** The stack file's config with some project keys replaced (undefined removes one) and raw `ns:key` entries set. */
function edited(
  name: string,
  project: Record<string, unknown> = {},
  raw: Record<string, string | undefined> = {},
  secretKeys: string[] = [],
): StackConfigSource {
  const stack = readStack(name);
  const config: Record<string, string> = { ...stack.allConfig };
  for (const [key, value] of Object.entries(project)) {
    const full = `claude-code-rollout:${key}`;
    if (value === undefined) delete config[full];
    else config[full] = typeof value === "string" ? value : JSON.stringify(value);
  }
  for (const [key, value] of Object.entries(raw)) {
    if (value === undefined) delete config[key];
    else config[key] = value;
  }
  return { config, isSecret: (key) => [...stack.secretKeys, ...secretKeys].includes(key) };
}

function plan(source: StackConfigSource, stack = "prod"): RolloutPlan {
  const config = loadRolloutConfig(projectConfig(source), stack);
  return planRollout(config, PINNED_CLIENT_VERSION, { ...stackInputs(source), today: TODAY });
}

function problems(source: StackConfigSource, stack = "prod"): string[] {
  try {
    plan(source, stack);
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error.problems.map((p) => `${p.path}: ${p.message}`);
  }
  assert.fail("the plan accepted the stack");
}

/** The parts of the prod stack file these tests edit. */
interface ProdProject {
  readonly credentials: { readonly models: Record<string, unknown> } & Record<string, unknown>;
  readonly telemetry: Record<string, unknown>;
  readonly assignments: readonly unknown[];
}
const prodProject = () => readStack("prod").projectConfig as unknown as ProdProject;

describe("plan: planRollout (pure)", () => {
  for (const name of ["dev", "staging", "prod"]) {
    it(`plans the ${name} sample stack without problems, every profile in every slice`, () => {
      const stack = readStack(name);
      const result = plan(sourceOf(stack), name);
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
        result.credentials?.rotation,
        rotationWindow(TODAY, result.config.credentials!.machineSecretRotationDays),
      );
    });
  }

  it("plans the prod credentials: role names, app URIs, the models each profile's settings name", () => {
    const credentials = plan(sourceOf(readStack("prod"))).credentials!;
    const platform = credentials.profiles.find((p) => p.name === "platform")!;
    assert.strictEqual(platform.roleName, "claude-code-prod-platform");
    assert.strictEqual(platform.appUri, `api://${credentials.tenantId}/claude-code-prod-platform`);
    assert.strictEqual(platform.automation, true);
    const config = credentials.config.models;
    assert.deepStrictEqual(platform.models, [config.haiku, config.opus, config.sonnet]);
  });

  it("refuses an automation profile when nobody may read machine credentials", () => {
    const credentials = { ...prodProject().credentials, automationReaderArns: [] };
    assert.deepStrictEqual(problems(edited("prod", { credentials })), [
      'credentials.automationReaderArns: nobody may read claude-code-prod/platform/machine-credential — name the IAM role(s) of the CI runners of profile "platform", or set its automation: false',
    ]);
  });

  it("refuses a stack name that makes an IAM role name longer than 64 characters, per profile", () => {
    const stack = "s".repeat(40);
    const found = problems(sourceOf(readStack("prod")), stack);
    const long = plan(sourceOf(readStack("prod")), "prod").rollout.profiles.filter(
      (p) => `claude-code-${stack}-${p.name}`.length > 64,
    );
    assert.ok(long.length > 0);
    assert.deepStrictEqual(
      found,
      long.map(
        (p) =>
          `profiles.${p.name}: the role name "claude-code-${stack}-${p.name}" is longer than IAM's 64 characters — shorten the profile or stack name`,
      ),
    );
  });

  it("refuses a profile whose models name no configured Bedrock model", () => {
    const project = prodProject();
    const { opus: _o, ...models } = project.credentials.models;
    const found = problems(edited("prod", { credentials: { ...project.credentials, models } }));
    assert.ok(found.length > 0);
  });

  it("refuses telemetry.siem without a siemToken, and a plaintext token, naming the stack keys", () => {
    const telemetry = { ...prodProject().telemetry, siem: { url: "https://siem.example.com/hec", name: "Splunk" } };
    assert.deepStrictEqual(problems(edited("prod", { telemetry })), [
      "telemetry.siem: has no token — set it as a secret: pulumi config set --secret siemToken <token> (or remove telemetry.siem)",
    ]);
    assert.deepStrictEqual(problems(edited("prod", { telemetry }, { "claude-code-rollout:siemToken": "tok" })), [
      "siemToken: is in plaintext in the stack file — delete that line and set it as a secret: pulumi config set --secret siemToken <token>",
    ]);
    assert.doesNotThrow(() =>
      plan(
        edited("prod", { telemetry }, { "claude-code-rollout:siemToken": "ciphertext" }, [
          "claude-code-rollout:siemToken",
        ]),
      ),
    );
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
      assert.deepStrictEqual(problems(edited("prod", {}, { "aws:allowedAccountIds": pin })), [expected], String(pin));
    }
  });

  it("lists every problem of every slice in one ConfigError", () => {
    const project = prodProject();
    const found = problems(
      edited(
        "prod",
        {
          credentials: { ...project.credentials, automationReaderArns: [] },
          assignments: [...project.assignments, { group: "claude-code-prod-developer", profile: "platform" }],
        },
        { "aws:allowedAccountIds": undefined },
      ),
    );
    assert.deepStrictEqual(
      found.map((p) => p.slice(0, p.indexOf(":"))),
      ["aws", `assignments[${project.assignments.length}].group`, "credentials.automationReaderArns"],
    );
  });
});
