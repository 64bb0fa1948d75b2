import type * as aws from "@pulumi/aws";

/**
 * IAM and KMS documents of the pipeline, as pure functions of ARNs: each grants one service one
 * job on named resources, and the tests read them as plain data.
 */

type Document = aws.iam.PolicyDocument;

export interface Scope {
  readonly partition: string;
  readonly region: string;
  readonly accountId: string;
}

function logGroupArn(scope: Scope, name: string): string {
  return `arn:${scope.partition}:logs:${scope.region}:${scope.accountId}:log-group:${name}`;
}

/** The pipeline's CMK: administered through IAM in this account; CloudWatch Logs may use it only for these groups. */
export function kmsKeyPolicy(scope: Scope, logGroupNames: readonly string[]): Document {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AccountAdministersThroughIam",
        Effect: "Allow",
        Principal: { AWS: `arn:${scope.partition}:iam::${scope.accountId}:root` },
        Action: "kms:*",
        Resource: "*",
      },
      {
        Sid: "CloudWatchLogsEncryptsTheAuditLogGroups",
        Effect: "Allow",
        Principal: { Service: `logs.${scope.region}.amazonaws.com` },
        Action: ["kms:Decrypt*", "kms:Describe*", "kms:Encrypt*", "kms:GenerateDataKey*", "kms:ReEncrypt*"],
        Resource: "*",
        Condition: {
          ArnEquals: { "kms:EncryptionContext:aws:logs:arn": logGroupNames.map((name) => logGroupArn(scope, name)) },
        },
      },
    ],
  };
}

export function assumeRolePolicy(service: string, accountId: string): Document {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Effect: "Allow",
        Principal: { Service: service },
        Action: "sts:AssumeRole",
        // The confused-deputy guard: only this account's resources may use the role.
        Condition: { StringEquals: { "aws:SourceAccount": accountId } },
      },
    ],
  };
}

/** Writing to CloudWatch Logs: create streams and put events in one group, nothing else. */
export function logWriterPolicy(scope: Scope, logGroupName: string): Document {
  const group = logGroupArn(scope, logGroupName);
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "WriteOneLogGroup",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
        Resource: [group, `${group}:log-stream:*`],
      },
    ],
  };
}

/** CloudWatch Logs → Firehose (the subscription filters' role). */
export function subscriptionPolicy(deliveryStreamArns: readonly string[]): Document {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DeliverToAuditStreams",
        Effect: "Allow",
        Action: ["firehose:PutRecord", "firehose:PutRecordBatch"],
        Resource: [...deliveryStreamArns],
      },
    ],
  };
}

export interface FirehosePolicyInput {
  readonly scope: Scope;
  readonly bucketArn: string;
  readonly keyArn: string;
  /** The SIEM token in the vault and the key that encrypts it. */
  readonly siem?: { readonly secretArn: string; readonly secretKeyArn: string };
}

/** Firehose → archive bucket (and the SIEM token, when a SIEM is configured). */
export function firehosePolicy(input: FirehosePolicyInput): Document {
  const { scope } = input;
  const statements: Document["Statement"] = [
    {
      Sid: "WriteArchive",
      Effect: "Allow",
      Action: [
        "s3:AbortMultipartUpload",
        "s3:GetBucketLocation",
        "s3:GetObject",
        "s3:ListBucket",
        "s3:ListBucketMultipartUploads",
        "s3:PutObject",
      ],
      Resource: [input.bucketArn, `${input.bucketArn}/*`],
    },
    {
      Sid: "EncryptArchiveObjects",
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Resource: [input.keyArn],
      Condition: { StringEquals: { "kms:ViaService": `s3.${scope.region}.amazonaws.com` } },
    },
  ];
  if (input.siem) {
    statements.push(
      {
        Sid: "ReadSiemToken",
        Effect: "Allow",
        Action: ["secretsmanager:GetSecretValue"],
        Resource: [input.siem.secretArn],
      },
      {
        Sid: "DecryptSiemToken",
        Effect: "Allow",
        Action: ["kms:Decrypt"],
        Resource: [input.siem.secretKeyArn],
        Condition: { StringEquals: { "kms:ViaService": `secretsmanager.${scope.region}.amazonaws.com` } },
      },
    );
  }
  return { Version: "2012-10-17", Statement: statements };
}

/** Only TLS requests reach the archive. */
export function tlsOnlyBucketPolicy(bucketArn: string): Document {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
      },
    ],
  };
}
