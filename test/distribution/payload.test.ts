import * as assert from "assert";
import { readStack } from "../../cli/stack";
import { loadRolloutConfig } from "../../components/config";
import { clientHelpers } from "../../components/distribution";
import { profileObjects, renderManifest } from "../../components/plan/artefacts/objects";
import { payloadFiles } from "../../components/plan/artefacts/payload-files";
import { planDistribution } from "../../components/plan/distribution";
import { CompiledRollout, compileRollout, PINNED_CLIENT_VERSION, sha256Hex } from "../../components/settings";
import { everyone } from "./rings-fixture";

const config = loadRolloutConfig(readStack("prod").projectConfig, "prod");

function prodRollout(): CompiledRollout {
  return compileRollout(config, PINNED_CLIENT_VERSION);
}

const ARTEFACTS = (profile: string) => [
  "detect.ps1",
  "detect.sh",
  "install.ps1",
  "install.sh",
  `${profile}.mobileconfig`,
  `${profile}.reg`,
];

describe("distribution payload and published objects (pure)", () => {
  const rollout = prodRollout();
  const helpers = clientHelpers(config, rollout);
  const profile = (name: string) => rollout.profiles.find((p) => p.name === name)!;

  it("lists per OS family the settings document of that family and managed-mcp.json", () => {
    const developer = profile("developer");
    const mcp = {
      name: "managed-mcp.json",
      content: developer.mcp!.json,
      sha256: developer.mcp!.sha256,
      mode: "0644",
      target: "managed",
    };
    assert.deepStrictEqual(payloadFiles(developer, "posix", []), [
      {
        name: "managed-settings.json",
        content: developer.settingsJson,
        sha256: developer.settingsSha256,
        mode: "0644",
        target: "managed",
      },
      mcp,
    ]);
    assert.deepStrictEqual(payloadFiles(developer, "windows", []), [
      {
        name: "managed-settings.json",
        content: developer.windows.settingsJson,
        sha256: developer.windows.settingsSha256,
        mode: "0644",
        target: "managed",
      },
      mcp,
    ]);
  });

  it("ships no managed-mcp.json for a profile without MCP servers", () => {
    assert.deepStrictEqual(
      payloadFiles(profile("contractor"), "posix", []).map((f) => f.name),
      ["managed-settings.json"],
    );
  });

  it("keys every object by the sha256 of its own content, settings under settingsSha256", () => {
    for (const p of rollout.profiles) {
      const objects = profileObjects(p, rollout.environment, rollout.clientVersion, helpers[p.name]);
      const shipped = [
        ...helpers[p.name].posix.map((h) => `bin/${h.name}`),
        ...helpers[p.name].windows.map((h) => `windows/bin/${h.name}`),
      ];
      const payload = [
        ...shipped,
        ...(p.mcp
          ? ["managed-mcp.json", "managed-settings.json", "windows/managed-mcp.json", "windows/managed-settings.json"]
          : ["managed-settings.json", "windows/managed-settings.json"]),
      ];
      assert.deepStrictEqual(
        objects.map((o) => o.path),
        [...ARTEFACTS(p.name), ...payload].sort(),
      );
      for (const o of objects) {
        assert.strictEqual(o.sha256, sha256Hex(o.content));
        assert.strictEqual(o.key, `profiles/${p.name}/${o.sha256}/${o.path}`);
      }
      const byPath = Object.fromEntries(objects.map((o) => [o.path, o]));
      assert.strictEqual(
        byPath["managed-settings.json"].key,
        `profiles/${p.name}/${p.settingsSha256}/managed-settings.json`,
      );
      assert.strictEqual(byPath["managed-settings.json"].content, p.settingsJson);
      assert.strictEqual(byPath["windows/managed-settings.json"].content, p.windows.settingsJson);
      assert.strictEqual(byPath["managed-settings.json"].contentType, "application/json");
    }
  });

  it("embeds each OS family's own settings hash in that family's artefacts", () => {
    const p = profile("platform");
    const byPath = Object.fromEntries(
      profileObjects(p, "prod", PINNED_CLIENT_VERSION, helpers[p.name]).map((o) => [o.path, o.content]),
    );
    assert.notStrictEqual(p.settingsSha256, p.windows.settingsSha256, "sample should differ per OS family");
    for (const name of ["install.sh", "detect.sh", "platform.mobileconfig"]) {
      assert.ok(byPath[name].includes(p.settingsSha256) && !byPath[name].includes(p.windows.settingsSha256), name);
    }
    for (const name of ["install.ps1", "detect.ps1", "platform.reg"]) {
      assert.ok(byPath[name].includes(p.windows.settingsSha256) && !byPath[name].includes(p.settingsSha256), name);
    }
  });

  it("renders a deterministic manifest: profile targeting, per ring the hashes, targeting and object keys, the client version", () => {
    const rings = planDistribution({ config, rollout, helpers, rings: [everyone(rollout)] }).slice!.rings;
    const manifest = JSON.parse(renderManifest(rollout, rings));
    const again = prodRollout();
    assert.strictEqual(
      renderManifest(
        again,
        planDistribution({ config, rollout: again, helpers, rings: [everyone(again)] }).slice!.rings,
      ),
      renderManifest(rollout, rings),
    );
    assert.deepStrictEqual(Object.keys(manifest), ["clientVersion", "environment", "profiles", "rings"]);
    assert.strictEqual(manifest.clientVersion, PINNED_CLIENT_VERSION);
    assert.deepStrictEqual(manifest.profiles.developer, {
      excludeGroups: ["claude-code-prod-platform", "claude-code-prod-security-reviewer"],
      includeGroup: "claude-code-prod-developer",
      priority: 20,
    });
    assert.deepStrictEqual(
      manifest.rings.map((r: { name: string; groups: string[]; profiles: object }) => [
        r.name,
        r.groups,
        Object.keys(r.profiles),
      ]),
      [["all", rollout.assignments.map((a) => a.group), ["contractor", "developer", "platform", "security-reviewer"]]],
    );
    const developer = profile("developer");
    const entry = manifest.rings[0].profiles.developer;
    assert.deepStrictEqual(
      { ...entry, objects: undefined },
      {
        excludeGroups: ["claude-code-prod-platform", "claude-code-prod-security-reviewer"],
        // Stack-file order, as planRings targets.
        includeGroups: ["Eng - Frontend", "Eng - Backend", "Eng - Mobile", "Data Science"],
        objects: undefined,
        policyHash: developer.policyHash,
        resolvedSha256: { posix: developer.resolvedSha256, windows: developer.windows.resolvedSha256 },
        settingsSha256: { posix: developer.settingsSha256, windows: developer.windows.settingsSha256 },
      },
    );
    assert.deepStrictEqual(
      entry.objects,
      Object.fromEntries(
        profileObjects(developer, "prod", PINNED_CLIENT_VERSION, helpers[developer.name]).map((o) => [
          o.path,
          { key: o.key, sha256: o.sha256 },
        ]),
      ),
    );
  });
});

describe("planDistribution (pure): every problem before any resource", () => {
  const rollout = prodRollout();
  const helpers = clientHelpers(config, rollout);

  it("renders each profile's objects once and a manifest naming exactly them; storage is the stack's section", () => {
    const plan = planDistribution({ config, rollout, helpers, rings: [everyone(rollout)] });
    assert.deepStrictEqual(plan.problems, []);
    const slice = plan.slice!;
    assert.deepStrictEqual(slice.storage, config.distribution);
    const manifest = JSON.parse(slice.manifest);
    for (const p of rollout.profiles) {
      const objects = profileObjects(p, "prod", PINNED_CLIENT_VERSION, helpers[p.name]);
      assert.deepStrictEqual(slice.candidate[p.name], objects);
      // The one ring runs the candidate: the very same objects, not a second rendering.
      assert.strictEqual(slice.rings[0].objects[p.name], slice.candidate[p.name]);
      assert.deepStrictEqual(
        manifest.rings[0].profiles[p.name].objects,
        Object.fromEntries(objects.map((o) => [o.path, { key: o.key, sha256: o.sha256 }])),
      );
    }
    assert.deepStrictEqual(
      slice.published.map((o) => o.key),
      Object.values(slice.candidate)
        .flat()
        .map((o) => o.key)
        .sort(),
    );
  });

  it("without a distribution section still renders the artefacts (synth writes them), with no storage", () => {
    const plan = planDistribution({
      config: { ...config, distribution: undefined },
      rollout,
      helpers,
      rings: [everyone(rollout)],
    });
    assert.deepStrictEqual(plan.problems, []);
    assert.strictEqual(plan.slice!.storage, undefined);
    assert.deepStrictEqual(
      Object.keys(plan.slice!.candidate),
      rollout.profiles.map((p) => p.name),
    );
  });

  it("lists every storage problem with its stack-file path and fix", () => {
    const plan = planDistribution({
      config: { ...config, distribution: { mdmReaderArns: [], noncurrentVersionDays: 0.5 } },
      rollout,
      helpers,
      rings: [everyone(rollout)],
    });
    assert.deepStrictEqual(plan.problems, [
      {
        path: "distribution.mdmReaderArns",
        message: "empty — list the IAM role ARNs your MDM reads the artefacts with",
      },
      { path: "distribution.noncurrentVersionDays", message: "0.5 — use a whole number of days, at least 1" },
    ]);
  });

  it("names the profile and every setting the .mobileconfig cannot carry, not just the first", () => {
    const developer = rollout.profiles.find((p) => p.name === "developer")!;
    const bad = (doc: typeof developer.windows) => ({
      ...doc,
      settings: {
        ...doc.settings,
        model: null,
        companyAnnouncements: ["bell \u0007"],
      } as unknown as typeof doc.settings,
    });
    const broken = { ...developer, ...bad(developer), windows: bad(developer.windows) };
    const candidate = { ...rollout, profiles: rollout.profiles.map((p) => (p.name === "developer" ? broken : p)) };
    // The one ring runs the candidate: each problem is reported once.
    const plan = planDistribution({ config, rollout: candidate, helpers, rings: [everyone(candidate)] });
    assert.strictEqual(plan.slice, undefined);
    assert.deepStrictEqual(plan.problems, [
      {
        path: "profiles.developer",
        message:
          "the macOS configuration profile (.mobileconfig) cannot carry companyAnnouncements[0] of its managed settings: contains a control character that XML (and so a .mobileconfig) cannot carry",
      },
      {
        path: "profiles.developer",
        message:
          "the macOS configuration profile (.mobileconfig) cannot carry model of its managed settings: null has no plist form; remove the key or give it a value",
      },
    ]);
  });

  it("rejects a stack name the installers cannot carry, naming it", () => {
    const plan = planDistribution({ config, rollout: { ...rollout, environment: "-prod" }, helpers, rings: [] });
    assert.strictEqual(plan.slice, undefined);
    assert.deepStrictEqual(
      plan.problems.map((p) => p.path),
      ["stack name"],
    );
  });
});
