// The diff over prod-like synth outputs (test/fixtures/diff, written by generate.ts): exact output.
import * as assert from "assert";
import * as path from "path";
import { runDiff } from "../../cli/diff";

const FIXTURES = path.join("test", "fixtures", "diff");
const dir = (name: string) => path.join(FIXTURES, name);
const diff = (head: string, format = "md") => runDiff([dir("base"), dir(head), "--format", format]);

describe("diff: fixture outputs", () => {
  it("prints exactly one line when nothing changed", () => {
    assert.strictEqual(diff("base"), "no effective change\n");
  });

  it("acceptance: one added allow and one removed deny give exactly those two, the removed deny first", () => {
    assert.strictEqual(
      diff("head-acceptance"),
      [
        "## Claude Code permission diff: prod",
        "",
        "**2 changes, 2 widening** — critical 1 · high 1 · medium 0 · low 0 · info 0",
        "",
        "| # | risk | flag | change | profiles | groups |",
        "| --- | --- | --- | --- | --- | --- |",
        "| 1 | critical | **widening** | deny rule removed: `Bash(curl *)` | standard | Eng - Backend, Eng - Frontend |",
        "| 2 | high | **widening** | allow rule added: `Bash(terraform plan *)` | standard | Eng - Backend, Eng - Frontend |",
        "",
        "Re-published settings (sha256): `standard` `52860bea50bb` → `8a3ac5650792`",
        "",
      ].join("\n"),
    );
  });

  it("acceptance as JSON: the documented structure, keys sorted", () => {
    const report = JSON.parse(diff("head-acceptance", "json"));
    assert.deepStrictEqual(report, {
      base: { clientVersion: "2.1.329" },
      changes: [
        {
          category: "permissions",
          details: [],
          effect: "widening",
          groups: ["Eng - Backend", "Eng - Frontend"],
          kind: "rule-removed",
          profiles: ["standard"],
          risk: "critical",
          subject: "Bash(curl *)",
          title: "deny rule removed",
        },
        {
          category: "permissions",
          details: [],
          effect: "widening",
          groups: ["Eng - Backend", "Eng - Frontend"],
          kind: "rule-added",
          profiles: ["standard"],
          risk: "high",
          subject: "Bash(terraform plan *)",
          title: "allow rule added",
        },
      ],
      head: { clientVersion: "2.1.329" },
      notes: [],
      republished: [
        {
          after: "8a3ac5650792170add92db80df9fb2d38c5e6126a89c7362812d5bc1a1ef6b82",
          before: "52860bea50bb4085f1a7d035304f0512a42c37f228c6f514e1a28b840a9248bb",
          profile: "standard",
        },
      ],
      schema: "claude-code-rollout/permission-diff@1",
      stack: "prod",
      summary: { critical: 1, high: 1, info: 0, low: 0, medium: 0, total: 2, widening: 2 },
    });
    assert.ok(
      diff("head-acceptance", "json").startsWith(
        '{\n  "base": {\n    "clientVersion": "2.1.329"\n  },\n  "changes": [\n',
      ),
    );
  });

  it("no change as JSON: an empty change list and zero counts", () => {
    const report = JSON.parse(diff("base", "json"));
    assert.deepStrictEqual([report.changes, report.summary.total, report.republished, report.notes], [[], 0, [], []]);
  });

  it("reports a group moved between profiles as one move, with what its members gain", () => {
    assert.strictEqual(
      diff("head-moved"),
      [
        "## Claude Code permission diff: prod",
        "",
        "**2 changes, 1 widening** — critical 0 · high 1 · medium 1 · low 0 · info 0",
        "",
        "| # | risk | flag | change | profiles | groups |",
        "| --- | --- | --- | --- | --- | --- |",
        "| 1 | high | **widening** | group moved to another profile: `Eng - Backend` — `standard` → `platform`" +
          "<br>• wider: allow rule added: Bash(terraform plan \\*)<br>• wider: model allowed: opus" +
          "<br>• narrower: ask rule added: Bash(terraform apply \\*) | standard, platform | Eng - Backend |",
        "| 2 | medium | — | resources changed (1 added, 1 removed): `azuread:index/groupMember:GroupMember`" +
          "<br>• added: prod-identity-platform-eng-backend<br>• removed: prod-identity-standard-eng-backend | — | — |",
        "",
      ].join("\n"),
    );
    const moves = JSON.parse(diff("head-moved", "json")).changes.filter(
      (change: { category: string }) => change.category === "assignments",
    );
    assert.deepStrictEqual(
      moves.map((change: { kind: string; before: string; after: string }) => [
        change.kind,
        change.before,
        change.after,
      ]),
      [["assignment-moved", "standard", "platform"]],
    );
  });

  it("orders a many-sided change riskiest first and folds re-published artefacts", () => {
    assert.strictEqual(
      diff("head-wide"),
      [
        "## Claude Code permission diff: prod",
        "",
        "**12 changes, 7 widening** — critical 1 · high 5 · medium 2 · low 4 · info 0",
        "",
        "| # | risk | flag | change | profiles | groups |",
        "| --- | --- | --- | --- | --- | --- |",
        "| 1 | critical | **widening** | lock weakened: `allowManagedHooksOnly` — `true` → `unset` | platform, restricted, standard | Eng - Backend, Eng - Frontend, Platform SRE |",
        "| 2 | high | **widening** | managed MCP server added: `jira`<br>• https\\://jira.corp.example/mcp | platform | Platform SRE |",
        "| 3 | high | **widening** | MCP server allowed: `jira` | platform | Platform SRE |",
        "| 4 | high | **widening** | conversation content logging enabled: `env.OTEL_LOG_USER_PROMPTS` — `unset` → `1` | platform, restricted, standard | Eng - Backend, Eng - Frontend, Platform SRE |",
        "| 5 | high | **widening** | log retention shortened: `prod-telemetry-logs` — `400 days` → `90 days` | — | — |",
        "| 6 | high | **widening** | archive object lock mode changed: `prod-telemetry-archive-lock` — `COMPLIANCE` → `GOVERNANCE` | — | — |",
        "| 7 | medium | **widening** | group assigned to profile: `Data Science` | data | Data Science |",
        "| 8 | medium | — | resources changed (1 added, 1 removed): `azuread:index/groupMember:GroupMember`" +
          "<br>• added: prod-identity-data-data-science<br>• removed: prod-identity-restricted-contractors | — | — |",
        "| 9 | low | tightening | deny rule added: `Read(//etc/secrets/**)` | restricted | — |",
        "| 10 | low | tightening | group unassigned from profile: `Contractors` | restricted | Contractors |",
        "| 11 | low | — | profile added: `data`<br>• priority 25; rules: 2 allow, 0 ask, 6 deny<br>• allow: Bash(python \\*), Read(\\~/datasets/\\*\\*) | data | Data Science |",
        "| 12 | low | — | resources changed (1 added): `azuread:index/group:Group`<br>• added: prod-identity-data | — | — |",
        "",
        "Re-published settings (sha256): `platform` `61e4bf01da21` → `7d1902c4a6b0`, `restricted` `a041e129ab5f` → `c7423e791825`, `standard` `52860bea50bb` → `2191d341fccf`",
        "",
      ].join("\n"),
    );
  });

  it("compares what it can when one side lacks a file, and says what it skipped", () => {
    assert.strictEqual(
      runDiff([dir("base-legacy"), dir("base")]),
      [
        "no effective change",
        "",
        `> **note:** resources.json missing in base (${dir("base-legacy")}): resource, retention and object-lock changes not compared`,
        "",
      ].join("\n"),
    );
  });

  it("reads group assignments from profiles when an older rollout.json has no assignments list", () => {
    const report = JSON.parse(runDiff([dir("base-legacy"), dir("head-moved"), "--format", "json"]));
    assert.deepStrictEqual(
      report.changes.map((change: { kind: string; subject: string }) => [change.kind, change.subject]),
      [["assignment-moved", "Eng - Backend"]],
    );
  });
});
