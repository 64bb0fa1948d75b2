import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { release } from "../../cli/release";
import { readStack } from "../../cli/stack";
import { synthesize, SynthResult } from "../../cli/synth/run";
import { synthArtefacts } from "../../cli/synth/write";

// The "Done when" through the whole program: prod with a changed developer profile, released to
// the pilot only. Synth publishes both developer documents (each key once), writes what each ring runs
// under rings/, and the manifest and rollout.json point each ring at its own release.

const ROOT = path.resolve(__dirname, "..", "..");
const OBJECT = "aws:s3/bucketObjectv2:BucketObjectv2";
const DEVELOPER_ANCHOR = "      priority: 20\n";

describe("synth: a profile change released to the pilot only", function () {
  this.timeout(600_000);
  let dir: string;
  let base: SynthResult;
  let piloted: SynthResult;
  let files: Map<string, string>;
  const developer = (result: SynthResult) => result.rollout.profiles.find((p) => p.name === "developer")!;

  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "synth-rings-"));
    const stackFile = path.join(dir, "Pulumi.prod.yaml");
    const prod = fs.readFileSync(path.join(ROOT, "stacks", "Pulumi.prod.yaml"), "utf8");
    assert.strictEqual(prod.split(DEVELOPER_ANCHOR).length, 2, "the developer anchor must be unique");
    fs.writeFileSync(
      stackFile,
      prod.replace(DEVELOPER_ANCHOR, `${DEVELOPER_ANCHOR}      announcements: [Ring test]\n`),
    );
    fs.copyFileSync(path.join(ROOT, "stacks", "Pulumi.prod.release.json"), path.join(dir, "Pulumi.prod.release.json"));
    base = await synthesize(readStack("prod"));
    const printed: string[] = [];
    const code = release([stackFile, "--ring", "pilot"], { out: (l) => printed.push(l), err: (l) => printed.push(l) });
    assert.strictEqual(code, 0, printed.join("\n"));
    piloted = await synthesize(readStack(stackFile));
    files = synthArtefacts(piloted);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("the pilot runs the new developer document, broad the one it ran before; the candidate is the new one", () => {
    const [oldDocument, newDocument] = [developer(base), developer(piloted)];
    assert.notStrictEqual(newDocument.policyHash, oldDocument.policyHash);
    assert.strictEqual(base.plan.rings[1].profiles.developer.release.policyHash, oldDocument.policyHash);
    assert.strictEqual(files.get("rings/pilot/developer/managed-settings.json"), newDocument.settingsJson);
    assert.strictEqual(files.get("rings/broad/developer/managed-settings.json"), oldDocument.settingsJson);
    assert.strictEqual(
      files.get("rings/broad/developer/windows/managed-settings.json"),
      oldDocument.windows.settingsJson,
    );
    assert.strictEqual(files.get("profiles/developer/managed-settings.json"), newDocument.settingsJson);
  });

  it("publishes both developer documents, every object key once, and the manifest naming exactly them", () => {
    const objects = piloted.resources.filter((r) => r.type === OBJECT && r.inputs.key !== "manifest.json");
    const keys = objects.map((r) => String(r.inputs.key));
    assert.strictEqual(new Set(keys).size, keys.length);
    for (const document of [developer(base), developer(piloted)]) {
      const key = `profiles/developer/${document.settingsSha256}/managed-settings.json`;
      assert.strictEqual(objects.find((r) => r.inputs.key === key)?.inputs.content, document.settingsJson, key);
    }
    // Only developer changed: broad's other profiles are the pilot's, so exactly developer's
    // document-bound objects (2 documents, 4 installers and checks, .mobileconfig, .reg) are added.
    assert.strictEqual(keys.length, base.plan.distribution.published.length + 8);
    assert.deepStrictEqual(
      keys.sort(),
      piloted.plan.distribution.published.map((o) => o.key),
    );

    const manifest = JSON.parse(files.get("manifest.json")!);
    assert.deepStrictEqual(
      manifest.rings.map((r: { name: string; profiles: Record<string, { policyHash: string }> }) => [
        r.name,
        r.profiles.developer.policyHash,
      ]),
      [
        ["pilot", developer(piloted).policyHash],
        ["broad", developer(base).policyHash],
      ],
    );
  });

  it("the policy pack passes both releases' published documents", () => {
    const violated = (result: SynthResult) =>
      result.policyReport.policies.filter((p) => p.status === "violated").map((p) => [p.name, p.violations]);
    assert.deepStrictEqual(violated(piloted), []);
    assert.deepStrictEqual(violated(base), []);
  });

  it("rollout.json lists each ring's groups and, per profile, the release it runs", () => {
    const rings = JSON.parse(files.get("rollout.json")!).rings as {
      name: string;
      groups: string[];
      profiles: Record<string, { policyHash: string; settingsSha256: string }>;
    }[];
    assert.deepStrictEqual(
      rings.map((r) => [r.name, r.groups]),
      piloted.plan.rings.map((r) => [r.name, r.groups]),
    );
    assert.deepStrictEqual(
      rings.map((r) => r.profiles.developer.settingsSha256),
      [developer(piloted).settingsSha256, developer(base).settingsSha256],
    );
    for (const [name, ring] of [
      ["platform", 0],
      ["platform", 1],
      ["contractor", 1],
    ] as const) {
      const profile = base.rollout.profiles.find((p) => p.name === name)!;
      assert.strictEqual(rings[ring].profiles[name].policyHash, profile.policyHash, `${name} in ${rings[ring].name}`);
    }
  });
});
