import type { PolicyResource } from "@pulumi/policy";
import { stackPolicy } from "../../lib/define";
import { matchesGlob } from "../../lib/glob";
import { dependentsOf } from "../../lib/references";
import { readKnown, satisfies } from "../../lib/values";
import { BUCKET_TYPES, OBJECT_LOCK_TYPES } from "./types";

export interface ArchiveObjectLockConfig {
  /** Logical-name globs of the audit-archive buckets that must be write-once. */
  archiveBuckets: string[];
  /** Shortest default retention accepted, in days. */
  minRetentionDays: number;
  /** Required retention mode; GOVERNANCE also accepts COMPLIANCE. */
  mode: "COMPLIANCE" | "GOVERNANCE";
}

/** The audit archive must be WORM: default Object Lock retention long enough for investigations. */
export const s3ArchiveObjectLock = stackPolicy<ArchiveObjectLockConfig>({
  name: "s3-archive-object-lock",
  description:
    "Audit-archive buckets have Object Lock enabled with a default retention of at least N days in COMPLIANCE mode; no Object Lock configuration is shorter.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Create the archive bucket with objectLockEnabled: true and an aws.s3.BucketObjectLockConfiguration with rule.defaultRetention { mode: COMPLIANCE, days: N }.",
  settings: {
    archiveBuckets: {
      schema: {
        type: "array",
        items: { type: "string", minLength: 1 },
        description: "Logical-name globs of archive buckets.",
      },
      default: ["*archive*"],
    },
    minRetentionDays: {
      schema: { type: "integer", minimum: 1, description: "Shortest default retention, in days." },
      default: 365,
    },
    mode: {
      schema: { type: "string", enum: ["COMPLIANCE", "GOVERNANCE"], description: "Required retention mode." },
      default: "COMPLIANCE",
    },
  },
  validate: (resources, args, { config, report }) => {
    const archives = resources.filter(
      (r) =>
        (BUCKET_TYPES as readonly string[]).includes(r.type) &&
        config.archiveBuckets.some((glob) => matchesGlob(glob, r.name)),
    );
    const locks = resources.filter((r) => (OBJECT_LOCK_TYPES as readonly string[]).includes(r.type));
    if (archives.length === 0 && locks.length === 0) {
      args.notApplicable("The stack has no archive bucket and no Object Lock configuration");
    }
    for (const lock of locks) {
      const problem = retentionProblem(lock, config);
      if (problem) {
        report(`Object Lock configuration ${lock.name}: ${problem}.`, lock.urn);
      }
    }
    for (const bucket of archives) {
      if (
        !satisfies(
          () => bucket.props.objectLockEnabled,
          (v) => v === true,
        )
      ) {
        report(
          `Archive bucket ${bucket.name} does not set objectLockEnabled: true (it can only be set at creation).`,
          bucket.urn,
        );
      }
      if (dependentsOf(resources, OBJECT_LOCK_TYPES, "bucket", bucket).length === 0) {
        report(
          `Archive bucket ${bucket.name} has no BucketObjectLockConfiguration with a default retention.`,
          bucket.urn,
        );
      }
    }
  },
});

function retentionProblem(lock: PolicyResource, config: ArchiveObjectLockConfig): string | undefined {
  const retention = readKnown(() => lock.props.rule?.defaultRetention);
  if (retention === undefined) {
    return "no rule.defaultRetention";
  }
  const mode = readKnown(() => retention.mode);
  if (mode !== "COMPLIANCE" && !(config.mode === "GOVERNANCE" && mode === "GOVERNANCE")) {
    return `retention mode is ${JSON.stringify(mode)}; ${config.mode} is required`;
  }
  const days = Number(readKnown(() => retention.days) ?? 0) + 365 * Number(readKnown(() => retention.years) ?? 0);
  return days < config.minRetentionDays
    ? `default retention is ${days} days; at least ${config.minRetentionDays} are required`
    : undefined;
}
