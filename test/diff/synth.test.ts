// End to end: synthesize the prod stack and an edited copy of it, then diff the two real outputs.
// Everything synth re-publishes because of the edit (settings objects, installers, manifest) must fold
// into the two semantic changes; any other line here is churn the diff fails to attribute.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parseDocument, YAMLSeq } from "yaml";
import { runDiff } from "../../cli/diff";

const PROD_STACK = path.join("stacks", "Pulumi.prod.yaml");

function synth(stackFile: string, outDir: string): void {
  const run = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", path.join("cli", "synth.ts"), stackFile, "--out", outDir], { encoding: "utf8" });
  assert.strictEqual(run.status, 0, `synth ${stackFile} failed:\n${run.stdout}\n${run.stderr}`);
}

/** The prod stack with one allow added to `developer` and one deny removed from the baseline. */
function editedProdStack(dir: string): string {
  const document = parseDocument(fs.readFileSync(PROD_STACK, "utf8"));
  const allow = document.getIn(["config", "claude-code-rollout:profiles", "developer", "permissions", "allow"]) as YAMLSeq;
  const deny = document.getIn(["config", "claude-code-rollout:baseline", "permissions", "deny"]) as YAMLSeq;
  assert.ok(allow && deny, `${PROD_STACK}: expected profiles.developer.permissions.allow and baseline.permissions.deny lists`);
  allow.add("Bash(terraform plan *)");
  const scp = deny.items.findIndex((item) => String((item as { value?: unknown }).value ?? item) === "Bash(scp *)");
  assert.ok(scp >= 0, `${PROD_STACK}: expected "Bash(scp *)" in baseline.permissions.deny`);
  deny.delete(scp);
  const file = path.join(dir, "Pulumi.prod.yaml");
  fs.writeFileSync(file, document.toString());
  return file;
}

describe("diff: two real synth outputs of prod", () => {
  let work: string;
  before(() => {
    work = fs.mkdtempSync(path.join(os.tmpdir(), "diff-synth-"));
    synth(PROD_STACK, path.join(work, "base"));
  });
  after(() => fs.rmSync(work, { recursive: true, force: true }));

  it("lists exactly the removed baseline deny (every profile) and the added allow (developer)", () => {
    synth(editedProdStack(work), path.join(work, "head"));
    const report = JSON.parse(runDiff([path.join(work, "base"), path.join(work, "head"), "--format", "json"]));
    const rollout = JSON.parse(fs.readFileSync(path.join(work, "head", "rollout.json"), "utf8"));
    const groupsOf = (...profiles: string[]) => rollout.assignments
      .filter((a: { profile: string }) => profiles.includes(a.profile)).map((a: { group: string }) => a.group).sort();

    assert.deepStrictEqual(report.changes.map((c: Record<string, unknown>) => [c.risk, c.effect, c.kind, c.title, c.subject, c.profiles, c.groups]), [
      ["critical", "widening", "rule-removed", "deny rule removed", "Bash(scp *)", ["contractor", "developer", "platform", "security-reviewer"],
        groupsOf("contractor", "developer", "platform", "security-reviewer")],
      ["high", "widening", "rule-added", "allow rule added", "Bash(terraform plan *)", ["developer"], groupsOf("developer")],
    ]);
    assert.deepStrictEqual(report.republished.map((r: { profile: string }) => r.profile), ["contractor", "developer", "platform", "security-reviewer"]);
    assert.deepStrictEqual(report.notes, []);
  });

  it("finds no effective change between two syntheses of the same stack", () => {
    synth(PROD_STACK, path.join(work, "again"));
    assert.strictEqual(runDiff([path.join(work, "base"), path.join(work, "again")]), "no effective change\n");
  });
});
