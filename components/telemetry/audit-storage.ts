import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { TelemetryConfig } from "../config";
import { assumeRolePolicy, firehosePolicy, kmsKeyPolicy, Scope, subscriptionPolicy, tlsOnlyBucketPolicy } from "./iam";
import { siemStreamArgs } from "./siem";

export interface AuditStorageArgs {
  /** Account, region and partition the resources live in. */
  readonly scope: pulumi.Input<Scope>;
  /** The Firehose delivery role (FirehoseDeliveryRole, created before the vault that names it); its permissions are granted here. */
  readonly firehoseRole: aws.iam.Role;
  /** Names of the log groups the key must serve (the audit group and the collector's own logs), and the key's alias. */
  readonly auditLogGroupName: string;
  readonly collectorLogGroupName: string;
  readonly keyAlias: string;
  /** Other log groups the audit key encrypts (Bedrock's invocation logs, when on); none adds no key-policy entry. */
  readonly extraLogGroupNames?: readonly string[];
  readonly retentionDays: number;
  readonly archive: TelemetryConfig["archive"];
  /** SIEM destination: endpoint from config, token from the vault (created by the credentials component). */
  readonly siem?: {
    readonly url: string;
    readonly name: string;
    readonly secretArn: pulumi.Input<string>;
    readonly secretKeyArn: pulumi.Input<string>;
  };
}

// Firehose receives CloudWatch Logs batches gzip-compressed and wrapped; unwrap them so the archive
// and the SIEM hold the collector's JSON records, one per line.
const UNWRAP_CLOUDWATCH_LOGS = {
  enabled: true,
  processors: [
    { type: "Decompression", parameters: [{ parameterName: "CompressionFormat", parameterValue: "GZIP" }] },
    {
      type: "CloudWatchLogProcessing",
      parameters: [{ parameterName: "DataMessageExtraction", parameterValue: "true" }],
    },
  ],
};

/**
 * Where audit records live: a KMS-encrypted log group (retention from config), copied by a
 * subscription filter through Firehose into a write-once (Object Lock) S3 archive, and optionally
 * to the SIEM (Splunk HEC or an HTTP endpoint) whose failed deliveries land in the archive too.
 */
export class AuditStorage extends pulumi.ComponentResource {
  static readonly __pulumiType = "claude-code-rollout:telemetry:AuditStorage";
  readonly key: aws.kms.Key;
  readonly auditLogGroup: aws.cloudwatch.LogGroup;
  readonly collectorLogGroup: aws.cloudwatch.LogGroup;
  readonly archiveBucket: aws.s3.Bucket;
  readonly archiveStream: aws.kinesis.FirehoseDeliveryStream;
  readonly siemStream?: aws.kinesis.FirehoseDeliveryStream;

  constructor(name: string, args: AuditStorageArgs, opts?: pulumi.ComponentResourceOptions) {
    super(AuditStorage.__pulumiType, name, {}, opts);
    const parent = { parent: this };
    const scope = pulumi.output(args.scope);

    this.key = new aws.kms.Key(
      `${name}-key`,
      {
        description: `Claude Code audit telemetry: log groups, Firehose and the archive (${args.auditLogGroupName})`,
        enableKeyRotation: true,
        rotationPeriodInDays: 365,
        deletionWindowInDays: 30,
        policy: scope.apply((s) =>
          JSON.stringify(
            kmsKeyPolicy(s, [args.auditLogGroupName, args.collectorLogGroupName, ...(args.extraLogGroupNames ?? [])]),
          ),
        ),
      },
      parent,
    );
    new aws.kms.Alias(
      `${name}-key-alias`,
      { name: args.keyAlias, targetKeyId: this.key.keyId },
      { parent: this, aliases: [{ name: `${name}-key` }] },
    );

    const logGroup = (role: string, logGroupName: string) =>
      new aws.cloudwatch.LogGroup(
        `${name}-${role}`,
        {
          name: logGroupName,
          retentionInDays: args.retentionDays,
          kmsKeyId: this.key.arn,
        },
        parent,
      );
    this.auditLogGroup = logGroup("audit", args.auditLogGroupName);
    this.collectorLogGroup = logGroup("collector", args.collectorLogGroupName);

    this.archiveBucket = this.createArchive(name, args);

    const firehoseRole = args.firehoseRole;
    const firehoseAccess = new aws.iam.RolePolicy(
      `${name}-firehose`,
      {
        role: firehoseRole.id,
        policy: pulumi
          .all([scope, this.archiveBucket.arn, this.key.arn, args.siem?.secretArn, args.siem?.secretKeyArn])
          .apply(([s, bucketArn, keyArn, secretArn, secretKeyArn]) =>
            JSON.stringify(
              firehosePolicy({
                scope: s,
                bucketArn,
                keyArn,
                siem: secretArn && secretKeyArn ? { secretArn, secretKeyArn } : undefined,
              }),
            ),
          ),
      },
      parent,
    );

    const encryption = { enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn: this.key.arn };
    const toArchive = (prefix: string) => ({
      roleArn: firehoseRole.arn,
      bucketArn: this.archiveBucket.arn,
      prefix: `${prefix}/!{timestamp:yyyy/MM/dd}/`,
      errorOutputPrefix: `${prefix}-errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/`,
      compressionFormat: "GZIP",
      kmsKeyArn: this.key.arn,
      bufferingSize: 64,
      bufferingInterval: 300,
    });
    const streamOpts = { parent: this, dependsOn: [firehoseAccess] };
    this.archiveStream = new aws.kinesis.FirehoseDeliveryStream(
      `${name}-to-archive`,
      {
        destination: "extended_s3",
        serverSideEncryption: encryption,
        extendedS3Configuration: { ...toArchive("audit"), processingConfiguration: UNWRAP_CLOUDWATCH_LOGS },
      },
      streamOpts,
    );
    if (args.siem) {
      this.siemStream = new aws.kinesis.FirehoseDeliveryStream(
        `${name}-to-siem`,
        {
          serverSideEncryption: encryption,
          ...siemStreamArgs({
            url: args.siem.url,
            name: args.siem.name,
            secretArn: args.siem.secretArn,
            roleArn: firehoseRole.arn,
            processing: UNWRAP_CLOUDWATCH_LOGS,
            failedRecords: toArchive("siem-failed"),
          }),
        },
        streamOpts,
      );
    }
    this.subscribe(name, scope, [
      ["to-archive", this.archiveStream],
      ...(this.siemStream ? [["to-siem", this.siemStream] as const] : []),
    ]);

    this.registerOutputs({
      keyArn: this.key.arn,
      auditLogGroupName: this.auditLogGroup.name,
      archiveBucket: this.archiveBucket.bucket,
      archiveStreamArn: this.archiveStream.arn,
      siemStreamArn: this.siemStream?.arn,
    });
  }

  /** Versioned, KMS-encrypted, private, TLS-only, write-once for `archive.days`, then colder storage; never expired. */
  private createArchive(name: string, args: AuditStorageArgs): aws.s3.Bucket {
    const parent = { parent: this };
    const bucket = new aws.s3.Bucket(`${name}-archive`, { objectLockEnabled: true, forceDestroy: false }, parent);
    // The bucket's settings all shared its name once; each has its role suffix now, the old name as alias.
    const setting = { parent: this, aliases: [{ name: `${name}-archive` }] };
    new aws.s3.BucketPublicAccessBlock(
      `${name}-archive-public-access`,
      {
        bucket: bucket.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      },
      setting,
    );
    new aws.s3.BucketOwnershipControls(
      `${name}-archive-ownership`,
      { bucket: bucket.id, rule: { objectOwnership: "BucketOwnerEnforced" } },
      setting,
    );
    new aws.s3.BucketVersioning(
      `${name}-archive-versioning`,
      { bucket: bucket.id, versioningConfiguration: { status: "Enabled" } },
      setting,
    );
    new aws.s3.BucketServerSideEncryptionConfiguration(
      `${name}-archive-encryption`,
      {
        bucket: bucket.id,
        rules: [
          {
            applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: this.key.arn },
            bucketKeyEnabled: true,
          },
        ],
      },
      setting,
    );
    new aws.s3.BucketObjectLockConfiguration(
      `${name}-archive-object-lock`,
      {
        bucket: bucket.id,
        rule: { defaultRetention: { mode: args.archive.mode, days: args.archive.days } },
      },
      setting,
    );
    new aws.s3.BucketPolicy(
      `${name}-archive-policy`,
      { bucket: bucket.id, policy: bucket.arn.apply((arn) => JSON.stringify(tlsOnlyBucketPolicy(arn))) },
      setting,
    );
    const transitions = [...args.archive.transitions].sort((a, b) => a.days - b.days);
    new aws.s3.BucketLifecycleConfiguration(
      `${name}-archive-lifecycle`,
      {
        bucket: bucket.id,
        rules: [
          {
            id: "colder-storage",
            status: "Enabled",
            filter: {},
            transitions: transitions.map((t) => ({ days: t.days, storageClass: t.storageClass })),
            noncurrentVersionTransitions: transitions.map((t) => ({
              noncurrentDays: t.days,
              storageClass: t.storageClass,
            })),
            abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
          },
        ],
      },
      setting,
    );
    return bucket;
  }

  /** Every record of the audit log group goes to each delivery stream. */
  private subscribe(
    name: string,
    scope: pulumi.Output<Scope>,
    streams: readonly (readonly [string, aws.kinesis.FirehoseDeliveryStream])[],
  ): void {
    const role = new aws.iam.Role(
      `${name}-subscription`,
      {
        description: "CloudWatch Logs delivers the audit log group to Firehose",
        assumeRolePolicy: scope.apply((s) =>
          JSON.stringify(assumeRolePolicy(`logs.${s.region}.amazonaws.com`, s.accountId)),
        ),
      },
      { parent: this },
    );
    const access = new aws.iam.RolePolicy(
      `${name}-subscription-access`,
      {
        role: role.id,
        policy: pulumi
          .all(streams.map(([, stream]) => stream.arn))
          .apply((arns) => JSON.stringify(subscriptionPolicy(arns))),
      },
      { parent: this, aliases: [{ name: `${name}-subscription` }] },
    );
    for (const [key, stream] of streams) {
      new aws.cloudwatch.LogSubscriptionFilter(
        `${name}-subscription-${key}`,
        {
          name: `${key}`,
          logGroup: this.auditLogGroup.name,
          filterPattern: "",
          destinationArn: stream.arn,
          roleArn: role.arn,
        },
        { parent: this, dependsOn: [access], aliases: [{ name: `${name}-${key}` }] },
      );
    }
  }
}
