import { strict as assert } from "node:assert";
import { s3ArchiveObjectLock } from "../../../policies/rules/s3/archive-object-lock";
import { runStack, stackArgs, stackResource, urnOf } from "../harness";

const BUCKET = "aws:s3/bucket:Bucket";
const LOCK = "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration";

describe("policy s3-archive-object-lock", () => {
  const archive = stackResource(BUCKET, "telemetry-archive", { id: "telemetry-archive-id", objectLockEnabled: true });
  const lock = (retention: Record<string, unknown>) =>
    stackResource(LOCK, "telemetry-archive-lock", {
      bucket: "telemetry-archive-id",
      rule: { defaultRetention: retention },
    });
  const run = (resources = [archive, lock({ mode: "COMPLIANCE", days: 365 })], config: object = {}) =>
    runStack(s3ArchiveObjectLock, stackArgs(resources, { config }));

  it("passes an archive locked in COMPLIANCE mode for the default 365 days (or 1 year)", () => {
    assert.deepEqual(run(), []);
    assert.deepEqual(run([archive, lock({ mode: "COMPLIANCE", years: 1 })]), []);
  });

  it("reports a short or GOVERNANCE retention on the lock's URN", () => {
    assert.deepEqual(run([archive, lock({ mode: "GOVERNANCE", days: 400 })]), [
      {
        urn: urnOf(LOCK, "telemetry-archive-lock"),
        message:
          'Object Lock configuration telemetry-archive-lock: retention mode is "GOVERNANCE"; COMPLIANCE is required.',
      },
    ]);
    assert.deepEqual(run([archive, lock({ mode: "COMPLIANCE", days: 400 })], { minRetentionDays: 730 }), [
      {
        urn: urnOf(LOCK, "telemetry-archive-lock"),
        message:
          "Object Lock configuration telemetry-archive-lock: default retention is 400 days; at least 730 are required.",
      },
    ]);
  });

  it("accepts GOVERNANCE when config asks only for it", () => {
    assert.deepEqual(run([archive, lock({ mode: "GOVERNANCE", days: 400 })], { mode: "GOVERNANCE" }), []);
  });

  it("reports an archive bucket without Object Lock", () => {
    const plain = stackResource(BUCKET, "audit-archive", { id: "audit-archive-id" });
    assert.deepEqual(run([plain]), [
      {
        urn: urnOf(BUCKET, "audit-archive"),
        message: "Archive bucket audit-archive does not set objectLockEnabled: true (it can only be set at creation).",
      },
      {
        urn: urnOf(BUCKET, "audit-archive"),
        message: "Archive bucket audit-archive has no BucketObjectLockConfiguration with a default retention.",
      },
    ]);
  });

  it("is not applicable without archive buckets or lock configurations", () => {
    assert.equal(run([stackResource(BUCKET, "settings-bucket", {})]), "not-applicable");
  });
});
