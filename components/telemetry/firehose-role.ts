import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { assumeRolePolicy } from "./iam";
import { firehoseRoleName } from "../plan/audit/names";

export interface FirehoseDeliveryRoleArgs {
  /** Stack name, e.g. "prod". */
  readonly environment: string;
}

/**
 * The role Firehose delivers audit records with. It is its own component, created before the vault,
 * because the SIEM token's secret policy and the vault key's policy name it: Secrets Manager and KMS
 * reject a policy whose principal does not exist yet, so they take its ARN as an input (an explicit
 * dependency) rather than a name computed from config. Its permissions come with the pipeline.
 */
export class FirehoseDeliveryRole extends pulumi.ComponentResource {
  static readonly __pulumiType = "claude-code-rollout:telemetry:FirehoseDeliveryRole";
  readonly role: aws.iam.Role;
  readonly arn: pulumi.Output<string>;

  constructor(name: string, args: FirehoseDeliveryRoleArgs, opts?: pulumi.ComponentResourceOptions) {
    super(FirehoseDeliveryRole.__pulumiType, name, {}, opts);
    const accountId = aws.getCallerIdentityOutput({}, { parent: this }).accountId;
    this.role = new aws.iam.Role(
      `${name}-role`,
      {
        name: firehoseRoleName(args.environment),
        description: "Firehose writes audit records to the archive (and reads the SIEM token)",
        assumeRolePolicy: accountId.apply((id) => JSON.stringify(assumeRolePolicy("firehose.amazonaws.com", id))),
      },
      { parent: this },
    );
    this.arn = this.role.arn;
    this.registerOutputs({ arn: this.arn });
  }
}
