import type { PolicyResource } from "@pulumi/policy";
import { NoSettings, stackPolicy } from "../../lib/define";
import { conditionValues, parsePolicyDocument } from "../../lib/policy-document";
import { dependentsOf } from "../../lib/references";
import { asList, isPresent, isRecord, readKnown, satisfies } from "../../lib/values";
import {
  BUCKET_POLICY_TYPES,
  BUCKET_TYPES,
  ENCRYPTION_TYPES,
  PUBLIC_ACCESS_BLOCK_TYPES,
  VERSIONING_TYPES,
} from "./types";

const PUBLIC_ACCESS_FLAGS = [
  "blockPublicAcls",
  "blockPublicPolicy",
  "ignorePublicAcls",
  "restrictPublicBuckets",
] as const;

/**
 * In provider v7 a bucket's protections are separate resources, so only a stack policy can tell
 * whether a bucket has all of them; each companion is found by the bucket it refers to.
 */
export const s3BucketHardening = stackPolicy<NoSettings>({
  name: "s3-bucket-hardening",
  description:
    "Every S3 bucket has a public access block (all four flags), SSE-KMS with a key, versioning Enabled and a policy denying non-TLS access.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Create, for the bucket: aws.s3.BucketPublicAccessBlock (all four flags true), aws.s3.BucketServerSideEncryptionConfiguration (sseAlgorithm aws:kms with kmsMasterKeyId), aws.s3.BucketVersioning (status Enabled) and aws.s3.BucketPolicy with a Deny on aws:SecureTransport = false.",
  settings: {},
  validate: (resources, args, { report }) => {
    const buckets = resources.filter((r) => (BUCKET_TYPES as readonly string[]).includes(r.type));
    if (buckets.length === 0) {
      args.notApplicable("The stack has no S3 buckets");
    }
    for (const bucket of buckets) {
      const of = (types: readonly string[]) => dependentsOf(resources, types, "bucket", bucket);
      for (const problem of [
        publicAccessProblem(of(PUBLIC_ACCESS_BLOCK_TYPES)),
        encryptionProblem(of(ENCRYPTION_TYPES)),
        versioningProblem(of(VERSIONING_TYPES)),
        tlsPolicyProblem(of(BUCKET_POLICY_TYPES)),
      ]) {
        if (problem) {
          report(`Bucket ${bucket.name}: ${problem}.`, bucket.urn);
        }
      }
    }
  },
});

function publicAccessProblem(blocks: PolicyResource[]): string | undefined {
  if (blocks.length === 0) {
    return "no BucketPublicAccessBlock";
  }
  const off = PUBLIC_ACCESS_FLAGS.filter(
    (flag) =>
      !blocks.some((b) =>
        satisfies(
          () => b.props[flag],
          (v) => v === true,
        ),
      ),
  );
  return off.length > 0 ? `public access block leaves ${off.join(", ")} off` : undefined;
}

function encryptionProblem(configs: PolicyResource[]): string | undefined {
  if (configs.length === 0) {
    return "no BucketServerSideEncryptionConfiguration";
  }
  const kmsWithKey = configs.some((c) =>
    satisfies(
      () => c.props.rules,
      (rules) =>
        asList(rules).some((rule) => {
          const byDefault = isRecord(rule) ? rule.applyServerSideEncryptionByDefault : undefined;
          if (!isRecord(byDefault)) {
            return false;
          }
          const algorithm = readKnown(() => byDefault.sseAlgorithm);
          return (algorithm === "aws:kms" || algorithm === "aws:kms:dsse") && isPresent(() => byDefault.kmsMasterKeyId);
        }),
    ),
  );
  return kmsWithKey ? undefined : "default encryption is not aws:kms with a kmsMasterKeyId (customer-managed key)";
}

function versioningProblem(configs: PolicyResource[]): string | undefined {
  if (configs.length === 0) {
    return "no BucketVersioning";
  }
  const enabled = configs.some((c) =>
    satisfies(
      () => c.props.versioningConfiguration?.status,
      (v) => v === "Enabled",
    ),
  );
  return enabled ? undefined : 'versioning status is not "Enabled"';
}

function tlsPolicyProblem(policies: PolicyResource[]): string | undefined {
  if (policies.length === 0) {
    return "no BucketPolicy (a Deny on aws:SecureTransport = false is required)";
  }
  const deniesPlainHttp = policies.some((p) => satisfies(() => p.props.policy, deniesInsecureTransport));
  return deniesPlainHttp ? undefined : "bucket policy has no Deny statement with Bool aws:SecureTransport = false";
}

function deniesInsecureTransport(document: unknown): boolean {
  const parsed = parsePolicyDocument(document);
  return (
    parsed.ok &&
    parsed.statements.some(
      (s) =>
        s.effect === "Deny" &&
        (conditionValues(s, "Bool", "aws:SecureTransport") ?? []).some((v) => v.toLowerCase() === "false"),
    )
  );
}
