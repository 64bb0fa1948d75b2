import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { sortedUnique } from "../config/text";

/**
 * Who may read the distribution bucket and decrypt its objects: the configured MDM principals,
 * over TLS, and nobody else. Typed documents; the component serialises them with jsonStringify.
 */

/**
 * TLS only, plus s3:GetObject for the MDM readers. No s3:ListBucket: readers fetch the keys
 * named in manifest.json and need not enumerate the bucket.
 */
export function bucketPolicyDocument(
  bucketArn: pulumi.Input<string>,
  readerArns: readonly string[],
): aws.iam.PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      denyInsecureTransport(bucketArn),
      {
        Sid: "MdmReadersGetObjects",
        Effect: "Allow",
        Principal: { AWS: sortedUnique(readerArns) },
        Action: "s3:GetObject",
        Resource: pulumi.interpolate`${bucketArn}/*`,
      },
    ],
  };
}

/** Where the key is used and by whom. */
export interface KeyPolicyInput {
  /** `arn:<partition>:iam::<account>:root`: the owning account administers the key through IAM. */
  readonly accountRootArn: pulumi.Input<string>;
  /** `s3.<region>.<dns suffix>`: readers may decrypt only through S3, never call KMS directly. */
  readonly s3Service: pulumi.Input<string>;
  readonly readerArns: readonly string[];
}

/**
 * The account keeps control of its key (the AWS default statement); the MDM readers may only
 * decrypt, and only via S3 — without this grant a reader in another account cannot read objects
 * encrypted with the key.
 */
export function keyPolicyDocument(input: KeyPolicyInput): aws.iam.PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "AccountAdministersKey",
        Effect: "Allow",
        Principal: { AWS: input.accountRootArn },
        Action: "kms:*",
        Resource: "*",
      },
      {
        Sid: "MdmReadersDecryptViaS3",
        Effect: "Allow",
        Principal: { AWS: sortedUnique(input.readerArns) },
        Action: "kms:Decrypt",
        Resource: "*",
        Condition: { StringEquals: { "kms:ViaService": input.s3Service } },
      },
    ],
  };
}

/** Denies every request that does not use TLS, whoever makes it. */
function denyInsecureTransport(bucketArn: pulumi.Input<string>): aws.iam.PolicyStatement {
  return {
    Sid: "DenyInsecureTransport",
    Effect: "Deny",
    Principal: "*",
    Action: "s3:*",
    Resource: [bucketArn, pulumi.interpolate`${bucketArn}/*`],
    Condition: { Bool: { "aws:SecureTransport": "false" } },
  };
}
