import { strict as assert } from "node:assert";
import { secretRotation } from "../../../policies/rules/secrets/secret-rotation";
import { runStack, stackArgs, stackResource, urnOf } from "../harness";

const SECRET = "aws:secretsmanager/secret:Secret";
const ROTATION = "aws:secretsmanager/secretRotation:SecretRotation";

describe("policy secret-rotation", () => {
  const secret = (tags?: Record<string, string>) =>
    stackResource(SECRET, "ci-token", {
      id: "ci-token-id",
      arn: "arn:aws:secretsmanager:eu-west-1:1:secret:ci-token",
      ...(tags ? { tags } : {}),
    });
  const rotation = (rules: Record<string, unknown>, secretId = "ci-token-id") =>
    stackResource(ROTATION, "ci-token-rotation", { secretId, rotationRules: rules });
  const run = (resources: ReturnType<typeof stackResource>[], config: object = {}) =>
    runStack(secretRotation, stackArgs(resources, { config }));

  it("passes a rotation within 90 days, by id, ARN or rate() schedule", () => {
    assert.deepEqual(run([secret(), rotation({ automaticallyAfterDays: 30 })]), []);
    assert.deepEqual(
      run([
        secret(),
        rotation({ scheduleExpression: "rate(60 days)" }, "arn:aws:secretsmanager:eu-west-1:1:secret:ci-token"),
      ]),
      [],
    );
  });

  it("passes a value that expires within the window (expiry tag)", () => {
    assert.deepEqual(run([secret({ expires: "2026-08-15" })]), []);
  });

  it("reports a slow rotation, no rotation and a far or past expiry", () => {
    const urn = urnOf(SECRET, "ci-token");
    assert.deepEqual(run([secret(), rotation({ automaticallyAfterDays: 180 })]), [
      { urn, message: "Secret ci-token: rotation interval is 180 days; at most 90 days is allowed." },
    ]);
    assert.deepEqual(run([secret()]), [
      { urn, message: 'Secret ci-token: no SecretRotation and no "expires" tag with the value\'s expiry day.' },
    ]);
    assert.deepEqual(run([secret({ expires: "2027-07-01" })]), [
      { urn, message: "Secret ci-token: the value expires in 365 days (2027-07-01); at most 90 is allowed." },
    ]);
    assert.deepEqual(run([secret({ expires: "2026-06-30" })]), [
      { urn, message: "Secret ci-token: the value expired on 2026-06-30." },
    ]);
  });

  it("reads the window and tag name from config", () => {
    assert.deepEqual(run([secret({ "valid-until": "2027-01-01" })], { maxDays: 200, expiryTag: "valid-until" }), []);
  });

  describe("operator-supplied tokens (the program cannot mint or rotate them)", () => {
    const token = (name: string, tags: Record<string, string>) =>
      stackResource(SECRET, "credentials-vault-token-siem", {
        id: "siem-id",
        arn: "arn:aws:secretsmanager:eu-west-1:1:secret:siem",
        name,
        tags,
      });
    const urn = urnOf(SECRET, "credentials-vault-token-siem");

    it("passes the SIEM token tagged credential-source: operator, with no rotation and no expiry", () => {
      assert.deepEqual(
        run([
          token("claude-code-prod/tokens/siem", {
            "credential-source": "operator",
            "managed-by": "claude-code-rollout",
          }),
        ]),
        [],
      );
    });

    it("still holds the SIEM token to the rule when it does not say it is operator-supplied", () => {
      assert.deepEqual(run([token("claude-code-prod/tokens/siem", {})]), [
        {
          urn,
          message:
            'Secret credentials-vault-token-siem: no SecretRotation and no "expires" tag with the value\'s expiry day.',
        },
      ]);
    });

    it("refuses the tag on a secret the program mints: a machine credential cannot opt out", () => {
      assert.deepEqual(
        run([token("claude-code-prod/platform/machine-credential", { "credential-source": "operator" })]),
        [
          {
            urn,
            message:
              'Secret credentials-vault-token-siem: tagged credential-source: operator, but "claude-code-prod/platform/machine-credential" is not an operator-supplied kind (claude-code-*/tokens/siem); a secret the program mints must rotate or expire.',
          },
        ],
      );
      assert.equal(run([token("claude-code-prod/tokens/siem-extra", { "credential-source": "operator" })]).length, 1);
    });

    it("reports an operator-supplied token whose issuer's expiry day has passed, and accepts any later day", () => {
      assert.deepEqual(
        run([token("claude-code-prod/tokens/siem", { "credential-source": "operator", expires: "2026-06-30" })]),
        [{ urn, message: "Secret credentials-vault-token-siem: the value expired on 2026-06-30." }],
      );
      assert.deepEqual(
        run([token("claude-code-prod/tokens/siem", { "credential-source": "operator", expires: "2028-01-01" })]),
        [],
      );
    });

    it("leaves a slow rotation a violation whatever the tag says", () => {
      assert.deepEqual(
        run([
          token("claude-code-prod/tokens/siem", { "credential-source": "operator" }),
          rotation({ automaticallyAfterDays: 365 }, "siem-id"),
        ]),
        [
          {
            urn,
            message: "Secret credentials-vault-token-siem: rotation interval is 365 days; at most 90 days is allowed.",
          },
        ],
      );
    });
  });

  it("is not applicable without secrets", () => {
    assert.equal(run([stackResource("aws:kms/key:Key", "k", {})]), "not-applicable");
  });
});
