import { strict as assert } from "node:assert";
import { secretRotation } from "../../../policies/rules/secrets/secret-rotation";
import { runStack, stackArgs, stackResource, urnOf } from "../harness";

const SECRET = "aws:secretsmanager/secret:Secret";
const ROTATION = "aws:secretsmanager/secretRotation:SecretRotation";

describe("policy secret-rotation", () => {
  const secret = (tags?: Record<string, string>) => stackResource(SECRET, "ci-token", { id: "ci-token-id", arn: "arn:aws:secretsmanager:eu-west-1:1:secret:ci-token", ...(tags ? { tags } : {}) });
  const rotation = (rules: Record<string, unknown>, secretId = "ci-token-id") => stackResource(ROTATION, "ci-token-rotation", { secretId, rotationRules: rules });
  const run = (resources: ReturnType<typeof stackResource>[], config: object = {}) => runStack(secretRotation, stackArgs(resources, { config }));

  it("passes a rotation within 90 days, by id, ARN or rate() schedule", () => {
    assert.deepEqual(run([secret(), rotation({ automaticallyAfterDays: 30 })]), []);
    assert.deepEqual(run([secret(), rotation({ scheduleExpression: "rate(60 days)" }, "arn:aws:secretsmanager:eu-west-1:1:secret:ci-token")]), []);
  });

  it("passes a value that expires within the window (expiry tag)", () => {
    assert.deepEqual(run([secret({ expires: "2026-08-15" })]), []);
  });

  it("reports a slow rotation, no rotation and a far or past expiry", () => {
    const urn = urnOf(SECRET, "ci-token");
    assert.deepEqual(run([secret(), rotation({ automaticallyAfterDays: 180 })]), [{ urn, message: "Secret ci-token: rotation interval is 180 days; at most 90 days is allowed." }]);
    assert.deepEqual(run([secret()]), [{ urn, message: 'Secret ci-token: no SecretRotation and no "expires" tag with the value\'s expiry day.' }]);
    assert.deepEqual(run([secret({ expires: "2027-07-01" })]), [{ urn, message: "Secret ci-token: the value expires in 365 days (2027-07-01); at most 90 is allowed." }]);
    assert.deepEqual(run([secret({ expires: "2026-06-30" })]), [{ urn, message: "Secret ci-token: the value expired on 2026-06-30." }]);
  });

  it("reads the window and tag name from config", () => {
    assert.deepEqual(run([secret({ "valid-until": "2027-01-01" })], { maxDays: 200, expiryTag: "valid-until" }), []);
  });

  it("is not applicable without secrets", () => {
    assert.equal(run([stackResource("aws:kms/key:Key", "k", {})]), "not-applicable");
  });
});
