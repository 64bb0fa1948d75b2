import { resourcePolicy } from "../../lib/define";
import { isPresent } from "../../lib/values";

export interface LogGroupConfig {
  /** Shortest retention accepted, in days (0, "never expire", always passes). */
  minRetentionDays: number;
}

/** Audit logs must outlive investigations and stay encrypted with a key the organisation controls. */
export const cloudwatchLogGroup = resourcePolicy<LogGroupConfig>({
  name: "cloudwatch-log-group-retention-kms",
  description: "CloudWatch log groups keep logs at least N days and are encrypted with a KMS key (kmsKeyId).",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps:
    "Set retentionInDays ≥ N (from the telemetry config) and kmsKeyId to a customer-managed key whose policy lets CloudWatch Logs use it.",
  settings: {
    minRetentionDays: {
      schema: { type: "integer", minimum: 1, description: "Shortest retention, in days." },
      default: 365,
    },
  },
  types: ["aws:cloudwatch/logGroup:LogGroup"],
  validate: (props, _args, { config, report }) => {
    const retention = props.retentionInDays;
    if (retention === undefined) {
      report(`retentionInDays is not set; set it explicitly (at least ${config.minRetentionDays}).`);
    } else if (retention !== 0 && retention < config.minRetentionDays) {
      report(`retentionInDays is ${retention}; at least ${config.minRetentionDays} is required.`);
    }
    if (!isPresent(() => props.kmsKeyId)) {
      report("kmsKeyId is not set; the log group is encrypted with a service key only.");
    }
  },
});
