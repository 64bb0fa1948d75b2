import { NoSettings, resourcePolicy } from "../../lib/define";
import { isPresent } from "../../lib/values";

/** Audit events pass through Firehose; its buffer must be encrypted with a key the organisation controls. */
export const firehoseEncryption = resourcePolicy<NoSettings>({
  name: "firehose-sse-cmk",
  description:
    "Firehose delivery streams encrypt with a customer-managed KMS key (serverSideEncryption keyType CUSTOMER_MANAGED_CMK with keyArn).",
  enforcementLevel: "mandatory",
  severity: "medium",
  remediationSteps:
    'Set serverSideEncryption { enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn: <CMK arn> } on the delivery stream.',
  settings: {},
  types: ["aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream"],
  validate: (props, args, { report }) => {
    if (props.kinesisSourceConfiguration !== undefined || props.mskSourceConfiguration !== undefined) {
      args.notApplicable("Streams with a Kinesis or MSK source are encrypted at their source");
    }
    const sse = props.serverSideEncryption;
    if (sse?.enabled !== true) {
      report("serverSideEncryption is not enabled.");
      return;
    }
    if (sse.keyType !== "CUSTOMER_MANAGED_CMK") {
      report(`serverSideEncryption.keyType is ${JSON.stringify(sse.keyType)}; CUSTOMER_MANAGED_CMK is required.`);
    } else if (!isPresent(() => sse.keyArn)) {
      report("serverSideEncryption.keyArn is not set.");
    }
  },
});
