import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { MANIFEST_KEY } from "../plan/artefacts/objects";
import type { RingObjects } from "../plan/artefacts/objects";
import type { DistributionPlan } from "../plan/distribution";
import { bucketPolicyDocument, keyPolicyDocument } from "./access";

export interface MdmDistributionArgs {
  /**
   * The plan's distribution slice (planDistribution): every object and the manifest, rendered and
   * checked before any resource exists, and the stack's distribution section (`storage`, required here).
   */
  readonly plan: DistributionPlan;
}

/** Abandoned multipart uploads are invisible but billed; a week covers any real upload. */
const ABORT_MULTIPART_DAYS = 7;

/**
 * The storage MDM fetches from: a private, versioned, KMS-encrypted bucket that only the
 * configured MDM principals can read, holding the documents and artefacts of every release some ring
 * runs under content-hash keys, and manifest.json naming them per ring.
 */
export class MdmDistribution extends pulumi.ComponentResource {
  static readonly __pulumiType = "claude-code-rollout:distribution:MdmDistribution";

  public readonly bucketName: pulumi.Output<string>;
  public readonly bucketArn: pulumi.Output<string>;
  public readonly keyArn: pulumi.Output<string>;
  /** Key of manifest.json, the one object whose content changes between releases. */
  public readonly manifestKey: string;
  /** Ring → profile → path inside the profile's folder → bucket key: what each ring installs. */
  public readonly objectKeys: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, string>>>>>>;

  constructor(name: string, args: MdmDistributionArgs, opts?: pulumi.ComponentResourceOptions) {
    super(MdmDistribution.__pulumiType, name, {}, opts);
    const { plan } = args;
    const config = plan.storage;
    if (!config)
      throw new Error("MdmDistribution: the plan has no distribution section; construct it only when it has");
    const readers = config.mdmReaderArns;

    const identity = aws.getCallerIdentityOutput({}, { parent: this });
    const partition = aws.getPartitionOutput({}, { parent: this });
    const region = aws.getRegionOutput({}, { parent: this });
    const key = new aws.kms.Key(
      `${name}-key`,
      {
        description: `claude-code-rollout ${plan.environment}: encrypts the MDM distribution bucket`,
        enableKeyRotation: true,
        deletionWindowInDays: 30,
        policy: pulumi.jsonStringify(
          keyPolicyDocument({
            accountRootArn: pulumi.interpolate`arn:${partition.partition}:iam::${identity.accountId}:root`,
            s3Service: pulumi.interpolate`s3.${region.region}.${partition.dnsSuffix}`,
            readerArns: readers,
          }),
        ),
      },
      { parent: this },
    );

    const bucket = new aws.s3.Bucket(`${name}-bucket`, {}, { parent: this });
    const versioning = new aws.s3.BucketVersioning(
      `${name}-versioning`,
      {
        bucket: bucket.id,
        versioningConfiguration: { status: "Enabled" },
      },
      { parent: this },
    );
    const encryption = new aws.s3.BucketServerSideEncryptionConfiguration(
      `${name}-encryption`,
      {
        bucket: bucket.id,
        rules: [
          {
            applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.id },
            bucketKeyEnabled: true,
          },
        ],
      },
      { parent: this },
    );
    const publicAccess = new aws.s3.BucketPublicAccessBlock(
      `${name}-public-access`,
      {
        bucket: bucket.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      },
      { parent: this },
    );
    const ownership = new aws.s3.BucketOwnershipControls(
      `${name}-ownership`,
      {
        bucket: bucket.id,
        rule: { objectOwnership: "BucketOwnerEnforced" },
      },
      { parent: this },
    );
    new aws.s3.BucketPolicy(
      `${name}-policy`,
      {
        bucket: bucket.id,
        policy: pulumi.jsonStringify(bucketPolicyDocument(bucket.arn, readers)),
      },
      { parent: this, dependsOn: [publicAccess] },
    );
    new aws.s3.BucketLifecycleConfiguration(
      `${name}-lifecycle`,
      {
        bucket: bucket.id,
        rules: [
          {
            id: "expire-noncurrent-versions",
            status: "Enabled",
            filter: { prefix: "" },
            noncurrentVersionExpiration: { noncurrentDays: config.noncurrentVersionDays },
          },
          {
            id: "abort-incomplete-multipart-uploads",
            status: "Enabled",
            filter: { prefix: "" },
            abortIncompleteMultipartUpload: { daysAfterInitiation: ABORT_MULTIPART_DAYS },
          },
        ],
      },
      { parent: this, dependsOn: [versioning] },
    );

    // Objects carry the key themselves, so they are encrypted with it whatever the bucket default.
    const put = (
      resourceName: string,
      objectKey: string,
      content: string,
      contentType: string,
      dependsOn: pulumi.Resource[],
      aliases: pulumi.Alias[],
    ) =>
      new aws.s3.BucketObjectv2(
        resourceName,
        {
          bucket: bucket.id,
          key: objectKey,
          content,
          contentType,
          serverSideEncryption: "aws:kms",
          kmsKeyId: key.arn,
          bucketKeyEnabled: true,
        },
        { parent: this, dependsOn, aliases },
      );

    // Named by key: a key is content-addressed, so one resource never changes content, and a release
    // some ring still runs keeps its objects while another ring moves on (versioning keeps the rest).
    const formerNames = preRingNames(name, plan.rings);
    const published = plan.published.map((object) =>
      put(
        `${name}-${object.key}`,
        object.key,
        object.content,
        object.contentType,
        [encryption, ownership],
        (formerNames.get(object.key) ?? []).map((former) => ({ name: former })),
      ),
    );
    // The manifest goes last, so it never names a key that is not there yet.
    put(`${name}-manifest`, MANIFEST_KEY, plan.manifest, "application/json", published, []);

    this.bucketName = bucket.bucket;
    this.bucketArn = bucket.arn;
    this.keyArn = key.arn;
    this.manifestKey = MANIFEST_KEY;
    this.objectKeys = Object.fromEntries(
      plan.rings.map(({ ring, objects }) => [
        ring.name,
        Object.fromEntries(
          Object.entries(objects).map(([profile, list]) => [
            profile,
            Object.fromEntries(list.map((object) => [object.path, object.key])),
          ]),
        ),
      ]),
    );
    this.registerOutputs({
      bucketName: this.bucketName,
      bucketArn: this.bucketArn,
      keyArn: this.keyArn,
      manifestKey: this.manifestKey,
      objectKeys: this.objectKeys,
    });
  }
}

/**
 * Key → the names its object had before rings: `<name>-<profile>/<path>`, and before that
 * `<name>-<profile>-<path with "-" for "/">`. Without an alias Pulumi would create the key-named object
 * (a PUT of the same key) and then delete the old one — the same bucket key — leaving the live object
 * deleted. The former names go to the object the last ring runs at that path (the last that runs the
 * profile and ships the path): before rings every device ran one release, and the last ring is the one
 * that keeps running it while the pilot moves on, so its keys are the ones already in the bucket.
 */
function preRingNames(name: string, rings: readonly RingObjects[]): Map<string, string[]> {
  const inherited = new Set<string>();
  const names = new Map<string, string[]>();
  for (const { objects } of [...rings].reverse()) {
    for (const [profile, list] of Object.entries(objects)) {
      for (const object of list) {
        const former = `${profile}/${object.path}`;
        if (inherited.has(former)) continue;
        inherited.add(former);
        names.set(object.key, [`${name}-${former}`, `${name}-${profile}-${object.path.replace(/\//g, "-")}`]);
      }
    }
  }
  return names;
}
