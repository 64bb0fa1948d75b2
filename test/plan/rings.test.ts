import * as assert from "assert";
import { loadRolloutConfig, RawRolloutConfig, RolloutConfig } from "../../components/config";
import { planRings, RingPlan, RingsSlice } from "../../components/plan/rings";
import { recordRing, ReleaseFile, renderReleaseFile } from "../../components/plan/release-file";
import { compileRollout, CompiledRollout } from "../../components/settings";
import { sampleConfig } from "../fixtures/config";
import { planVariant, projectOf, variant } from "./stacks";

// planRings: what each ring runs and whom its installers target, from the config, the current compile and
// the release file — and the release flow of the "Done when" at plan level.

const VERSION = "2.1.329";
const TODAY = new Date("2026-03-10T12:00:00Z");
const FILE = "/stacks/Pulumi.dev.release.json";

/** sampleConfig with two more groups and two rings: pilot (Eng - Backend, Platform) and broad (the rest). */
function ringed(edit: (raw: RawRolloutConfig) => void = () => {}): RolloutConfig {
  const raw = sampleConfig();
  raw.assignments = [
    { group: "Contractors", profile: "restricted" },
    { group: "Eng - Frontend", profile: "standard" },
    { group: "Eng - Backend", profile: "standard" },
    { group: "Platform", profile: "platform" },
    { group: "SRE", profile: "platform" },
  ];
  raw.rollout = { rings: [{ name: "pilot", groups: ["Eng - Backend", "Platform"], soakDays: 2 }, { name: "broad" }] };
  edit(raw);
  return loadRolloutConfig(raw, "dev");
}

/** The release file with `rings` running the compile (each ring released on `day`). */
function released(rollout: CompiledRollout, rings: string[], file?: ReleaseFile, day = "2026-03-01"): ReleaseFile {
  return rings.reduce<ReleaseFile | undefined>(
    (current, ring) =>
      recordRing(current, ring, { releasedAt: day, profiles: rollout.profiles, replace: true }, ["pilot", "broad"]),
    file,
  )!;
}

function plan(config: RolloutConfig, rollout: CompiledRollout, file: ReleaseFile | string | undefined): RingsSlice {
  const text = typeof file === "string" ? file : file && renderReleaseFile(file);
  const planned = planRings({ config, rollout, release: text === undefined ? undefined : { file: FILE, text } });
  assert.deepStrictEqual(planned.problems, []);
  return planned.slice!;
}

function problemsOf(config: RolloutConfig, rollout: CompiledRollout, text: string | undefined): string[] {
  const planned = planRings({ config, rollout, release: text === undefined ? undefined : { file: FILE, text } });
  assert.strictEqual(planned.slice, undefined);
  return planned.problems.map((p) => `${p.path}: ${p.message}`);
}

/** Per ring: profile → [policyHash, includeGroups, excludeGroups]. */
function targeting(rings: readonly RingPlan[]) {
  return rings.map((ring) => ({
    name: ring.name,
    groups: ring.groups,
    profiles: Object.fromEntries(
      Object.entries(ring.profiles).map(([name, p]) => [name, [p.includeGroups, p.excludeGroups]]),
    ),
  }));
}

const hashes = (ring: RingPlan) =>
  Object.fromEntries(Object.entries(ring.profiles).map(([n, p]) => [n, p.release.policyHash]));

describe("plan: rings", () => {
  it("a stack without rings: one ring 'all' running the current compile, no release file needed", () => {
    const config = loadRolloutConfig(sampleConfig(), "dev");
    const rollout = compileRollout(config, VERSION);
    const slice = plan(config, rollout, undefined);
    assert.deepStrictEqual(targeting(slice.rings), [
      {
        name: "all",
        groups: ["Contractors", "Eng - Frontend", "Platform"],
        profiles: {
          restricted: [["Contractors"], ["claude-code-dev-platform", "claude-code-dev-standard"]],
          standard: [["Eng - Frontend"], ["claude-code-dev-platform"]],
          platform: [["Platform"], []],
        },
      },
    ]);
    assert.strictEqual(slice.rings[0].releasedAt, undefined);
    assert.strictEqual(slice.rings[0].soakDays, 0);
    assert.deepStrictEqual(
      slice.releases.map((r) => [r.name, r.policyHash]),
      rollout.profiles.map((p) => [p.name, p.policyHash]).sort(),
    );
    assert.deepStrictEqual(slice.warnings, []);
  });

  it("a ring-less stack with a leftover release file warns that the file is unused", () => {
    const config = loadRolloutConfig(sampleConfig(), "dev");
    const rollout = compileRollout(config, VERSION);
    const file = released(compileRollout(ringed(), VERSION), ["pilot"]);
    assert.deepStrictEqual(plan(config, rollout, file).warnings, [
      "Pulumi.dev.release.json: the stack has no rollout.rings, so every device runs the current compile and this file is unused — delete it",
    ]);
  });

  it("two rings: include = the ring's groups of the profile; exclude = higher profiles' Entra groups and the profile's earlier rings", () => {
    const config = ringed();
    const rollout = compileRollout(config, VERSION);
    const slice = plan(config, rollout, released(rollout, ["pilot", "broad"]));
    assert.deepStrictEqual(targeting(slice.rings), [
      {
        name: "pilot",
        groups: ["Eng - Backend", "Platform"],
        profiles: {
          restricted: [[], ["claude-code-dev-platform", "claude-code-dev-standard"]],
          standard: [["Eng - Backend"], ["claude-code-dev-platform"]],
          platform: [["Platform"], []],
        },
      },
      {
        name: "broad",
        groups: ["Contractors", "Eng - Frontend", "SRE"],
        profiles: {
          restricted: [["Contractors"], ["claude-code-dev-platform", "claude-code-dev-standard"]],
          standard: [["Eng - Frontend"], ["claude-code-dev-platform", "Eng - Backend"]],
          platform: [["SRE"], ["Platform"]],
        },
      },
    ]);
    assert.deepStrictEqual(
      slice.rings.map((r) => [r.name, r.soakDays, r.releasedAt]),
      [
        ["pilot", 2, "2026-03-01"],
        ["broad", 7, "2026-03-01"],
      ],
    );
    assert.deepStrictEqual(slice.warnings, []);
  });

  it("Done when: a changed profile reaches no ring until released; then the pilot runs the new hash, broad the old, both are releases", () => {
    const before = compileRollout(ringed(), VERSION);
    const file = released(before, ["pilot", "broad"]);
    const changed = ringed((raw) => raw.profiles.standard.permissions!.allow!.push("Bash(npm run lint)"));
    const after = compileRollout(changed, VERSION);
    const old = before.profiles.find((p) => p.name === "standard")!.policyHash;
    const candidate = after.profiles.find((p) => p.name === "standard")!.policyHash;
    assert.notStrictEqual(old, candidate);

    // Merged, not released: every ring still runs what it ran; synth says the candidate runs nowhere.
    const merged = plan(changed, after, file);
    const unchanged = Object.fromEntries(before.profiles.map((p) => [p.name, p.policyHash]));
    assert.deepStrictEqual(merged.rings.map(hashes), [unchanged, unchanged]);
    // platform extends standard: it changes too.
    const platform = after.profiles.find((p) => p.name === "platform")!.policyHash;
    assert.deepStrictEqual(merged.warnings, [
      `profiles.standard: the current compile (policy ${candidate.slice(0, 12)}) runs in no ring yet — \`npm run release -- dev --ring pilot\` starts it in the first ring`,
      `profiles.platform: the current compile (policy ${platform.slice(0, 12)}) runs in no ring yet — \`npm run release -- dev --ring pilot\` starts it in the first ring`,
    ]);
    assert.deepStrictEqual(
      merged.releases.map((r) => [r.name, r.policyHash]),
      before.profiles.map((p) => [p.name, p.policyHash]).sort(),
    );

    // `npm run release -- dev --ring pilot`: the pilot runs the new hash, broad the old; both are published.
    const piloted = plan(changed, after, released(after, ["pilot"], file, "2026-03-05"));
    assert.deepStrictEqual(
      piloted.rings.map((r) => [r.name, r.releasedAt, hashes(r).standard]),
      [
        ["pilot", "2026-03-05", candidate],
        ["broad", "2026-03-01", old],
      ],
    );
    assert.deepStrictEqual(
      piloted.releases.filter((r) => r.name === "standard").map((r) => r.policyHash),
      [old, candidate].sort(),
    );
    assert.deepStrictEqual(
      piloted.releases.map((r) => r.name),
      ["platform", "platform", "restricted", "standard", "standard"],
    );
    const pilotStandard = piloted.rings[0].profiles.standard.release;
    assert.strictEqual(pilotStandard.settingsJson, after.profiles.find((p) => p.name === "standard")!.settingsJson);
    const broadStandard = piloted.rings[1].profiles.standard.release;
    assert.strictEqual(broadStandard.settingsJson, before.profiles.find((p) => p.name === "standard")!.settingsJson);
    assert.deepStrictEqual(piloted.warnings, []);

    // Promotion: broad takes the pilot's release; only the new document is left to publish.
    const promoted = plan(changed, after, released(after, ["broad"], released(after, ["pilot"], file)));
    assert.deepStrictEqual(
      promoted.releases.filter((r) => r.name === "standard").map((r) => r.policyHash),
      [candidate],
    );
  });

  it("with rings and no release file: one problem naming the file and the command per ring", () => {
    const config = ringed();
    assert.deepStrictEqual(problemsOf(config, compileRollout(config, VERSION), undefined), [
      "Pulumi.dev.release.json: the stack has rings (pilot, broad) and no release file — record what each ring runs: `npm run release -- dev --ring pilot`, then `npm run release -- dev --ring broad`",
    ]);
  });

  it("a ring without a release, a ring the stack no longer has, and a pinned profile the stack dropped are problems", () => {
    const config = ringed();
    const rollout = compileRollout(config, VERSION);
    const onlyPilot = renderReleaseFile(released(rollout, ["pilot"]));
    assert.deepStrictEqual(problemsOf(config, rollout, onlyPilot), [
      'Pulumi.dev.release.json: rings.broad: ring "broad" has no release — record what it runs: `npm run release -- dev --ring broad`',
    ]);
    const renamed = ringed((raw) => (raw.rollout!.rings![0].name = "canary"));
    const both = renderReleaseFile(released(rollout, ["pilot", "broad"]));
    assert.deepStrictEqual(problemsOf(renamed, compileRollout(renamed, VERSION), both), [
      'Pulumi.dev.release.json: rings.pilot: no ring "pilot" in rollout.rings — `npm run release -- dev --ring <ring>` drops it, or add the ring back',
      'Pulumi.dev.release.json: rings.canary: ring "canary" has no release — record what it runs: `npm run release -- dev --ring canary`',
    ]);
    const dropped = ringed((raw) => {
      delete raw.profiles.restricted;
      raw.assignments = raw.assignments!.filter((a) => a.profile !== "restricted");
    });
    assert.deepStrictEqual(problemsOf(dropped, compileRollout(dropped, VERSION), both), [
      'Pulumi.dev.release.json: rings.pilot.profiles.restricted: profile "restricted" is no longer in the stack — `npm run release -- dev --ring pilot` records the ring\'s current profiles and drops it',
      'Pulumi.dev.release.json: rings.broad.profiles.restricted: profile "restricted" is no longer in the stack — `npm run release -- dev --ring broad` records the ring\'s current profiles and drops it',
    ]);
  });

  it("a new profile with groups in a ring and no release there is a warning: it reaches no device of that ring", () => {
    const config = ringed();
    const file = released(compileRollout(config, VERSION), ["pilot", "broad"]);
    const grown = ringed((raw) => {
      raw.profiles.docs = { priority: 5, description: "Docs", intent: { edits: "none", network: "none" } };
      raw.assignments!.push({ group: "Tech Writers", profile: "docs" });
    });
    const rollout = compileRollout(grown, VERSION);
    const slice = plan(grown, rollout, file);
    const docs = rollout.profiles.find((p) => p.name === "docs")!;
    assert.deepStrictEqual(slice.warnings, [
      'rollout.rings[1]: profile "docs" has no release in ring "broad", so its groups there (Tech Writers) get no installer until `npm run release -- dev --ring broad`',
      `profiles.docs: the current compile (policy ${docs.policyHash.slice(0, 12)}) runs in no ring yet — \`npm run release -- dev --ring pilot\` starts it in the first ring`,
    ]);
    assert.ok(slice.rings.every((ring) => !Object.hasOwn(ring.profiles, "docs")));
  });

  it("prod through the whole plan: a profile edit is the candidate only — no ring, release or published object moves", () => {
    const base = planVariant(variant("prod"), TODAY);
    const profiles = projectOf("prod").profiles as Record<string, Record<string, unknown>>;
    const platform = { ...profiles.platform, announcements: ["Ring test"] };
    const edited = planVariant(variant("prod", { project: { profiles: { ...profiles, platform } } }), TODAY);
    const compiled = (plan: typeof base) => plan.rollout.profiles.find((p) => p.name === "platform")!.policyHash;
    assert.notStrictEqual(compiled(edited), compiled(base));
    assert.deepStrictEqual(edited.rings.map(hashes), base.rings.map(hashes));
    assert.strictEqual(base.rings[0].profiles.platform.release.policyHash, compiled(base));
    const keys = (plan: typeof base) => plan.distribution.published.map((o) => o.key);
    assert.deepStrictEqual(keys(edited), keys(base));
    assert.deepStrictEqual(
      edited.releases.map((r) => `${r.name}@${r.policyHash}`),
      base.releases.map((r) => `${r.name}@${r.policyHash}`),
    );
  });
  it("a verify scenario edited in the stack (not hashed) leaves the recorded release valid; a repointed MCP server is a new release", () => {
    const before = compileRollout(ringed(), VERSION);
    const file = released(before, ["pilot", "broad"]);
    const standard = (rollout: CompiledRollout) => rollout.profiles.find((p) => p.name === "standard")!;
    const scenario = ringed((raw) => {
      raw.profiles.standard.verify = [{ tool: "Bash", input: { command: "ls" }, expect: "executed" }];
    });
    assert.strictEqual(standard(compileRollout(scenario, VERSION)).policyHash, standard(before).policyHash);
    // plan() asserts no problem: the rings keep running the recorded release.
    const kept = plan(scenario, compileRollout(scenario, VERSION), file).rings;
    assert.strictEqual(kept[0].profiles.standard.release.policyHash, standard(before).policyHash);

    const repointed = ringed((raw) => {
      raw.mcpServers = { github: { url: "https://mcp.example.com/github", purpose: "PRs and issues" } };
    });
    const after = compileRollout(repointed, VERSION);
    assert.notStrictEqual(standard(after).policyHash, standard(before).policyHash);
    // Each ring runs what was released: the recorded documents, not the edited compile's.
    const rings = plan(repointed, after, file).rings;
    assert.strictEqual(rings[0].profiles.standard.release.mcp!.sha256, standard(before).mcp!.sha256);
    assert.strictEqual(rings[0].profiles.standard.release.policyHash, standard(before).policyHash);
  });
  it("a release file with a hundred rings the stack does not have: 50 problems listed, then how many more", () => {
    const config = ringed();
    const rollout = compileRollout(config, VERSION);
    const json = JSON.parse(renderReleaseFile(released(rollout, ["pilot", "broad"])));
    for (let i = 0; i < 100; i++) json.rings[`gone-${i}`] = { releasedAt: "2026-03-01", profiles: {} };
    const found = problemsOf(config, rollout, JSON.stringify(json));
    assert.strictEqual(found.length, 51);
    assert.ok(
      found[0].startsWith('Pulumi.dev.release.json: rings.gone-0: no ring "gone-0" in rollout.rings'),
      found[0],
    );
    assert.ok(
      found[50].startsWith("Pulumi.dev.release.json: 50 more problems not listed — restore the file"),
      found[50],
    );
  });
});
