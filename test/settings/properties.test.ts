import * as assert from "assert";
import * as fc from "fast-check";
import { ancestry, loadRolloutConfig, RawRolloutConfig } from "../../components/config";
import { WRITE_COMMAND_FORMS, WRITE_TOOLS } from "../../components/config/shell-commands";
import { ruleCovers } from "../../components/config";
import { compileRollout, managedSettingsSchema } from "../../components/settings";

/** Random but valid organisations: profile trees of any shape over a pool of real rules and intents. */
const RULES = [
  "Bash",
  "Bash(npm test *)",
  "Bash(git push *)",
  "Bash(curl *)",
  "Bash(terraform apply *)",
  "Bash(npm:*)",
  "Read(./.env)",
  "Read(~/.ssh/**)",
  "Read(//etc/**)",
  "Edit",
  "Edit(./src/**)",
  "WebFetch(domain:example.com)",
  "WebSearch",
  "mcp__github",
  "mcp__github__get_*",
  "Agent(Explore)",
  "Bash(kubectl delete namespace *)",
  "Bash(git -C x push)",
];
/** Allows valid under every intent (no write, no repository code with free arguments, no host). */
const ALLOWS = [
  "Bash(git status)",
  "Bash(ls *)",
  "Bash(git log *)",
  "Read(//etc/**)",
  "WebSearch",
  "mcp__github",
  "mcp__github__get_*",
  "Agent(Explore)",
  "Bash(npm test)",
  "Bash(kubectl get *)",
];
const LOCKS = ["allowManagedPermissionRulesOnly", "allowManagedHooksOnly", "allowManagedMcpServersOnly"] as const;

const rules = fc.uniqueArray(fc.constantFrom(...RULES), { maxLength: 5 });
const allows = fc.uniqueArray(fc.constantFrom(...ALLOWS), { maxLength: 5 });
const locks = fc.subarray([...LOCKS]).map((on) => Object.fromEntries(on.map((l) => [l, true])));
const body = fc.record({
  permissions: fc.record({ allow: allows, ask: rules, deny: rules }),
  locks,
  mcp: fc.subarray(["github", "jira"]),
});
const rootIntent = fc.record({
  edits: fc.constantFrom("none" as const, "workdir" as const),
  network: fc.constantFrom("none" as const, ["npm"], ["npm", "github"]),
});
/** A child states nothing or only tightens (to none), so every tree is valid. */
const childIntent = fc.option(fc.constantFrom({ edits: "none" as const }, { network: "none" as const }, {}), {
  nil: undefined,
});

const organisation: fc.Arbitrary<RawRolloutConfig> = fc
  .record({
    baseline: body,
    profiles: fc.array(fc.tuple(body, fc.nat(), rootIntent, childIntent), { minLength: 1, maxLength: 7 }),
  })
  .map(({ baseline, profiles }) => ({
    tenantId: "3f6c9a1e-7b2d-4e8f-9c0a-5d1b2e3f4a6b",
    baseline,
    profiles: Object.fromEntries(
      profiles.map(([p, parentSeed, root, child], i) => {
        // Only earlier profiles can be parents, so every tree is acyclic.
        const parent = i > 0 && parentSeed % 3 !== 0 ? `p${parentSeed % i}` : undefined;
        return [
          `p${i}`,
          {
            ...p,
            priority: i * 10,
            description: `profile ${i}`,
            ...(parent ? { extends: parent, ...(child && { intent: child }) } : { intent: root }),
          },
        ];
      }),
    ),
    networkDomains: {
      npm: { domains: ["registry.npmjs.org"], purpose: "packages" },
      github: { domains: ["github.com", "*.githubusercontent.com"], purpose: "code" },
    },
    assignments: profiles.map((_, i) => ({ group: `group ${i}`, profile: `p${i}` })),
    mcpServers: {
      github: { url: "https://api.githubcopilot.com/mcp/", purpose: "code" },
      jira: { type: "sse" as const, url: "https://mcp.atlassian.com/v1/sse", purpose: "tickets" },
    },
  }));

const compile = (raw: RawRolloutConfig) => compileRollout(loadRolloutConfig(raw, "prop"), "2.1.329");

describe("compiler properties", function () {
  // Each run compiles a whole organisation (hundreds of rules per document): a generous deadline, fewer runs.
  this.timeout(600_000);
  const runs = { numRuns: 40 };
  it("never loses an inherited deny or ask, and never weakens a lock", () => {
    fc.assert(
      fc.property(organisation, (raw) => {
        const config = loadRolloutConfig(raw, "prop");
        for (const compiled of compileRollout(config, "2.1.329").profiles) {
          const levels = [config.baseline, ...ancestry(config, compiled.name).map((n) => config.profiles[n])];
          for (const level of levels) {
            for (const rule of level.permissions.deny)
              assert.ok(compiled.settings.permissions.deny.includes(rule), `${compiled.name} lost deny ${rule}`);
            for (const rule of level.permissions.ask)
              assert.ok(compiled.settings.permissions.ask.includes(rule), `${compiled.name} lost ask ${rule}`);
            for (const lock of LOCKS)
              if (level.locks[lock]) assert.equal(compiled.settings[lock], true, `${compiled.name} weakened ${lock}`);
          }
        }
      }),
      runs,
    );
  });

  it("keeps every written deny in every spelling, in both documents", () => {
    fc.assert(
      fc.property(organisation, (raw) => {
        const config = loadRolloutConfig(raw, "prop");
        for (const compiled of compileRollout(config, "2.1.329").profiles) {
          const written = [config.baseline, ...ancestry(config, compiled.name).map((n) => config.profiles[n])].flatMap(
            (l) => l.permissions.deny,
          );
          for (const doc of [compiled.settings, compiled.windows.settings]) {
            for (const rule of written)
              assert.ok(doc.permissions.deny.includes(rule), `${compiled.name} lost deny ${rule}`);
            for (const command of ["git -C . push origin", "env git push", "bash -c 'git push'", "/usr/bin/git push"]) {
              if (written.includes("Bash(git push *)")) {
                assert.ok(
                  doc.permissions.deny.some((d) => ruleCovers(d, `Bash(${command})`)),
                  `${compiled.name} lets "${command}" through`,
                );
              }
            }
          }
        }
      }),
      runs,
    );
  });

  it("gives an edits: none profile no path to write: no write allow, every write form denied, nothing unlisted runs, the sandbox fail-closed", () => {
    fc.assert(
      fc.property(organisation, (raw) => {
        for (const compiled of compile(raw).profiles.filter((p) => p.intent.edits === "none")) {
          const { permissions, sandbox } = compiled.settings;
          assert.deepEqual(
            permissions.allow.filter(
              (a) =>
                WRITE_TOOLS.some((t) => ruleCovers(t, a)) ||
                WRITE_COMMAND_FORMS.some((f) => ruleCovers(a, `Bash(${f})`) || ruleCovers(`Bash(${f})`, a)),
            ),
            [],
          );
          for (const tool of WRITE_TOOLS)
            assert.ok(permissions.deny.includes(tool), `${compiled.name} does not deny ${tool}`);
          for (const form of WRITE_COMMAND_FORMS)
            assert.ok(permissions.deny.includes(`Bash(${form})`), `${compiled.name} does not deny ${form}`);
          assert.equal(permissions.denyInsteadOfPrompting, true);
          assert.deepEqual(
            [
              sandbox?.enabled,
              sandbox?.failIfUnavailable,
              sandbox?.allowUnsandboxedCommands,
              sandbox?.filesystem.allowWrite,
            ],
            [true, true, false, undefined],
          );
        }
      }),
      runs,
    );
  });

  it("renders the same bytes for the same organisation, whatever the order of its lists", () => {
    fc.assert(
      fc.property(organisation, fc.infiniteStream(fc.nat()), (raw, seeds) => {
        const shuffled: RawRolloutConfig = JSON.parse(JSON.stringify(raw));
        const shuffle = (list: string[] | undefined) => list?.sort(() => (seeds.next().value % 3) - 1);
        for (const p of Object.values(shuffled.profiles)) {
          shuffle(p.permissions?.allow);
          shuffle(p.permissions?.deny);
          shuffle(p.permissions?.ask);
          shuffle(p.mcp);
        }
        const a = compile(raw).profiles.map((p) => p.settingsJson);
        const b = compile(shuffled).profiles.map((p) => p.settingsJson);
        assert.deepEqual(b, a);
      }),
      runs,
    );
  });

  it("emits only documents that pass the client schema, with sorted, unique rule lists", () => {
    fc.assert(
      fc.property(organisation, (raw) => {
        for (const compiled of compile(raw).profiles) {
          for (const doc of [compiled.settings, compiled.windows.settings]) {
            const result = managedSettingsSchema.safeParse(doc);
            assert.ok(result.success, result.success ? "" : result.error.message);
            for (const list of [doc.permissions.allow, doc.permissions.ask, doc.permissions.deny]) {
              assert.deepEqual(list, [...new Set(list)].sort());
            }
          }
        }
      }),
      runs,
    );
  });
});
