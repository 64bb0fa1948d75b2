import { strict as assert } from "node:assert";
import { kmsKeyRotation } from "../../../policies/rules/kms/key-rotation";
import { resourceArgs, runResource } from "../harness";

describe("policy kms-key-rotation", () => {
  const run = (props: Record<string, unknown>, config: object = {}) =>
    runResource(kmsKeyRotation, resourceArgs("aws:kms/key:Key", props, { config }));

  it("passes a rotating symmetric key", () => {
    assert.deepEqual(run({ enableKeyRotation: true }), []);
    assert.deepEqual(run({ enableKeyRotation: true, rotationPeriodInDays: 180 }, { maxRotationDays: 180 }), []);
  });

  it("reports a key that does not rotate, or rotates too rarely", () => {
    assert.deepEqual(run({}), ["enableKeyRotation is not true."]);
    assert.deepEqual(run({ enableKeyRotation: true, rotationPeriodInDays: 730 }), [
      "rotationPeriodInDays is 730; at most 365 is allowed.",
    ]);
  });

  it("is not applicable to asymmetric keys and other types", () => {
    assert.equal(run({ customerMasterKeySpec: "RSA_2048", keyUsage: "SIGN_VERIFY" }), "not-applicable");
    assert.equal(runResource(kmsKeyRotation, resourceArgs("aws:kms/alias:Alias", {})), "not-applicable");
  });
});
