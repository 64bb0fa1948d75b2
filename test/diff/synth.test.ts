// End to end: synthesize the prod stack and an edited copy of it, then diff the two real outputs.
// Everything synth re-publishes because of the edit (settings objects, installers, manifest) must fold
// into the semantic changes (the compiled rules the edit removes and adds); any other line here is churn the diff fails to attribute.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseDocument, YAMLSeq } from "yaml";
import { runDiff } from "../../cli/diff";
import { release } from "../../cli/release";
import { stackCopy } from "../fixtures/stack-copy";

const PROD_STACK = path.join("stacks", "Pulumi.prod.yaml");
/** The folders of the edited stack copies, removed after the tests. */
const copies: string[] = [];

function synth(stackFile: string, outDir: string): void {
  const run = spawnSync(
    process.execPath,
    ["-r", "ts-node/register/transpile-only", path.join("cli", "synth.ts"), stackFile, "--out", outDir],
    { encoding: "utf8" },
  );
  assert.strictEqual(run.status, 0, `synth ${stackFile} failed:\n${run.stdout}\n${run.stderr}`);
}

/** The prod stack with one allow added to `developer` and one deny removed from the baseline, beside prod's release file. */
function editedProdStack(): string {
  const document = parseDocument(fs.readFileSync(PROD_STACK, "utf8"));
  const allow = document.getIn([
    "config",
    "claude-code-rollout:profiles",
    "developer",
    "permissions",
    "allow",
  ]) as YAMLSeq;
  const deny = document.getIn(["config", "claude-code-rollout:baseline", "permissions", "deny"]) as YAMLSeq;
  assert.ok(
    allow && deny,
    `${PROD_STACK}: expected profiles.developer.permissions.allow and baseline.permissions.deny lists`,
  );
  allow.add("Bash(npm run typecheck)");
  const scp = deny.items.findIndex((item) => String((item as { value?: unknown }).value ?? item) === "Bash(scp *)");
  assert.ok(scp >= 0, `${PROD_STACK}: expected "Bash(scp *)" in baseline.permissions.deny`);
  deny.delete(scp);
  const file = stackCopy("prod", document.toString());
  copies.push(path.dirname(file));
  return file;
}

describe("diff: two real synth outputs of prod", function () {
  // Three whole-program syntheses: generous, so a loaded machine cannot fail them.
  this.timeout(600_000);
  let work: string;
  before(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "diff-synth-"));
    synth(PROD_STACK, path.join(work, "base"));
  });
  after(() => [work, ...copies].forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

  it("lists exactly the compiled rules the edit removes (every profile) and adds (developer)", () => {
    synth(editedProdStack(), path.join(work, "head"));
    const report = JSON.parse(runDiff([path.join(work, "base"), path.join(work, "head"), "--format", "json"]));
    const [base, head] = ["base", "head"].map((side) =>
      JSON.parse(fs.readFileSync(path.join(work, side, "rollout.json"), "utf8")),
    );
    const groupsOf = (...profiles: string[]) =>
      head.assignments
        .filter((a: { profile: string }) => profiles.includes(a.profile))
        .map((a: { group: string }) => a.group)
        .sort();
    const rules = (
      doc: { profiles: { name: string; settings: { permissions: Record<string, string[]> } }[] },
      profile: string,
      list: string,
    ) => doc.profiles.find((p) => p.name === profile)?.settings.permissions[list] ?? [];
    const gone = (profile: string, list: string) =>
      rules(base, profile, list)
        .filter((rule) => !rules(head, profile, list).includes(rule))
        .sort();
    const all = ["contractor", "developer", "platform", "security-reviewer"];
    // The compiler writes every spelling of a deny (docs/enforcement.md): the diff must list each, once, for all profiles.
    const removed = gone("developer", "deny");
    assert.ok(removed.includes("Bash(scp *)") && removed.every((rule) => rule.includes("scp")), removed.join(", "));
    for (const profile of all) assert.deepStrictEqual(gone(profile, "deny"), removed, profile);
    const added = rules(head, "developer", "allow").filter((rule) => !rules(base, "developer", "allow").includes(rule));
    assert.deepStrictEqual(added, ["Bash(npm run typecheck)"]);

    // A ring whose release follows the compile (a stack without rings: the implicit ring `all`) runs the edit;
    // a ring pinned to a release does not. The diff shows exactly the rings whose release moved.
    type Ring = { name: string; profiles: Record<string, { policyHash: string }> };
    const ringsOf = (doc: { rings?: Ring[] }) => new Map((doc.rings ?? []).map((ring) => [ring.name, ring]));
    const [ringsBefore, ringsAfter] = [ringsOf(base), ringsOf(head)];
    const moved = [...ringsAfter.values()].flatMap((ring) =>
      Object.keys(ring.profiles)
        .filter(
          (profile) => ringsBefore.get(ring.name)?.profiles[profile]?.policyHash !== ring.profiles[profile].policyHash,
        )
        .map((profile) => [ring.name, profile]),
    );
    assert.deepStrictEqual(
      report.changes
        .filter((c: Record<string, unknown>) => c.category === "rings")
        .map((c: Record<string, unknown>) => [c.kind, c.subject, (c.profiles as string[])[0]])
        .sort(),
      moved.map(([ring, profile]) => ["ring-release-changed", ring, profile]).sort(),
    );
    assert.deepStrictEqual(
      report.changes
        .filter((c: Record<string, unknown>) => c.category !== "rings")
        .map((c: Record<string, unknown>) => [c.risk, c.effect, c.kind, c.title, c.subject, c.profiles, c.groups]),
      [
        ...removed.map((rule) => [
          "critical",
          "widening",
          "rule-removed",
          "deny rule removed",
          rule,
          all,
          groupsOf(...all),
        ]),
        [
          "high",
          "widening",
          "rule-added",
          "allow rule added",
          "Bash(npm run typecheck)",
          ["developer"],
          groupsOf("developer"),
        ],
      ],
    );
    assert.deepStrictEqual(
      report.republished.map((r: { profile: string }) => r.profile),
      all,
    );
    assert.deepStrictEqual(report.notes, []);
  });

  it("after the pilot is released, shows the pilot running the edited documents, judged from synth's ring folders", () => {
    const file = editedProdStack();
    const errors: string[] = [];
    assert.strictEqual(
      release([file, "--ring", "pilot"], { out: () => {}, err: (line) => errors.push(line) }),
      0,
      errors.join("\n"),
    );
    synth(file, path.join(work, "promoted"));
    const report = JSON.parse(runDiff([path.join(work, "base"), path.join(work, "promoted"), "--format", "json"]));
    const head = JSON.parse(fs.readFileSync(path.join(work, "promoted", "rollout.json"), "utf8"));
    const all = ["contractor", "developer", "platform", "security-reviewer"];
    // The re-published objects, installers and manifest entries of the pilot fold into its ring change.
    assert.deepStrictEqual(
      [...new Set(report.changes.map((c: Record<string, unknown>) => `${c.category}/${c.kind}`))].sort(),
      ["permissions/rule-added", "permissions/rule-removed", "rings/ring-release-changed"],
    );
    const rings = report.changes.filter((c: Record<string, unknown>) => c.category === "rings");
    assert.deepStrictEqual(
      rings.map((c: Record<string, unknown>) => [c.risk, c.effect, c.kind, c.subject, c.profiles, c.after]),
      all.map((profile) => [
        "critical",
        "widening",
        "ring-release-changed",
        "pilot",
        [profile],
        head.profiles.find((p: { name: string }) => p.name === profile).policyHash.slice(0, 12),
      ]),
    );
    for (const change of rings)
      assert.ok(
        change.details.some((d: string) => d === "wider: deny rule removed: Bash(scp *)"),
        change.details,
      );
    assert.ok(
      rings
        .find((c: { profiles: string[] }) => c.profiles[0] === "developer")
        .details.includes("wider: allow rule added: Bash(npm run typecheck)"),
    );
  });

  it("finds no effective change between two syntheses of the same stack", () => {
    synth(PROD_STACK, path.join(work, "again"));
    assert.strictEqual(runDiff([path.join(work, "base"), path.join(work, "again")]), "no effective change\n");
  });
});
