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
import { everyone, planFor, ring, slice, twoReleases } from "./rings-fixture";

const S3 = "aws:s3/";
const OBJECT = "aws:s3/bucketObjectv2:BucketObjectv2";
const BUCKET_ARN = "arn:aws:s3:::distribution-bucket";
const KEY_ARN = `arn:aws:kms:eu-west-1:${ACCOUNT_ID}:key/distribution-key`;
const READER = "arn:aws:iam::210987654321:role/mdm-settings-reader";

const config: RolloutConfig = loadRolloutConfig(readStack("prod").projectConfig, "prod");
const rollout = compileRollout(config, PINNED_CLIENT_VERSION);
const plan = planDistribution({
  config,
  rollout,
  helpers: clientHelpers(config, rollout),
  rings: [everyone(rollout)],
}).slice!;
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
        const key = `profiles/${profile.name}/${document.settingsSha256}/${resourceSuffix}`;
        const object = findResource(OBJECT, `distribution-${key}`).inputs;
        assert.strictEqual(object.content, document.settingsJson);
        assert.deepStrictEqual(
          { ...object, content: undefined },
          {
            bucket: "distribution-bucket-id",
            key,
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
      plan.candidate[p.name].map((o) => ({
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
    const [all] = JSON.parse(manifest.content as string).rings as {
      name: string;
      profiles: Record<string, { objects: Record<string, { key: string }> }>;
    }[];
    assert.strictEqual(all.name, "all");
    const named = Object.values(all.profiles)
      .flatMap((p) => Object.values(p.objects).map((o) => o.key))
      .sort();
    assert.deepStrictEqual(named, published.map((o) => o.key).sort());
    assert.deepStrictEqual(await valueOf(pulumi.output(component.objectKeys)), {
      all: Object.fromEntries(
        rollout.profiles.map((p) => [p.name, Object.fromEntries(plan.candidate[p.name].map((o) => [o.path, o.key]))]),
      ),
    });
  });

  it("parents every child on the component", () => {
    const urn = resources.find((r) => r.type === MdmDistribution.__pulumiType)!.urn;
    assert.deepStrictEqual(
      resources.filter((r) => r.custom && r.parent !== urn).map((r) => r.name),
      [],
    );
    assert.strictEqual(resources.filter((r) => r.custom).length, 8 + OBJECT_COUNT + 1); // key, bucket and its 6 companions; objects; manifest
  });

  it("names every child uniquely, each object by its key; it keeps its former names as aliases, so an existing stack replaces nothing", () => {
    const children = resources.filter((r) => r.custom);
    assert.strictEqual(new Set(children.map((r) => r.name)).size, children.length);
    const developer = rollout.profiles.find((p) => p.name === "developer")!;
    const settings = `distribution-profiles/developer/${developer.windows.settingsSha256}/windows/managed-settings.json`;
    assert.deepStrictEqual(aliasesOf(OBJECT, settings), [
      "distribution-developer/windows/managed-settings.json",
      "distribution-developer-windows-managed-settings.json",
    ]);
    for (const object of ofType(OBJECT).filter((o) => o.name !== "distribution-manifest")) {
      assert.strictEqual(object.name, `distribution-${object.inputs.key}`);
      const [, profile, , ...rest] = String(object.inputs.key).split("/");
      assert.deepStrictEqual(
        aliasesOf(OBJECT, object.name),
        [`distribution-${profile}/${rest.join("/")}`, `distribution-${profile}-${rest.join("-")}`],
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

describe("distribution: MdmDistribution with two rings on two releases of developer", () => {
  // The pilot runs the candidate (developer with one more allow, and platform); broad keeps every profile's earlier release.
  const { before: released, after: candidate } = twoReleases();
  const staged = slice(
    planFor(candidate, [
      ring("pilot", candidate.rollout, candidate.rollout.profiles),
      ring("broad", candidate.rollout, released.rollout.profiles),
    ]),
  );
  const [pilot, broad] = staged.rings;
  let component: MdmDistribution;
  let aliasesOf: (type: string, name: string) => string[];

  before(async () => {
    await installMocks({ stack: "prod", config: { "aws:region": "eu-west-1" } });
    aliasesOf = recordAliases();
    resetRecorded();
    component = new MdmDistribution("staged", { plan: staged });
    await settle();
  });

  it("publishes each distinct key of both rings once, named by its key, with its exact content", () => {
    const objects = ofType(OBJECT).filter((o) => o.name !== "staged-manifest");
    assert.deepStrictEqual(
      objects.map((o) => [o.name, o.inputs.key, o.inputs.content]),
      staged.published.map((o) => [`staged-${o.key}`, o.key, o.content]),
    );
    const keys = new Set([pilot, broad].flatMap((r) => Object.values(r.objects).flatMap((l) => l.map((o) => o.key))));
    assert.strictEqual(objects.length, keys.size);
    for (const document of [released, candidate].map((c) => c.rollout.profiles.find((p) => p.name === "developer")!)) {
      const object = findResource(OBJECT, `staged-profiles/developer/${document.settingsSha256}/managed-settings.json`);
      assert.strictEqual(object.inputs.content, document.settingsJson);
    }
  });

  it("aliases the pre-ring names to the objects broad (the last ring) runs, and nothing else", () => {
    // Without these, the first update would create the key-named object, then delete the old-named one —
    // the same bucket key — and broad's live documents would be gone.
    const inheritors = new Map(
      Object.entries(broad.objects).flatMap(([profile, list]) =>
        list.map((o): [string, string[]] => [
          o.key,
          [`staged-${profile}/${o.path}`, `staged-${profile}-${o.path.replace(/\//g, "-")}`],
        ]),
      ),
    );
    for (const object of staged.published) {
      assert.deepStrictEqual(aliasesOf(OBJECT, `staged-${object.key}`), inheritors.get(object.key) ?? [], object.key);
    }
    // The pilot's own developer objects (new documents, installers) inherit nothing; those it shares with
    // broad (helpers, managed-mcp.json) are broad's, so each former name goes to exactly one object.
    const pilotOnly = pilot.objects.developer.filter((o) => !inheritors.has(o.key));
    assert.deepStrictEqual(
      pilotOnly.map((o) => o.path),
      [
        "detect.ps1",
        "detect.sh",
        "developer.mobileconfig",
        "developer.reg",
        "install.ps1",
        "install.sh",
        "managed-settings.json",
        "windows/managed-settings.json",
      ],
    );
    for (const o of pilotOnly) assert.deepStrictEqual(aliasesOf(OBJECT, `staged-${o.key}`), []);
    const settings = broad.objects.developer.find((o) => o.path === "managed-settings.json")!;
    assert.deepStrictEqual(aliasesOf(OBJECT, `staged-${settings.key}`), [
      "staged-developer/managed-settings.json",
      "staged-developer-managed-settings.json",
    ]);
    const formerNames = staged.published.flatMap((o) => aliasesOf(OBJECT, `staged-${o.key}`));
    assert.strictEqual(new Set(formerNames).size, formerNames.length);
  });

  it("publishes the two-ring manifest and outputs each ring's keys", async () => {
    const manifest = findResource(OBJECT, "staged-manifest");
    assert.strictEqual(manifest.inputs.content, staged.manifest);
    const keys = await valueOf(pulumi.output(component.objectKeys));
    assert.deepStrictEqual(Object.keys(keys), ["pilot", "broad"]);
    assert.deepStrictEqual(
      keys.pilot.developer,
      Object.fromEntries(pilot.objects.developer.map((o) => [o.path, o.key])),
    );
    assert.deepStrictEqual(
      keys.broad.developer,
      Object.fromEntries(broad.objects.developer.map((o) => [o.path, o.key])),
    );
    assert.notStrictEqual(keys.pilot.developer["managed-settings.json"], keys.broad.developer["managed-settings.json"]);
  });
});

describe("synth: distribution artefacts", () => {
  it("writes the candidate under profiles/, each ring's release under rings/, manifest.json and rollout.json's rings, byte-identical on a second run", async () => {
    const dirs = [
      fs.mkdtempSync(path.join(os.tmpdir(), "synth-a-")),
      fs.mkdtempSync(path.join(os.tmpdir(), "synth-b-")),
    ];
    const results = [];
    for (const dir of dirs) {
      const result = await synthesize(readStack("prod"));
      writeArtefacts(path.join(dir, "prod"), synthArtefacts(result));
      results.push(result);
    }
    const [first, second] = dirs.map((dir) => readTree(path.join(dir, "prod")));
    const { distribution, rings } = results[0].plan;
    const expected = new Map<string, string>();
    for (const profile of rollout.profiles) {
      for (const object of plan.candidate[profile.name]) {
        expected.set(`profiles/${profile.name}/${object.path}`, object.content);
      }
    }
    for (const { ring: planned, objects } of distribution.rings) {
      for (const [profile, list] of Object.entries(objects)) {
        for (const object of list) expected.set(`rings/${planned.name}/${profile}/${object.path}`, object.content);
      }
    }
    const written = new Map([...first].filter(([file]) => /^(profiles|rings)\//.test(file)));
    assert.deepStrictEqual([...written.keys()].sort(), [...expected.keys()].sort());
    for (const [file, content] of expected) assert.ok(written.get(file) === content, file);
    assert.deepStrictEqual(
      distribution.rings.map((r) => r.ring),
      rings,
    );
    assert.strictEqual(first.get("manifest.json"), distribution.manifest);
    // A ring's folder is a payload like the candidate's: installers and helpers executable, documents not.
    const modeOf = (file: string) => (fs.statSync(path.join(dirs[0], "prod", file)).mode & 0o777).toString(8);
    const last = distribution.rings[distribution.rings.length - 1].ring.name;
    assert.deepStrictEqual(
      ["install.sh", "bin/otel-headers", "managed-settings.json", "install.ps1"].map((f) =>
        modeOf(`rings/${last}/developer/${f}`),
      ),
      ["755", "755", "644", "644"],
    );
    assert.deepStrictEqual(
      JSON.parse(first.get("rollout.json")!).rings,
      rings.map((r) => ({
        name: r.name,
        groups: r.groups,
        profiles: Object.fromEntries(
          Object.entries(r.profiles).map(([name, p]) => [
            name,
            {
              excludeGroups: p.excludeGroups,
              includeGroups: p.includeGroups,
              policyHash: p.release.policyHash,
              settingsSha256: p.release.settingsSha256,
            },
          ]),
        ),
      })),
    );
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
