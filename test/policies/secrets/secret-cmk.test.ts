import { strict as assert } from "node:assert";
import { secretCmk } from "../../../policies/rules/secrets/secret-cmk";
import { resourceArgs, runResource, UNKNOWN } from "../harness";

describe("policy secret-cmk", () => {
  const run = (props: Record<string, unknown>) =>
    runResource(secretCmk, resourceArgs("aws:secretsmanager/secret:Secret", props));

  it("passes a secret with a CMK, known or computed", () => {
    assert.deepEqual(run({ kmsKeyId: "arn:aws:kms:eu-west-1:1:key/k" }), []);
    assert.deepEqual(run({ kmsKeyId: UNKNOWN.string }), []);
  });

  it("reports a secret on the AWS-managed key", () => {
    assert.deepEqual(run({ name: "ci-token" }), ["kmsKeyId is not set; the secret uses the AWS-managed key."]);
  });

  it("is not applicable to other types", () => {
    assert.equal(
      runResource(secretCmk, resourceArgs("aws:secretsmanager/secretVersion:SecretVersion", {})),
      "not-applicable",
    );
  });
});
