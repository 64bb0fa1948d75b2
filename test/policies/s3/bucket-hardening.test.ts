import { strict as assert } from "node:assert";
import type { PolicyResource } from "@pulumi/policy";
import { s3BucketHardening } from "../../../policies/rules/s3/bucket-hardening";
import { runStack, stackArgs, stackResource, UNKNOWN, urnOf } from "../harness";

const BUCKET = "aws:s3/bucket:Bucket";
const TLS_POLICY = {
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: ["arn:aws:s3:::b", "arn:aws:s3:::b/*"],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    },
  ],
};

/** A bucket and its four protections, each referring to the bucket through `ref`. */
function hardenedBucket(
  name: string,
  ref: unknown,
  dependencies: (bucket: PolicyResource) => Record<string, PolicyResource[]> = () => ({}),
) {
  const bucket = stackResource(BUCKET, name, {
    id: `${name}-id`,
    bucket: `${name}-id`,
    arn: `arn:aws:s3:::${name}-id`,
  });
  const deps = dependencies(bucket);
  return [
    bucket,
    stackResource(
      "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
      `${name}-pab`,
      {
        bucket: ref,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      },
      deps,
    ),
    stackResource(
      "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
      `${name}-sse`,
      {
        bucket: ref,
        rules: [
          {
            applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: "key-id" },
            bucketKeyEnabled: true,
          },
        ],
      },
      deps,
    ),
    stackResource(
      "aws:s3/bucketVersioning:BucketVersioning",
      `${name}-versioning`,
      { bucket: ref, versioningConfiguration: { status: "Enabled" } },
      deps,
    ),
    stackResource(
      "aws:s3/bucketPolicy:BucketPolicy",
      `${name}-policy`,
      { bucket: ref, policy: JSON.stringify(TLS_POLICY) },
      deps,
    ),
  ];
}

describe("policy s3-bucket-hardening", () => {
  const run = (resources: PolicyResource[]) => runStack(s3BucketHardening, stackArgs(resources));

  it("passes a bucket whose companions refer to it by the mock id (offline synth)", () => {
    assert.deepEqual(run(hardenedBucket("settings-bucket", "settings-bucket-id")), []);
  });

  it("passes companions that refer to the bucket by ARN, and a policy given as an object", () => {
    const resources = hardenedBucket("archive", "arn:aws:s3:::archive-id");
    resources[4] = stackResource("aws:s3/bucketPolicy:BucketPolicy", "archive-policy", {
      bucket: "archive-id",
      policy: TLS_POLICY,
    });
    assert.deepEqual(run(resources), []);
  });

  it("passes in a real preview, where names are unknown and propertyDependencies link the resources", () => {
    const resources = hardenedBucket("new", UNKNOWN.string, (bucket) => ({ bucket: [bucket] }));
    const previewBucket = stackResource(BUCKET, "new", { id: UNKNOWN.string, bucket: UNKNOWN.string });
    assert.deepEqual(
      run([
        previewBucket,
        ...resources.slice(1).map((r) => ({ ...r, propertyDependencies: { bucket: [previewBucket] } })),
      ]),
      [],
    );
  });

  it("reports every missing companion on the bucket's URN", () => {
    assert.deepEqual(run([stackResource(BUCKET, "bare", { id: "bare-id" })]), [
      { urn: urnOf(BUCKET, "bare"), message: "Bucket bare: no BucketPublicAccessBlock." },
      { urn: urnOf(BUCKET, "bare"), message: "Bucket bare: no BucketServerSideEncryptionConfiguration." },
      { urn: urnOf(BUCKET, "bare"), message: "Bucket bare: no BucketVersioning." },
      {
        urn: urnOf(BUCKET, "bare"),
        message: "Bucket bare: no BucketPolicy (a Deny on aws:SecureTransport = false is required).",
      },
    ]);
  });

  it("reports weak companions", () => {
    const resources = hardenedBucket("weak", "weak-id");
    resources[1] = stackResource("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "weak-pab", {
      bucket: "weak-id",
      blockPublicAcls: true,
      blockPublicPolicy: false,
      ignorePublicAcls: true,
    });
    resources[2] = stackResource(
      "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
      "weak-sse",
      {
        bucket: "weak-id",
        rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
      },
    );
    resources[3] = stackResource("aws:s3/bucketVersioning:BucketVersioning", "weak-v", {
      bucket: "weak-id",
      versioningConfiguration: { status: "Suspended" },
    });
    resources[4] = stackResource("aws:s3/bucketPolicy:BucketPolicy", "weak-p", {
      bucket: "weak-id",
      policy: JSON.stringify({ Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: "*" }] }),
    });
    assert.deepEqual(
      (run(resources) as { message: string }[]).map((v) => v.message),
      [
        "Bucket weak: public access block leaves blockPublicPolicy, restrictPublicBuckets off.",
        "Bucket weak: default encryption is not aws:kms with a kmsMasterKeyId (customer-managed key).",
        'Bucket weak: versioning status is not "Enabled".',
        "Bucket weak: bucket policy has no Deny statement with Bool aws:SecureTransport = false.",
      ],
    );
  });

  it("does not credit one bucket's companions to another", () => {
    const resources = [...hardenedBucket("a", "a-id"), stackResource(BUCKET, "b", { id: "b-id" })];
    assert.equal((run(resources) as unknown[]).length, 4);
  });

  it("is not applicable to a stack without buckets", () => {
    assert.equal(run([stackResource("aws:kms/key:Key", "k", {})]), "not-applicable");
  });
});
