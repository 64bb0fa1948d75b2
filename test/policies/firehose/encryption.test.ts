import { strict as assert } from "node:assert";
import { firehoseEncryption } from "../../../policies/rules/firehose/encryption";
import { resourceArgs, runResource } from "../harness";

const STREAM = "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream";

describe("policy firehose-sse-cmk", () => {
  const run = (props: Record<string, unknown>) =>
    runResource(firehoseEncryption, resourceArgs(STREAM, { destination: "extended_s3", ...props }));

  it("passes SSE with a customer-managed key", () => {
    assert.deepEqual(
      run({
        serverSideEncryption: {
          enabled: true,
          keyType: "CUSTOMER_MANAGED_CMK",
          keyArn: "arn:aws:kms:eu-west-1:1:key/k",
        },
      }),
      [],
    );
  });

  it("reports missing SSE, an AWS-owned key and a CMK without its ARN", () => {
    assert.deepEqual(run({}), ["serverSideEncryption is not enabled."]);
    assert.deepEqual(run({ serverSideEncryption: { enabled: true, keyType: "AWS_OWNED_CMK" } }), [
      'serverSideEncryption.keyType is "AWS_OWNED_CMK"; CUSTOMER_MANAGED_CMK is required.',
    ]);
    assert.deepEqual(run({ serverSideEncryption: { enabled: true, keyType: "CUSTOMER_MANAGED_CMK" } }), [
      "serverSideEncryption.keyArn is not set.",
    ]);
  });

  it("is not applicable to Kinesis-sourced streams and other types", () => {
    assert.equal(run({ kinesisSourceConfiguration: { kinesisStreamArn: "arn", roleArn: "arn" } }), "not-applicable");
    assert.equal(runResource(firehoseEncryption, resourceArgs("aws:kinesis/stream:Stream", {})), "not-applicable");
  });
});
