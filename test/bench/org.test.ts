import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { isObjectId, loadRolloutConfig } from "../../components/config";
import { compileRollout, PINNED_CLIENT_VERSION } from "../../components/settings";
import { DEFAULT_SHAPE, DOCS_DOMAINS, generateOrg, MAX_PROFILES, OrgShape, profileNames } from "../../cli/bench/org";
import { createPrng } from "../../cli/bench/prng";
import { syntheticStack } from "../../cli/bench/stack";
import { planStack } from "../../cli/synth/run";
import { MAX_GROUPS_PER_PROFILE } from "../../components/plan";
import { PROJECT, readStack } from "../../cli/stack";

interface GeneratedProfile {
  priority: number;
  extends?: string;
  permissions: { allow: string[]; ask: string[]; deny: string[] };
  mcp: string[];
  verify: { tool: string; input: { command: string }; expect: string }[];
}

describe("bench: synthetic organisations", () => {
  const template = readStack("prod");
  const shape = (groups: number, profiles: number, extra: Partial<OrgShape> = {}): OrgShape => ({
    ...DEFAULT_SHAPE,
    groups,
    profiles,
    ...extra,
  });
  const profilesOf = (raw: Record<string, unknown>) => raw.profiles as Record<string, GeneratedProfile>;
  const assignmentsOf = (raw: Record<string, unknown>) => raw.assignments as { group: string; profile: string }[];

  it("the PRNG is seeded: the same seed gives the same sequence, pinned across machines", () => {
    const a = createPrng(42);
    const b = createPrng(42);
    const first = [a.next(), a.next(), a.next()];
    assert.deepStrictEqual([b.next(), b.next(), b.next()], first);
    assert.deepStrictEqual(
      first.map((x) => x.toFixed(6)),
      ["0.601104", "0.448291", "0.852466"],
    );
    assert.match(createPrng(7).guid(), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("is deterministic: the same shape gives byte-identical config, another seed a different one", () => {
    const once = JSON.stringify(generateOrg(shape(200, 12), template.projectConfig));
    assert.strictEqual(JSON.stringify(generateOrg(shape(200, 12), template.projectConfig)), once);
    assert.notStrictEqual(JSON.stringify(generateOrg(shape(200, 12, { seed: 1 }), template.projectConfig)), once);
  });

  for (const [groups, profiles] of [
    [10, 4],
    [1_000, 20],
    [10_000, 50],
  ]) {
    it(`(${groups} groups, ${profiles} profiles) passes loadRolloutConfig and compiles with no warning but the Windows sandbox note`, () => {
      const raw = generateOrg(shape(groups, profiles), template.projectConfig);
      const config = loadRolloutConfig(raw, template.stack);
      assert.strictEqual(config.assignments.length, groups);
      assert.strictEqual(Object.keys(config.profiles).length, profiles);
      const rollout = compileRollout(config, PINNED_CLIENT_VERSION);
      // Allowed test runners are real org behaviour; Windows, having no command sandbox, asks for them instead.
      const windowsNote =
        /^profiles\.[a-z0-9-]+: Windows has no command sandbox, so its document leaves out the allows that run repository code \(they ask there\): /;
      assert.deepStrictEqual(
        rollout.warnings.filter((w) => !windowsNote.test(w)),
        [],
      );
    });
  }

  it("replaces only profiles, assignments and the MCP and domain catalogues, drops the rings (no release file); every other section comes from the template", () => {
    const raw = generateOrg(shape(50, 6), template.projectConfig);
    assert.ok("rollout" in template.projectConfig && !("rollout" in raw));
    const carried = Object.keys(template.projectConfig)
      .filter((k) => !["profiles", "assignments", "mcpServers", "networkDomains", "rollout"].includes(k))
      .sort();
    assert.ok(
      carried.includes("baseline") && carried.includes("credentials") && carried.includes("telemetry"),
      carried.join(", "),
    );
    for (const key of carried) assert.deepStrictEqual(raw[key], template.projectConfig[key], key);
    const catalogue = raw.mcpServers as Record<string, unknown>;
    for (const [name, server] of Object.entries(template.projectConfig.mcpServers as Record<string, unknown>))
      assert.deepStrictEqual(catalogue[name], server);
    assert.strictEqual(
      Object.keys(catalogue).length,
      Object.keys(template.projectConfig.mcpServers as object).length + DEFAULT_SHAPE.mcpServers,
    );
    const domains = raw.networkDomains as Record<string, unknown>;
    for (const [name, entry] of Object.entries(template.projectConfig.networkDomains as Record<string, unknown>))
      assert.deepStrictEqual(domains[name], entry);
    assert.deepStrictEqual(
      Object.keys(domains).sort(),
      [...Object.keys(template.projectConfig.networkDomains as object), DOCS_DOMAINS].sort(),
    );
  });

  it("builds extends chains of extendsDepth with rising priorities and exactly rulesPerProfile rules each", () => {
    const profiles = profilesOf(
      generateOrg(shape(40, 9, { extendsDepth: 3, rulesPerProfile: 10 }), template.projectConfig),
    );
    const names = profileNames(9);
    assert.deepStrictEqual(Object.keys(profiles), names);
    assert.deepStrictEqual(
      names.map((n) => profiles[n].extends),
      [
        undefined,
        "contractor",
        "developer",
        undefined,
        "platform",
        "data-scientist",
        undefined,
        "qa",
        "release-manager",
      ],
    );
    assert.deepStrictEqual(
      names.map((n) => profiles[n].priority),
      [10, 20, 30, 40, 50, 60, 70, 80, 90],
    );
    for (const name of names) {
      const { allow, ask, deny } = profiles[name].permissions;
      assert.deepStrictEqual([allow.length, ask.length, deny.length], [6, 2, 2], name);
      // The verify scenario probes the profile's own first deny rule.
      const scenario = profiles[name].verify[0];
      assert.ok(
        deny.includes(`Bash(${scenario.input.command.replace(/ bench-target$/, "")} *)`),
        `${name}: ${scenario.input.command}`,
      );
      assert.strictEqual(scenario.expect, "denied");
    }
  });

  it("assigns every profile a group, names groups uniquely and mixes display names with object ids", () => {
    const assignments = assignmentsOf(generateOrg(shape(2_000, 20), template.projectConfig));
    assert.deepStrictEqual(new Set(assignments.map((a) => a.profile)), new Set(profileNames(20)));
    assert.strictEqual(new Set(assignments.map((a) => a.group.toLowerCase())).size, 2_000);
    const objectIds = assignments.filter((a) => isObjectId(a.group)).length;
    assert.ok(
      objectIds > 200 && objectIds < 400,
      `${objectIds} of 2000 by object id (share ${DEFAULT_SHAPE.objectIdShare})`,
    );
    assert.ok(
      assignments.some((a) => / - .+ - /.test(a.group)),
      "display names read like directory groups",
    );

    const none = assignmentsOf(generateOrg(shape(100, 5, { objectIdShare: 0 }), template.projectConfig));
    const all = assignmentsOf(generateOrg(shape(100, 5, { objectIdShare: 1 }), template.projectConfig));
    assert.deepStrictEqual(
      [none.filter((a) => isObjectId(a.group)).length, all.filter((a) => isObjectId(a.group)).length],
      [0, 100],
    );
  });

  it("rejects a shape it cannot build, naming each bad field", () => {
    assert.throws(() => generateOrg(shape(-1, MAX_PROFILES + 1), template.projectConfig), {
      message:
        /profiles must be 1\.\.130; groups must be a whole number from 0 to profiles × 1195 \(the groups one profile's app can list\)$/,
    });
    assert.throws(() => generateOrg(shape(2 * MAX_GROUPS_PER_PROFILE + 1, 2), template.projectConfig), {
      message: /groups must be a whole number from 0 to profiles × 1195/,
    });
  });

  it("gives no profile more groups than its app can list: the Zipf head stops at the limit and the rest spread on", () => {
    // Unbounded, the head of 10 000 groups over 50 profiles would take about 2 200.
    const assignments = assignmentsOf(generateOrg(shape(10_000, 50), template.projectConfig));
    const perProfile = new Map<string, number>();
    for (const { profile } of assignments) perProfile.set(profile, (perProfile.get(profile) ?? 0) + 1);
    const counts = [...perProfile.values()].sort((a, b) => b - a);
    assert.strictEqual(counts[0], MAX_GROUPS_PER_PROFILE);
    assert.strictEqual(counts.length, 50);
    assert.strictEqual(
      counts.reduce((a, b) => a + b, 0),
      10_000,
    );
    const full = generateOrg(shape(2 * MAX_GROUPS_PER_PROFILE, 2), template.projectConfig);
    assert.strictEqual(assignmentsOf(full).length, 2 * MAX_GROUPS_PER_PROFILE);
  });

  it("syntheticStack encodes the generated keys as the runtime stores them and keeps every other key", () => {
    const stack = syntheticStack(template, shape(30, 5));
    assert.strictEqual(stack.stack, template.stack);
    assert.deepStrictEqual(stack.secretKeys, template.secretKeys);
    // networkDomains too: the program reads the runtime config, and the bench profiles' intent names the docs entry.
    for (const key of ["profiles", "assignments", "mcpServers", "networkDomains"]) {
      assert.deepStrictEqual(JSON.parse(stack.allConfig[`${PROJECT}:${key}`]), stack.projectConfig[key]);
    }
    const unchanged = Object.keys(template.allConfig).filter(
      (k) => !/:(profiles|assignments|mcpServers|networkDomains)$/.test(k),
    );
    for (const key of unchanged.filter((k) => k !== `${PROJECT}:rollout`))
      assert.strictEqual(stack.allConfig[key], template.allConfig[key], key);
    // The template's rings name the template's groups: dropped, as generateOrg drops them.
    assert.ok(`${PROJECT}:rollout` in template.allConfig);
    assert.deepStrictEqual(
      Object.keys(stack.allConfig).sort(),
      Object.keys(template.allConfig)
        .filter((k) => k !== `${PROJECT}:rollout`)
        .sort(),
    );
    // Beside the template yet in no folder on disk: synth finds neither the template's release file nor its sibling stacks.
    assert.strictEqual(path.basename(stack.file), path.basename(template.file));
    assert.strictEqual(path.dirname(path.dirname(stack.file)), path.dirname(template.file));
    assert.ok(!fs.existsSync(path.dirname(stack.file)), stack.file);
  });

  it("a generated organisation on the prod template (rings, release file, sibling stacks) plans with no problem", () => {
    const stack = syntheticStack(template, shape(300, 6));
    const plan = planStack(stack);
    assert.deepStrictEqual(
      plan.rings.map((ring) => ring.name),
      ["all"],
    );
    assert.strictEqual(
      plan.identity.profiles.reduce((n, profile) => n + profile.assigned.length, 0),
      300,
    );
  });
});
