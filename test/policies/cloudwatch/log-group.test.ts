import { strict as assert } from "node:assert";
import { cloudwatchLogGroup } from "../../../policies/rules/cloudwatch/log-group";
import { resourceArgs, runResource, UNKNOWN } from "../harness";

describe("policy cloudwatch-log-group-retention-kms", () => {
  const run = (props: Record<string, unknown>, config: object = {}) =>
    runResource(cloudwatchLogGroup, resourceArgs("aws:cloudwatch/logGroup:LogGroup", props, { config }));

  it("passes long retention with a key, including a key unknown until apply", () => {
    assert.deepEqual(run({ retentionInDays: 400, kmsKeyId: "arn:aws:kms:eu-west-1:1:key/k" }), []);
    assert.deepEqual(run({ retentionInDays: 0, kmsKeyId: UNKNOWN.string }), []);
  });

  it("reports short or unset retention and a missing key", () => {
    assert.deepEqual(run({ retentionInDays: 30 }), [
      "retentionInDays is 30; at least 365 is required.",
      "kmsKeyId is not set; the log group is encrypted with a service key only.",
    ]);
    assert.deepEqual(run({ kmsKeyId: "k" }, { minRetentionDays: 90 }), [
      "retentionInDays is not set; set it explicitly (at least 90).",
    ]);
  });

  it("is not applicable to other types", () => {
    assert.equal(
      runResource(cloudwatchLogGroup, resourceArgs("aws:cloudwatch/logStream:LogStream", {})),
      "not-applicable",
    );
  });
});
