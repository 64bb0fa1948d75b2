import { resourcePolicy } from "../../lib/define";
import { readKnown } from "../../lib/values";

export interface KeyRotationConfig {
  /** Longest rotation period accepted, in days. */
  maxRotationDays: number;
}

/** Only symmetric encryption keys can rotate automatically; asymmetric and HMAC keys are out of scope. */
export const kmsKeyRotation = resourcePolicy<KeyRotationConfig>({
  name: "kms-key-rotation",
  description: "Symmetric KMS keys rotate automatically, at least every N days.",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps: "Set enableKeyRotation: true (and rotationPeriodInDays ≤ N) on the aws.kms.Key.",
  settings: {
    maxRotationDays: {
      schema: { type: "integer", minimum: 90, maximum: 2560, description: "Longest rotation period, in days." },
      default: 365,
    },
  },
  types: ["aws:kms/key:Key"],
  validate: (props, args, { config, report }) => {
    const spec = readKnown(() => props.customerMasterKeySpec) ?? "SYMMETRIC_DEFAULT";
    if (spec !== "SYMMETRIC_DEFAULT") {
      args.notApplicable(`Keys with spec ${spec} cannot rotate automatically`);
    }
    if (props.enableKeyRotation !== true) {
      report("enableKeyRotation is not true.");
      return;
    }
    const period = props.rotationPeriodInDays ?? 365;
    if (period > config.maxRotationDays) {
      report(`rotationPeriodInDays is ${period}; at most ${config.maxRotationDays} is allowed.`);
    }
  },
});
