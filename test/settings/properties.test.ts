import * as assert from "assert";
import * as fc from "fast-check";
import { ancestry, loadRolloutConfig, RawRolloutConfig } from "../../components/config";
import { compileRollout, managedSettingsSchema } from "../../components/settings";

/** Random but valid organisations: profile trees of any shape over a pool of real rules. */
const RULES = [
  "Bash", "Bash(npm test *)", "Bash(git push *)", "Bash(curl *)", "Bash(terraform apply *)", "Bash(npm:*)",
  "Read(./.env)", "Read(~/.ssh/**)", "Read(//etc/**)", "Edit", "Edit(./src/**)", "WebFetch(domain:example.com)",
  "WebSearch", "mcp__github", "mcp__github__get_*", "Agent(Explore)",
];
const LOCKS = ["allowManagedPermissionRulesOnly", "allowManagedHooksOnly", "allowManagedMcpServersOnly"] as const;

const rules = fc.uniqueArray(fc.constantFrom(...RULES), { maxLength: 5 });
const locks = fc.subarray([...LOCKS]).map((on) => Object.fromEntries(on.map((l) => [l, true])));
const body = fc.record({
  permissions: fc.record({ allow: rules, ask: rules, deny: rules }),
  locks,
  mcp: fc.subarray(["github", "jira"]),
});

const organisation: fc.Arbitrary<RawRolloutConfig> = fc
  .record({ baseline: body, profiles: fc.array(fc.tuple(body, fc.nat()), { minLength: 1, maxLength: 7 }) })
  .map(({ baseline, profiles }) => ({
    tenantId: "3f6c9a1e-7b2d-4e8f-9c0a-5d1b2e3f4a6b",
    baseline,
    profiles: Object.fromEntries(profiles.map(([p, parentSeed], i) => [`p${i}`, {
      ...p,
      priority: i * 10,
      description: `profile ${i}`,
      // Only earlier profiles can be parents, so every tree is acyclic.
      ...(i > 0 && parentSeed % 3 !== 0 && { extends: `p${parentSeed % i}` }),
    }])),
    assignments: profiles.map((_, i) => ({ group: `group ${i}`, profile: `p${i}` })),
    mcpServers: {
      github: { url: "https://api.githubcopilot.com/mcp/", purpose: "code" },
      jira: { type: "sse" as const, url: "https://mcp.atlassian.com/v1/sse", purpose: "tickets" },
    },
  }));

const compile = (raw: RawRolloutConfig) => compileRollout(loadRolloutConfig(raw, "prop"), "2.1.329");

describe("compiler properties", () => {
  it("never loses an inherited deny or ask, and never weakens a lock", () => {
    fc.assert(fc.property(organisation, (raw) => {
      const config = loadRolloutConfig(raw, "prop");
      for (const compiled of compileRollout(config, "2.1.329").profiles) {
        const levels = [config.baseline, ...ancestry(config, compiled.name).map((n) => config.profiles[n])];
        for (const level of levels) {
          for (const rule of level.permissions.deny) assert.ok(compiled.settings.permissions.deny.includes(rule), `${compiled.name} lost deny ${rule}`);
          for (const rule of level.permissions.ask) assert.ok(compiled.settings.permissions.ask.includes(rule), `${compiled.name} lost ask ${rule}`);
          for (const lock of LOCKS) if (level.locks[lock]) assert.equal(compiled.settings[lock], true, `${compiled.name} weakened ${lock}`);
        }
      }
    }));
  });

  it("renders the same bytes for the same organisation, whatever the order of its lists", () => {
    fc.assert(fc.property(organisation, fc.infiniteStream(fc.nat()), (raw, seeds) => {
      const shuffled: RawRolloutConfig = JSON.parse(JSON.stringify(raw));
      const shuffle = (list: string[] | undefined) => list?.sort(() => (seeds.next().value % 3) - 1);
      for (const p of Object.values(shuffled.profiles)) {
        shuffle(p.permissions?.allow); shuffle(p.permissions?.deny); shuffle(p.permissions?.ask); shuffle(p.mcp);
      }
      const a = compile(raw).profiles.map((p) => p.settingsJson);
      const b = compile(shuffled).profiles.map((p) => p.settingsJson);
      assert.deepEqual(b, a);
    }));
  });

  it("emits only documents that pass the client schema, with sorted, unique rule lists", () => {
    fc.assert(fc.property(organisation, (raw) => {
      for (const compiled of compile(raw).profiles) {
        for (const doc of [compiled.settings, compiled.windows.settings]) {
          const result = managedSettingsSchema.safeParse(doc);
          assert.ok(result.success, result.success ? "" : result.error.message);
          for (const list of [doc.permissions.allow, doc.permissions.ask, doc.permissions.deny]) {
            assert.deepEqual(list, [...new Set(list)].sort());
          }
        }
      }
    }));
  });
});
