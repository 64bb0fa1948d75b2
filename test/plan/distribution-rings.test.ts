import * as assert from "assert";
import { ProfileObject } from "../../components/plan/artefacts/objects";
import { CompiledProfile, sha256Hex } from "../../components/settings";
import { embeddedInShell } from "../distribution/installer-harness";
import { compiled, planFor, prodProject, ring, slice, twoReleases } from "../distribution/rings-fixture";

// Distribution with rings: every release some ring runs is published once, and each ring's installers
// carry the documents of its own release.

const { before, after } = twoReleases();
const profileOf = (rollout: typeof before.rollout, name: string) => rollout.profiles.find((p) => p.name === name)!;
const oldDeveloper = profileOf(before.rollout, "developer");
const newDeveloper = profileOf(after.rollout, "developer");
const byPath = (objects: readonly ProfileObject[]) => Object.fromEntries(objects.map((o) => [o.path, o]));

/** The base64 of one file in install.ps1, decoded. */
function embeddedInPowerShell(script: string, name: string): string {
  const entry = new RegExp(`Name = '${name.replace(/\./g, "\\.")}'; [^\\n]*Base64 = '([A-Za-z0-9+/=]*)'`).exec(script);
  assert.ok(entry, `no payload entry for ${name}`);
  return Buffer.from(entry[1], "base64").toString("utf8");
}

describe("planDistribution with rings: the pilot on the new release, broad on the old one", () => {
  // The pilot runs the candidate's developer and platform; broad runs every profile as released before.
  const rings = [
    ring("pilot", after.rollout, after.rollout.profiles),
    ring("broad", after.rollout, before.rollout.profiles),
  ];
  const plan = slice(planFor(after, rings));
  const [pilot, broad] = plan.rings;

  it("changes only developer's release; platform's is the same in both rings", () => {
    assert.notStrictEqual(oldDeveloper.policyHash, newDeveloper.policyHash);
    assert.strictEqual(
      profileOf(before.rollout, "platform").policyHash,
      profileOf(after.rollout, "platform").policyHash,
    );
    assert.deepStrictEqual(Object.keys(pilot.objects), ["developer", "platform"]);
    assert.deepStrictEqual(Object.keys(broad.objects), ["contractor", "developer", "security-reviewer", "platform"]);
  });

  it("publishes both developer releases and every other release once, each key once", () => {
    const keys = plan.published.map((o) => o.key);
    assert.strictEqual(new Set(keys).size, keys.length);
    const union = new Set(
      rings.flatMap((_, i) => Object.values(plan.rings[i].objects).flatMap((l) => l.map((o) => o.key))),
    );
    assert.deepStrictEqual(keys, [...union].sort());
    for (const document of [oldDeveloper, newDeveloper]) {
      assert.ok(keys.includes(`profiles/developer/${document.settingsSha256}/managed-settings.json`));
      assert.ok(keys.includes(`profiles/developer/${document.windows.settingsSha256}/windows/managed-settings.json`));
    }
    // The two developer releases share exactly the objects that do not depend on the documents: helpers and
    // managed-mcp.json (its servers did not change). Everything else exists twice, under two keys.
    const oldObjects = byPath(broad.objects.developer);
    const newObjects = byPath(pilot.objects.developer);
    assert.deepStrictEqual(Object.keys(oldObjects), Object.keys(newObjects));
    assert.deepStrictEqual(
      Object.keys(oldObjects).filter((path) => oldObjects[path].key === newObjects[path].key),
      [
        "bin/aws-credential-export",
        "bin/otel-headers",
        "managed-mcp.json",
        "windows/bin/aws-credential-export.ps1",
        "windows/bin/otel-headers.ps1",
        "windows/managed-mcp.json",
      ],
    );
    const perRelease = Object.values(broad.objects).reduce((sum, list) => sum + list.length, 0);
    assert.strictEqual(keys.length, perRelease + Object.keys(newObjects).length - 6);
  });

  it("renders a release pinned by two rings once: both rings hold the same objects", () => {
    assert.strictEqual(pilot.objects.platform, broad.objects.platform);
    assert.strictEqual(pilot.objects.developer, plan.candidate.developer);
    assert.notStrictEqual(broad.objects.developer, plan.candidate.developer);
  });

  it("points each ring of the manifest at its own release's hashes, targeting and keys", () => {
    const manifest = JSON.parse(plan.manifest);
    assert.deepStrictEqual(
      manifest.rings.map((r: { name: string; groups: string[] }) => [r.name, r.groups]),
      [
        ["pilot", ["Eng - Backend", "Platform Engineering"]],
        ["broad", after.rollout.assignments.map((a) => a.group).filter((g) => !rings[0].groups.includes(g))],
      ],
    );
    for (const [index, document, objects] of [
      [0, newDeveloper, pilot.objects.developer],
      [1, oldDeveloper, broad.objects.developer],
    ] as const) {
      const entry = manifest.rings[index].profiles.developer;
      assert.strictEqual(entry.policyHash, document.policyHash);
      assert.deepStrictEqual(entry.settingsSha256, {
        posix: document.settingsSha256,
        windows: document.windows.settingsSha256,
      });
      assert.deepStrictEqual(entry.resolvedSha256, {
        posix: document.resolvedSha256,
        windows: document.windows.resolvedSha256,
      });
      assert.deepStrictEqual(
        entry.objects,
        Object.fromEntries(objects.map((o) => [o.path, { key: o.key, sha256: o.sha256 }])),
      );
    }
    assert.deepStrictEqual(manifest.rings[0].profiles.developer.includeGroups, ["Eng - Backend"]);
    assert.deepStrictEqual(manifest.rings[1].profiles.developer.includeGroups, [
      "Eng - Frontend",
      "Eng - Mobile",
      "Data Science",
    ]);
    assert.deepStrictEqual(manifest.rings[1].profiles.developer.excludeGroups, [
      "claude-code-prod-platform",
      "claude-code-prod-security-reviewer",
      "Eng - Backend",
    ]);
    // Every key the manifest names is published, and every published key is named.
    const named = manifest.rings.flatMap(
      (r: { profiles: Record<string, { objects: Record<string, { key: string }> }> }) =>
        Object.values(r.profiles).flatMap((p) => Object.values(p.objects).map((o) => o.key)),
    );
    assert.deepStrictEqual(
      [...new Set(named)].sort(),
      plan.published.map((o) => o.key),
    );
  });

  it("gives each ring installers that install its own release's documents", () => {
    for (const [objects, document] of [
      [byPath(broad.objects.developer), oldDeveloper],
      [byPath(pilot.objects.developer), newDeveloper],
    ] as const) {
      assert.strictEqual(objects["managed-settings.json"].content, document.settingsJson);
      assert.strictEqual(objects["windows/managed-settings.json"].content, document.windows.settingsJson);
      assert.strictEqual(
        embeddedInShell(objects["install.sh"].content, "managed-settings.json"),
        document.settingsJson,
      );
      assert.strictEqual(
        embeddedInPowerShell(objects["install.ps1"].content, "managed-settings.json"),
        document.windows.settingsJson,
      );
      // The drift checks expect that release's hash, and the profile and registry forms carry it.
      assert.ok(
        objects["detect.sh"].content.includes(`managed-settings.json) expected_sha256='${document.settingsSha256}';`),
      );
      assert.ok(objects["detect.ps1"].content.includes(`Sha256 = '${document.windows.settingsSha256}'`));
      assert.ok(objects["developer.mobileconfig"].content.includes(`sha256 ${document.settingsSha256}.`));
      assert.ok(objects["developer.reg"].content.includes(`sha256 ${document.windows.settingsSha256}\r\n`));
    }
    assert.strictEqual(sha256Hex(oldDeveloper.settingsJson), oldDeveloper.settingsSha256);
    assert.ok(!oldDeveloper.settingsJson.includes("npm run typecheck"));
    assert.ok(newDeveloper.settingsJson.includes("npm run typecheck"));
  });

  it("renders the same plan byte for byte from the same rings", () => {
    assert.strictEqual(slice(planFor(after, rings)).manifest, plan.manifest);
  });
});

describe("planDistribution with rings: what a ring runs must still ship", () => {
  it("publishes a release pinned by both rings once", () => {
    const plan = slice(
      planFor(after, [
        ring("pilot", after.rollout, after.rollout.profiles),
        ring("broad", after.rollout, after.rollout.profiles),
      ]),
    );
    const candidateKeys = Object.values(plan.candidate)
      .flat()
      .map((o) => o.key)
      .sort();
    assert.deepStrictEqual(
      plan.published.map((o) => o.key),
      candidateKeys,
    );
    assert.strictEqual(plan.rings[0].objects.developer, plan.rings[1].objects.developer);
  });

  it("refuses a release whose settings run a helper the stack no longer ships, naming the release and ring", () => {
    // Telemetry removed from the stack file, broad still on the release recorded with it.
    const project = prodProject();
    delete project.telemetry;
    const withoutTelemetry = compiled(project);
    const plan = planFor(withoutTelemetry, [
      ring("pilot", withoutTelemetry.rollout, withoutTelemetry.rollout.profiles),
      ring("broad", withoutTelemetry.rollout, [oldDeveloper]),
    ]);
    assert.strictEqual(plan.slice, undefined);
    const release = `the release ${oldDeveloper.policyHash} that ring broad runs`;
    assert.deepStrictEqual(plan.problems, [
      {
        path: "profiles.developer",
        message: `${release}: its posix settings run helper "otel-headers" (otelHeadersHelper), which the stack no longer ships; release the current compile to that ring, or restore the section that ships it`,
      },
      {
        path: "profiles.developer",
        message: `${release}: its windows settings run helper "otel-headers.ps1" (otelHeadersHelper), which the stack no longer ships; release the current compile to that ring, or restore the section that ships it`,
      },
    ]);
  });

  it("throws (a programming error) for a ring running a profile without helpers, even one named like an Object member", () => {
    // planRings runs only the stack's profiles; "constructor" must not find Object's constructor as its helpers.
    const developer = profileOf(after.rollout, "developer");
    const broad = ring("broad", after.rollout, after.rollout.profiles);
    const constructor = { release: { ...developer, name: "constructor" }, includeGroups: [], excludeGroups: [] };
    assert.throws(
      () => planFor(after, [{ ...broad, profiles: { ...broad.profiles, constructor } }]),
      new Error(`planDistribution: no helpers for profile "constructor"; pass every profile's`),
    );
  });

  it("names the release and every ring running it for settings a format cannot carry, once", () => {
    const bad = (doc: CompiledProfile["windows"]) => ({
      ...doc,
      settings: { ...doc.settings, model: null } as unknown as typeof doc.settings,
    });
    // A release differing from the candidate by its (invalid) documents, pinned by both rings.
    const broken = { ...oldDeveloper, ...bad(oldDeveloper), windows: bad(oldDeveloper.windows) };
    const plan = planFor(after, [ring("pilot", after.rollout, [broken]), ring("broad", after.rollout, [broken])]);
    assert.strictEqual(plan.slice, undefined);
    assert.deepStrictEqual(plan.problems, [
      {
        path: "profiles.developer",
        message: `the release ${oldDeveloper.policyHash} that rings pilot, broad run: the macOS configuration profile (.mobileconfig) cannot carry model of its managed settings: null has no plist form; remove the key or give it a value`,
      },
    ]);
  });
});
