import { NoSettings, resourcePolicy } from "../../lib/define";
import { isPresent } from "../../lib/values";

/** The default aws/secretsmanager key cannot be scoped by the organisation's key policy. */
export const secretCmk = resourcePolicy<NoSettings>({
  name: "secret-cmk",
  description: "Secrets Manager secrets are encrypted with a customer-managed KMS key (kmsKeyId).",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps: "Set kmsKeyId on the aws.secretsmanager.Secret to the vault's customer-managed key.",
  settings: {},
  types: ["aws:secretsmanager/secret:Secret"],
  validate: (props, _args, { report }) => {
    if (!isPresent(() => props.kmsKeyId)) {
      report("kmsKeyId is not set; the secret uses the AWS-managed key.");
    }
  },
});
