import { strict as assert } from "node:assert";
import { firehoseDestinationSecret } from "../../../policies/rules/firehose/destination-secret";
import { resourceArgs, runResource, UNKNOWN } from "../harness";

const STREAM = "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream";
const FROM_VAULT = {
  enabled: true,
  secretArn: "arn:aws:secretsmanager:eu-west-1:1:secret:claude-code-prod/tokens/siem",
  roleArn: "arn:aws:iam::1:role/firehose",
};

describe("policy firehose-destination-secret", () => {
  const run = (props: Record<string, unknown>) => runResource(firehoseDestinationSecret, resourceArgs(STREAM, props));

  it("passes Splunk and HTTP endpoint destinations that read the token from Secrets Manager", () => {
    assert.deepEqual(
      run({
        destination: "splunk",
        splunkConfiguration: { hecEndpoint: "https://splunk.example.com", secretsManagerConfiguration: FROM_VAULT },
      }),
      [],
    );
    assert.deepEqual(
      run({
        destination: "http_endpoint",
        httpEndpointConfiguration: { url: "https://siem.example.com/ingest", secretsManagerConfiguration: FROM_VAULT },
      }),
      [],
    );
    // During a preview the secret's ARN is not known yet: it will be set.
    assert.deepEqual(
      run({
        destination: "splunk",
        splunkConfiguration: { secretsManagerConfiguration: { ...FROM_VAULT, secretArn: UNKNOWN.string } },
      }),
      [],
    );
  });

  it("reports a token in the stream's own configuration, and a missing or disabled secret", () => {
    assert.deepEqual(
      run({ destination: "splunk", splunkConfiguration: { hecToken: "51D4DA16-C61B-4F5F-8EC7-ED4301342A4A" } }),
      [
        "splunkConfiguration.hecToken is set: the token sits in the stream's configuration instead of the vault.",
        "splunkConfiguration.secretsManagerConfiguration is not enabled.",
      ],
    );
    assert.deepEqual(
      run({
        destination: "http_endpoint",
        httpEndpointConfiguration: { accessKey: "k", secretsManagerConfiguration: FROM_VAULT },
      }),
      [
        "httpEndpointConfiguration.accessKey is set: the token sits in the stream's configuration instead of the vault.",
      ],
    );
    assert.deepEqual(
      run({
        destination: "http_endpoint",
        httpEndpointConfiguration: { secretsManagerConfiguration: { enabled: false, secretArn: FROM_VAULT.secretArn } },
      }),
      ["httpEndpointConfiguration.secretsManagerConfiguration is not enabled."],
    );
    assert.deepEqual(
      run({ destination: "splunk", splunkConfiguration: { secretsManagerConfiguration: { enabled: true } } }),
      ["splunkConfiguration.secretsManagerConfiguration.secretArn is not set."],
    );
  });

  it("is not applicable to the archive stream and other types", () => {
    assert.equal(
      run({ destination: "extended_s3", extendedS3Configuration: { bucketArn: "arn:aws:s3:::archive" } }),
      "not-applicable",
    );
    assert.equal(
      runResource(firehoseDestinationSecret, resourceArgs("aws:kinesis/stream:Stream", {})),
      "not-applicable",
    );
  });
});
