import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { logWriterPolicy, Scope } from "./iam";

/** Where Bedrock writes its model-invocation logs; the audit key's policy must name this group too. */
export function bedrockInvocationLogGroupName(environment: string): string {
  return `/claude-code-rollout/${environment}/bedrock-invocations`;
}

/**
 * Bedrock may assume the role only for this account's invocation logging in this region (the
 * confused-deputy guard AWS documents for the Bedrock logging role).
 */
export function bedrockLoggingTrustPolicy(scope: Scope): aws.iam.PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: "bedrock.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: {
          StringEquals: { "aws:SourceAccount": scope.accountId },
          ArnLike: { "aws:SourceArn": `arn:${scope.partition}:bedrock:${scope.region}:${scope.accountId}:*` },
        },
      },
    ],
  };
}

export interface BedrockInvocationLogsArgs {
  /** Stack name, e.g. "prod". */
  readonly environment: string;
  /** Account, region and partition of the stack: Bedrock logs in the stack's region. */
  readonly scope: pulumi.Input<Scope>;
  /** The audit key (its policy lets CloudWatch Logs use it for bedrockInvocationLogGroupName). */
  readonly kmsKeyArn: pulumi.Input<string>;
  /** telemetry.bedrockInvocationLogs.retentionDays, else telemetry.retentionDays. */
  readonly retentionDays: number;
  readonly images: boolean;
  readonly embeddings: boolean;
}

/**
 * Bedrock model-invocation logging into the audit pipeline: every request and response of the
 * account's Bedrock calls in the region, in a log group encrypted with the audit key. The setting
 * is one per account and region: this stack owns it (import an existing one: see the operating guide).
 */
export class BedrockInvocationLogs extends pulumi.ComponentResource {
  static readonly __pulumiType = "claude-code-rollout:telemetry:BedrockInvocationLogs";
  readonly logGroup: aws.cloudwatch.LogGroup;

  constructor(name: string, args: BedrockInvocationLogsArgs, opts?: pulumi.ComponentResourceOptions) {
    super(BedrockInvocationLogs.__pulumiType, name, {}, opts);
    const parent = { parent: this };
    const scope = pulumi.output(args.scope);
    const logGroupName = bedrockInvocationLogGroupName(args.environment);

    this.logGroup = new aws.cloudwatch.LogGroup(
      `${name}-log-group`,
      { name: logGroupName, retentionInDays: args.retentionDays, kmsKeyId: args.kmsKeyArn },
      parent,
    );
    const role = new aws.iam.Role(
      `${name}-role`,
      {
        description: "Bedrock writes model-invocation logs to the audit log group",
        assumeRolePolicy: scope.apply((s) => JSON.stringify(bedrockLoggingTrustPolicy(s))),
      },
      parent,
    );
    const write = new aws.iam.RolePolicy(
      `${name}-write`,
      {
        role: role.id,
        name: "write-bedrock-invocation-logs",
        policy: pulumi
          .all([scope, this.logGroup.name])
          .apply(([s, group]) => JSON.stringify(logWriterPolicy(s, group))),
      },
      parent,
    );
    new aws.bedrockmodel.InvocationLoggingConfiguration(
      `${name}-configuration`,
      {
        loggingConfig: {
          cloudwatchConfig: { logGroupName: this.logGroup.name, roleArn: role.arn },
          textDataDeliveryEnabled: true,
          // The provider turns these on when unset: each is an explicit choice.
          imageDataDeliveryEnabled: args.images,
          embeddingDataDeliveryEnabled: args.embeddings,
          videoDataDeliveryEnabled: false,
        },
      },
      // Bedrock checks at once that it can write: the role's permission exists first.
      { parent: this, dependsOn: [write] },
    );
    this.registerOutputs({ logGroupName: this.logGroup.name });
  }
}
