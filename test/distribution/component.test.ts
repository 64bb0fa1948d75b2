import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import { ACCOUNT_ID } from "../../cli/runtime/mocks";
import { readStack } from "../../cli/stack";
import { synthesize } from "../../cli/synth/run";
import { synthArtefacts, writeArtefacts } from "../../cli/synth/write";
import { loadRolloutConfig, RolloutConfig } from "../../components/config";
import { clientHelpers, MdmDistribution } from "../../components/distribution";
import { planDistribution } from "../../components/plan/distribution";
import { compileRollout, PINNED_CLIENT_VERSION } from "../../components/settings";
import {
  findResource,
  installMocks,
  ofType,
  previewRegistrations,
  resetRecorded,
  resources,
  settle,
  valueOf,
} from "../mocks";
import { recordAliases } from "../telemetry/aliases";

const S3 = "aws:s3/";
const OBJECT = "aws:s3/bucketObjectv2:BucketObjectv2";
const BUCKET_ARN = "arn:aws:s3:::distribution-bucket";
const KEY_ARN = `arn:aws:kms:eu-west-1:${ACCOUNT_ID}:key/distribution-key`;
const READER = "arn:aws:iam::210987654321:role/mdm-settings-reader";

const config: RolloutConfig = loadRolloutConfig(readStack("prod").projectConfig, "prod");
const rollout = compileRollout(config, PINNED_CLIENT_VERSION);
const plan = planDistribution({ config, rollout, helpers: clientHelpers(config, rollout) }).slice!;
const OBJECT_COUNT = 6 + 2 + 4 + (6 + 4 + 4) * 2 + (6 + 4 + 6);

describe("distribution: MdmDistribution", () => {
  let component: MdmDistribution;
  let aliasesOf: (type: string, name: string) => string[];

  before(async () => {
    await installMocks({ stack: "prod", config: { "aws:region": "eu-west-1" } });
    aliasesOf = recordAliases();
    resetRecorded();
    component = new MdmDistribution("distribution", { plan });
    await settle();
  });

  it("blocks every form of public access", () => {
    assert.deepStrictEqual(
      findResource(`${S3}bucketPublicAccessBlock:BucketPublicAccessBlock`, "distribution-public-access").inputs,
      {
        bucket: "distribution-bucket-id",
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
      },
    );
  });

  it("encrypts with SSE-KMS under its own rotating key, bucket key on", () => {
    assert.deepStrictEqual(
      findResource(
        `${S3}bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration`,
        "distribution-encryption",
      ).inputs,
      {
        bucket: "distribution-bucket-id",
        rules: [
          {
            applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: "distribution-key-id" },
            bucketKeyEnabled: true,
          },
        ],
      },
    );
    const key = findResource("aws:kms/key:Key", "distribution-key").inputs;
    assert.strictEqual(key.enableKeyRotation, true);
    assert.strictEqual(key.deletionWindowInDays, 30);
  });

  it("lets the MDM readers decrypt only through S3 in the bucket's region", () => {
    const policy = JSON.parse(findResource("aws:kms/key:Key", "distribution-key").inputs.policy as string);
    assert.deepStrictEqual(policy.Statement, [
      {
        Sid: "AccountAdministersKey",
        Effect: "Allow",
        Principal: { AWS: `arn:aws:iam::${ACCOUNT_ID}:root` },
        Action: "kms:*",
        Resource: "*",
      },
      {
        Sid: "MdmReadersDecryptViaS3",
        Effect: "Allow",
        Principal: { AWS: [READER] },
        Action: "kms:Decrypt",
        Resource: "*",
        Condition: { StringEquals: { "kms:ViaService": "s3.eu-west-1.amazonaws.com" } },
      },
    ]);
  });

  it("versions the bucket and enforces bucket-owner object ownership", () => {
    assert.deepStrictEqual(findResource(`${S3}bucketVersioning:BucketVersioning`, "distribution-versioning").inputs, {
      bucket: "distribution-bucket-id",
      versioningConfiguration: { status: "Enabled" },
    });
    assert.deepStrictEqual(
      findResource(`${S3}bucketOwnershipControls:BucketOwnershipControls`, "distribution-ownership").inputs,
      {
        bucket: "distribution-bucket-id",
        rule: { objectOwnership: "BucketOwnerEnforced" },
      },
    );
  });

  it("denies plain HTTP to everyone and grants s3:GetObject to exactly the configured readers", () => {
    const policy = JSON.parse(
      findResource(`${S3}bucketPolicy:BucketPolicy`, "distribution-policy").inputs.policy as string,
    );
    assert.deepStrictEqual(policy.Statement[0], {
      Sid: "DenyInsecureTransport",
      Effect: "Deny",
      Principal: "*",
      Action: "s3:*",
      Resource: [BUCKET_ARN, `${BUCKET_ARN}/*`],
      Condition: { Bool: { "aws:SecureTransport": "false" } },
    });
    const allows = policy.Statement.filter((s: { Effect: string }) => s.Effect === "Allow");
    assert.deepStrictEqual(allows, [
      {
        Sid: "MdmReadersGetObjects",
        Effect: "Allow",
        Principal: { AWS: config.distribution!.mdmReaderArns },
        Action: "s3:GetObject",
        Resource: `${BUCKET_ARN}/*`,
      },
    ]);
    assert.deepStrictEqual(config.distribution!.mdmReaderArns, [READER]);
  });

  it("expires superseded versions after noncurrentVersionDays and aborts stale multipart uploads", () => {
    assert.deepStrictEqual(
      findResource(`${S3}bucketLifecycleConfiguration:BucketLifecycleConfiguration`, "distribution-lifecycle").inputs,
      {
        bucket: "distribution-bucket-id",
        rules: [
          {
            id: "expire-noncurrent-versions",
            status: "Enabled",
            filter: { prefix: "" },
            noncurrentVersionExpiration: { noncurrentDays: 90 },
          },
          {
            id: "abort-incomplete-multipart-uploads",
            status: "Enabled",
            filter: { prefix: "" },
            abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
          },
        ],
      },
    );
  });

  it("publishes each profile's settings byte-identical under its settings hash, encrypted with the key", () => {
    for (const profile of rollout.profiles) {
      for (const [resourceSuffix, document] of [
        ["managed-settings.json", profile],
        ["windows/managed-settings.json", profile.windows],
      ] as const) {
        const object = findResource(OBJECT, `distribution-${profile.name}/${resourceSuffix}`).inputs;
        assert.strictEqual(object.content, document.settingsJson);
        assert.deepStrictEqual(
          { ...object, content: undefined },
          {
            bucket: "distribution-bucket-id",
            key: `profiles/${profile.name}/${document.settingsSha256}/${resourceSuffix.replace("windows-", "windows/")}`,
            content: undefined,
            contentType: "application/json",
            serverSideEncryption: "aws:kms",
            kmsKeyId: KEY_ARN,
            bucketKeyEnabled: true,
          },
        );
      }
    }
  });

  it("publishes every artefact of every profile and a manifest naming exactly those keys", async () => {
    const expected = rollout.profiles.flatMap((p) =>
      plan.objects[p.name].map((o) => ({
        key: o.key,
        content: o.content,
        contentType: o.contentType,
      })),
    );
    const published = ofType(OBJECT)
      .filter((o) => o.name !== "distribution-manifest")
      .map((o) => ({ key: o.inputs.key, content: o.inputs.content, contentType: o.inputs.contentType }));
    const byKey = (a: { key: unknown }, b: { key: unknown }) => (String(a.key) < String(b.key) ? -1 : 1);
    assert.deepStrictEqual(published.sort(byKey), expected.sort(byKey));
    // Per profile: 6 artefacts, 2 settings documents, 2 managed-mcp.json with MCP servers (not contractor),
    // and per OS family otel-headers and aws-credential-export (+ its headless twin for automation: platform).
    assert.strictEqual(published.length, OBJECT_COUNT);

    const manifest = findResource(OBJECT, "distribution-manifest").inputs;
    assert.strictEqual(manifest.key, "manifest.json");
    assert.strictEqual(manifest.content, plan.manifest);
    const named = Object.values(
      JSON.parse(manifest.content as string).profiles as Record<string, { objects: Record<string, { key: string }> }>,
    )
      .flatMap((p) => Object.values(p.objects).map((o) => o.key))
      .sort();
    assert.deepStrictEqual(named, published.map((o) => o.key).sort());
    assert.deepStrictEqual(
      await valueOf(pulumi.output(component.objectKeys)),
      Object.fromEntries(
        rollout.profiles.map((p) => [p.name, Object.fromEntries(plan.objects[p.name].map((o) => [o.path, o.key]))]),
      ),
    );
  });

  it("parents every child on the component", () => {
    const urn = resources.find((r) => r.type === MdmDistribution.__pulumiType)!.urn;
    assert.deepStrictEqual(
      resources.filter((r) => r.custom && r.parent !== urn).map((r) => r.name),
      [],
    );
    assert.strictEqual(resources.filter((r) => r.custom).length, 8 + OBJECT_COUNT + 1); // key, bucket and its 6 companions; objects; manifest
  });

  it("names every child uniquely; each object keeps its former name as an alias, so an existing stack replaces nothing", () => {
    const children = resources.filter((r) => r.custom);
    assert.strictEqual(new Set(children.map((r) => r.name)).size, children.length);
    const developer = findResource(OBJECT, "distribution-developer/windows/managed-settings.json");
    assert.deepStrictEqual(aliasesOf(OBJECT, developer.name), ["distribution-developer-windows-managed-settings.json"]);
    for (const object of ofType(OBJECT).filter((o) => o.name !== "distribution-manifest")) {
      const [profile, ...rest] = object.name.slice("distribution-".length).split("/");
      assert.deepStrictEqual(
        aliasesOf(OBJECT, object.name),
        [`distribution-${profile}-${rest.join("-")}`],
        object.name,
      );
    }
    assert.deepStrictEqual(aliasesOf(OBJECT, "distribution-manifest"), []);
  });

  it("registers nothing inside apply: a first preview with unknown ids registers the same resources", async () => {
    const known = resources.length;
    assert.strictEqual(await previewRegistrations(() => new MdmDistribution("distribution", { plan })), known);
  });
});

describe("synth: distribution artefacts", () => {
  it("writes every artefact of every prod profile and manifest.json, byte-identical on a second run", async () => {
    const dirs = [
      fs.mkdtempSync(path.join(os.tmpdir(), "synth-a-")),
      fs.mkdtempSync(path.join(os.tmpdir(), "synth-b-")),
    ];
    for (const dir of dirs) writeArtefacts(path.join(dir, "prod"), synthArtefacts(await synthesize(readStack("prod"))));
    const [first, second] = dirs.map((dir) => readTree(path.join(dir, "prod")));
    for (const profile of rollout.profiles) {
      for (const object of plan.objects[profile.name]) {
        assert.strictEqual(
          first.get(`profiles/${profile.name}/${object.path}`),
          object.content,
          `${profile.name}/${object.path}`,
        );
      }
    }
    assert.strictEqual(first.get("manifest.json"), plan.manifest);
    assert.deepStrictEqual([...second.keys()], [...first.keys()]);
    for (const [file, content] of first) assert.ok(second.get(file) === content, `${file} differs between runs`);
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });
});

/** Relative path → content of every file under a folder, sorted by path. */
function readTree(root: string): Map<string, string> {
  const files = fs
    .readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
    .sort();
  return new Map(files.map((file) => [file, fs.readFileSync(path.join(root, file), "utf8")]));
}
