// Report assembly: ordering, resource attribution, retention, and the command's exit codes.
import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { runDiff } from "../../cli/diff";
import { DiffInputError } from "../../cli/diff/load";
import { Change, ResourceDoc, RolloutDoc } from "../../cli/diff/model";
import { renderMarkdown } from "../../cli/diff/render";
import { buildReport, compareChanges } from "../../cli/diff/report";

const HASH_A = "a".repeat(64);
const HASH_B = "b".repeat(64);

const change = (risk: Change["risk"], category: Change["category"], profiles: string[], subject: string): Change => ({
  risk,
  effect: "neutral",
  category,
  kind: "k",
  title: "t",
  subject,
  profiles,
  groups: [],
  details: [],
});

const object = (key: string, content: string): ResourceDoc => ({
  type: "aws:s3/bucketObjectv2:BucketObjectv2",
  name: "prod-distribution-standard-settings",
  urn: "urn:pulumi:prod::p::aws:s3/bucketObjectv2:BucketObjectv2::prod-distribution-standard-settings",
  inputs: { key, content },
});
const rollout = (sha: string): RolloutDoc => ({
  stack: "prod",
  clientVersion: "2.1.329",
  profiles: [{ name: "standard", priority: 20, settingsSha256: sha, settings: {} }],
  assignments: [{ group: "Eng", profile: "standard" }],
});
const report = (
  base: { rollout?: RolloutDoc; resources?: ResourceDoc[] },
  head: { rollout?: RolloutDoc; resources?: ResourceDoc[] },
) => buildReport({ dir: "base", ...base }, { dir: "head", ...head });
const facts = (changes: Change[]) => changes.map((c) => [c.risk, c.kind, c.subject, c.details]);

describe("diff: report", () => {
  it("sorts by risk, then section, profiles, kind and subject", () => {
    const changes = [
      change("low", "permissions", ["b"], "x"),
      change("info", "permissions", ["a"], "x"),
      change("critical", "resources", [], "x"),
      change("low", "permissions", ["a"], "y"),
      change("low", "permissions", ["a"], "x"),
      change("critical", "permissions", ["z"], "x"),
      change("medium", "telemetry", ["a"], "x"),
      change("medium", "locks", ["a"], "x"),
    ];
    assert.deepStrictEqual(
      [...changes].sort(compareChanges).map((c) => `${c.risk}/${c.category}/${c.profiles}/${c.subject}`),
      [
        "critical/permissions/z/x",
        "critical/resources//x",
        "medium/locks/a/x",
        "medium/telemetry/a/x",
        "low/permissions/a/x",
        "low/permissions/a/y",
        "low/permissions/b/x",
        "info/permissions/a/x",
      ],
    );
  });

  it("reports an object re-keyed by content hash alone as published settings of its profile", () => {
    const result = report(
      { rollout: rollout(HASH_A), resources: [object(`profiles/standard/${HASH_A}/managed-settings.json`, "{}")] },
      { rollout: rollout(HASH_A), resources: [object(`profiles/standard/${HASH_B}/managed-settings.json`, "{}")] },
    );
    assert.deepStrictEqual(
      result.changes.map((c) => [c.risk, c.kind, c.title, c.profiles, c.groups, c.details]),
      [
        [
          "info",
          "published-settings-changed",
          "published settings changed (content hash only)",
          ["standard"],
          ["Eng"],
          ["resources: prod-distribution-standard-settings"],
        ],
      ],
    );
  });

  it("lists other resources per type with names, and reads shorter retention as widening", () => {
    const logGroup = (days?: number): ResourceDoc => ({
      type: "aws:cloudwatch/logGroup:LogGroup",
      name: "logs",
      inputs: days === undefined ? {} : { retentionInDays: days },
    });
    const lock = (mode: string, days: number): ResourceDoc => ({
      type: "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
      name: "lock",
      inputs: { bucket: "b", rule: { defaultRetention: { mode, days } } },
    });
    const role = (name: string, seconds: number): ResourceDoc => ({
      type: "aws:iam/role:Role",
      name,
      inputs: { maxSessionDuration: seconds },
    });
    const result = report(
      { resources: [logGroup(), lock("COMPLIANCE", 365), role("a", 3600), role("b", 3600)] },
      { resources: [logGroup(30), lock("COMPLIANCE", 400), role("b", 7200), role("c", 3600)] },
    );
    assert.deepStrictEqual(facts(result.changes), [
      ["high", "log-retention-shortened", "logs", []],
      ["medium", "resources-changed", "aws:iam/role:Role", ["added: c", "removed: a", "changed: b"]],
      ["low", "object-lock-lengthened", "lock", []],
    ]);
    assert.deepStrictEqual([result.changes[0].before, result.changes[0].after], ["never expires", "30 days"]);
    assert.deepStrictEqual(result.notes, [
      "rollout.json missing in base (base) and head (head): profile, permission and assignment changes not compared",
    ]);
  });

  it("flags a removed archive object lock", () => {
    const lock: ResourceDoc = {
      type: "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
      name: "lock",
      inputs: { rule: { defaultRetention: { mode: "COMPLIANCE", years: 1 } } },
    };
    assert.deepStrictEqual(facts(report({ resources: [lock] }, { resources: [] }).changes), [
      ["high", "object-lock-removed", "lock", []],
      [
        "medium",
        "resources-changed",
        "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
        ["removed: lock"],
      ],
    ]);
  });

  it("coalesces one change made to several profiles and names all their groups", () => {
    const profile = (name: string, deny: string[]) => ({ name, settings: { permissions: { deny } } });
    const result = report(
      {
        rollout: {
          profiles: [profile("a", ["Bash(curl *)"]), profile("b", ["Bash(curl *)"])],
          assignments: [
            { group: "G1", profile: "a" },
            { group: "G2", profile: "b" },
          ],
        },
      },
      {
        rollout: {
          profiles: [profile("a", []), profile("b", [])],
          assignments: [
            { group: "G1", profile: "a" },
            { group: "G2", profile: "b" },
          ],
        },
      },
    );
    assert.deepStrictEqual(
      result.changes.map((c) => [c.kind, c.subject, c.profiles, c.groups]),
      [["rule-removed", "Bash(curl *)", ["a", "b"], ["G1", "G2"]]],
    );
  });

  it("judges a move by the old profile as it was against the new one as it will be", () => {
    const base: RolloutDoc = {
      profiles: [
        { name: "narrow", settings: { permissions: { deny: ["Bash(curl *)"] } } },
        { name: "wide", settings: {} },
      ],
      assignments: [{ group: "G", profile: "narrow" }],
    };
    const head: RolloutDoc = {
      profiles: [
        { name: "narrow", settings: { permissions: { deny: ["Bash(curl *)"] } } },
        { name: "wide", settings: { permissions: { allow: ["Read"] } } },
      ],
      assignments: [{ group: "G", profile: "wide" }],
    };
    const move = report({ rollout: base }, { rollout: head }).changes.find((c) => c.kind === "assignment-moved");
    assert.deepStrictEqual(
      [move?.risk, move?.effect, move?.details],
      ["critical", "widening", ["wider: deny rule removed: Bash(curl *)", "wider: allow rule added: Read"]],
    );
  });
});

describe("diff: markdown", () => {
  it("keeps a rule with pipes and backticks inside its table cell", () => {
    const profile = (allow: string[]) => ({ name: "p", settings: { permissions: { allow } } });
    const markdown = renderMarkdown(
      report(
        { rollout: { profiles: [profile([])], assignments: [{ group: "G|1", profile: "p" }] } },
        {
          rollout: { profiles: [profile(["Bash(ps aux | grep `id`)"])], assignments: [{ group: "G|1", profile: "p" }] },
        },
      ),
    );
    assert.strictEqual(
      markdown.split("\n")[6],
      "| 1 | high | **widening** | allow rule added: ``Bash(ps aux \\| grep `id`)`` | p | G\\|1 |",
    );
  });
});

describe("diff: command", () => {
  it("refuses a missing directory, naming it and the fix", () => {
    assert.throws(
      () => runDiff(["test/fixtures/diff/base", "out/nope"]),
      (error: Error) =>
        error instanceof DiffInputError &&
        error.message ===
          "out/nope: not a directory — pass a synth output such as out/prod (create it with `npm run synth -- prod`)",
    );
  });

  it("refuses a file that is not JSON, and bad arguments", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "diff-"));
    fs.writeFileSync(path.join(dir, "rollout.json"), "{ not json");
    assert.throws(
      () => runDiff([dir, dir]),
      (error: Error) =>
        error instanceof DiffInputError &&
        error.message.startsWith(`${path.join(dir, "rollout.json")}: not valid JSON`),
    );
    assert.throws(() => runDiff(["a"]), /expected two output directories, got 1/);
    assert.throws(() => runDiff(["a", "b", "--format", "html"]), /--format must be md or json, got "html"/);
    assert.throws(() => runDiff(["a", "b", "--format=html"]), /--format must be md or json, got "html"/);
    assert.throws(() => runDiff(["a", "b", "--format"]), /^Error: --format must be md or json, got ""\nusage: /);
    assert.throws(() => runDiff(["a", "b", "--colour"]), /^Error: unknown option --colour\nusage: npm run diff -- /);
    assert.throws(() => runDiff(["a", "b", "c"]), /expected two output directories, got 3/);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("exits 0 with flags in the output, and 1 with a message for unusable input", () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "cli/diff.ts", ...args], {
        encoding: "utf8",
      });
    const widened = run("test/fixtures/diff/base", "test/fixtures/diff/head-acceptance");
    assert.deepStrictEqual(
      [widened.status, widened.stdout.includes("| 1 | critical | **widening** |"), widened.stderr],
      [0, true, ""],
    );
    const missing = run("test/fixtures/diff/base", "out/nope");
    assert.deepStrictEqual(
      [missing.status, missing.stdout, missing.stderr.split("\n")[0]],
      [
        1,
        "",
        "diff: out/nope: not a directory — pass a synth output such as out/prod (create it with `npm run synth -- prod`)",
      ],
    );
  });
});
