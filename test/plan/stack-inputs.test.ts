import * as assert from "assert";
import { projectConfig, StackConfigSource, stackInputs } from "../../components/plan";

// What the program reads from the stack besides the config model, from the runtime's `ns:key` → string map.

const source = (config: Record<string, string>, secret: string[] = []): StackConfigSource => ({
  config,
  isSecret: (key) => secret.includes(key),
});

describe("plan: stack inputs (pure)", () => {
  it("takes the project's keys without the prefix, structured values parsed, plain strings as given", () => {
    const read = projectConfig(
      source({
        "claude-code-rollout:tenantId": "3f6c9a1e-7b2d-4e8f-9c0a-5d1b2e3f4a6b",
        "claude-code-rollout:assignments": '[{"group":"Eng","profile":"dev"}]',
        "claude-code-rollout:version": "2",
        "aws:region": "eu-west-1",
        "other-project:tenantId": "x",
      }),
    );
    assert.deepStrictEqual(read, {
      tenantId: "3f6c9a1e-7b2d-4e8f-9c0a-5d1b2e3f4a6b",
      assignments: [{ group: "Eng", profile: "dev" }],
      version: "2",
    });
  });

  it("never reads the SIEM token into the config model, secret or not", () => {
    assert.deepStrictEqual(projectConfig(source({ "claude-code-rollout:siemToken": "hec-token" })), {});
  });

  it("tells a secret siemToken from a plaintext one, and an empty or blank one from none", () => {
    const key = "claude-code-rollout:siemToken";
    assert.strictEqual(stackInputs(source({ [key]: "ciphertext" }, [key])).siemToken, "secret");
    assert.strictEqual(stackInputs(source({ [key]: "hec-token" })).siemToken, "plaintext");
    assert.strictEqual(stackInputs(source({ [key]: " \n" })).siemToken, "absent");
    assert.strictEqual(stackInputs(source({})).siemToken, "absent");
  });

  it("passes aws:allowedAccountIds and aws:region through as written", () => {
    assert.deepStrictEqual(
      stackInputs(source({ "aws:allowedAccountIds": '["210987654321"]', "aws:region": "eu-west-1" })),
      { siemToken: "absent", allowedAccountIds: '["210987654321"]', awsRegion: "eu-west-1" },
    );
  });
});
