import { NoSettings, resourcePolicy } from "../../lib/define";
import { isPresent, satisfies } from "../../lib/values";

/** Destinations that authenticate with a third party's token, and the field that would hold it in the stream itself. */
const TOKEN_FIELDS = [
  ["splunkConfiguration", "hecToken"],
  ["httpEndpointConfiguration", "accessKey"],
] as const;

/**
 * The SIEM copy of the audit stream authenticates with a third party's token. It belongs in the
 * vault, read by Firehose through Secrets Manager: a token in the stream's own configuration is
 * kept by the delivery stream (Splunk's is returned by DescribeDeliveryStream) and in the state.
 */
export const firehoseDestinationSecret = resourcePolicy<NoSettings>({
  name: "firehose-destination-secret",
  description:
    "Firehose Splunk and HTTP endpoint destinations read their token from Secrets Manager (secretsManagerConfiguration enabled with a secretArn), never from hecToken or accessKey.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Keep the token in the vault (pulumi config set --secret siemToken <token>) and set secretsManagerConfiguration { enabled: true, secretArn, roleArn }; remove hecToken / accessKey.",
  settings: {},
  types: ["aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream"],
  validate: (props, args, { report }) => {
    const destinations = TOKEN_FIELDS.filter(([block]) => props[block] !== undefined);
    if (destinations.length === 0) {
      args.notApplicable("The stream has no Splunk or HTTP endpoint destination");
    }
    for (const [block, tokenField] of destinations) {
      const destination = props[block];
      if (isPresent(() => destination[tokenField])) {
        report(`${block}.${tokenField} is set: the token sits in the stream's configuration instead of the vault.`);
      }
      const secrets = destination.secretsManagerConfiguration;
      if (
        !satisfies(
          () => secrets?.enabled,
          (enabled) => enabled === true,
        )
      ) {
        report(`${block}.secretsManagerConfiguration is not enabled.`);
      } else if (!isPresent(() => secrets.secretArn)) {
        report(`${block}.secretsManagerConfiguration.secretArn is not set.`);
      }
    }
  },
});
