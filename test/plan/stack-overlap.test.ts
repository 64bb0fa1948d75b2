// No overlap across stacks (issue #17 item 5): the sample stack files, copied and edited, checked with the program's reader.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { Document, isSeq, parseDocument } from "yaml";
import { readStack } from "../../cli/stack";
import { readSiblingStacks, stackGroups } from "../../cli/stack-siblings";
import { loadStackConfig, planStack } from "../../cli/synth/run";
import { ConfigError } from "../../components/config";
import { groupReference, StackGroups, stackOverlap, withoutHandedOver } from "../../components/plan/stack-overlap";

const STACKS = path.resolve(__dirname, "..", "..", "stacks");
const ASSIGNMENTS = ["config", "claude-code-rollout:assignments"];
const HAND_OVER = ["config", "claude-code-rollout:rollout", "handOverTo"];

/** Copies the sample stack files to a fresh folder, applying edits to their YAML; returns the folder. */
const folders: string[] = [];
after(() => folders.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function copyStacks(edits: Record<string, (doc: Document) => void> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stack-overlap-"));
  folders.push(dir);
  for (const stack of ["dev", "staging", "prod"]) {
    const doc = parseDocument(fs.readFileSync(path.join(STACKS, `Pulumi.${stack}.yaml`), "utf8"));
    // The plain case: no hand-over unless the test declares one.
    if (doc.hasIn(HAND_OVER)) doc.deleteIn(HAND_OVER);
    edits[stack]?.(doc);
    fs.writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), String(doc));
    // A stack with rings plans only with its release file next to it.
    const release = path.join(STACKS, `Pulumi.${stack}.release.json`);
    if (fs.existsSync(release)) fs.copyFileSync(release, path.join(dir, path.basename(release)));
  }
  return dir;
}

/** Adds `group` as the first assignment (assignments[0]) of the stack. */
const assign = (group: string) => (doc: Document) => {
  const list = doc.getIn(ASSIGNMENTS);
  assert.ok(isSeq(list));
  list.items.unshift(doc.createNode({ group, profile: "developer" }));
};
const handOver =
  (...stacks: string[]) =>
  (doc: Document) =>
    doc.setIn(HAND_OVER, doc.createNode(stacks));
const both =
  (...edits: ((doc: Document) => void)[]) =>
  (doc: Document) =>
    edits.forEach((edit) => edit(doc));

/** The check as the program runs it for one stack file of the folder. */
function check(dir: string, stack: string) {
  const file = path.join(dir, `Pulumi.${stack}.yaml`);
  return stackOverlap(stackGroups(readStack(file), file), readSiblingStacks(file));
}

describe("stack overlap: a directory group assigned by two stacks of one tenant", () => {
  it("rejects staging's pilot taking prod's Eng - Backend, naming both stack files in each stack", () => {
    const dir = copyStacks({ staging: assign("Eng - Backend") });
    const staging = path.join(dir, "Pulumi.staging.yaml");
    const prod = path.join(dir, "Pulumi.prod.yaml");
    assert.deepStrictEqual(check(dir, "staging"), {
      problems: [
        {
          path: "assignments[0].group",
          message:
            `group "Eng - Backend" is also assigned by stack prod (${prod}, assignments[3].group) in the same tenant as ${staging} — ` +
            "its users would get two installers fighting over one managed-settings folder: remove it from one of the two stack files, " +
            `or declare rollout.handOverTo: [prod] in ${staging} (or rollout.handOverTo: [staging] in ${prod}) so one stack hands it over`,
        },
      ],
      handedOver: [],
      warnings: [],
    });
    const fromProd = check(dir, "prod").problems;
    assert.deepStrictEqual(
      fromProd.map((p) => p.path),
      ["assignments[3].group"],
    );
    assert.ok(fromProd[0].message.includes(`also assigned by stack staging (${staging}, assignments[0].group)`));
    assert.ok(fromProd[0].message.includes(`in the same tenant as ${prod}`));
  });

  it("finds no overlap among the sample stacks as committed", () => {
    const dir = copyStacks();
    for (const stack of ["dev", "staging", "prod"])
      assert.deepStrictEqual(check(dir, stack), { problems: [], handedOver: [], warnings: [] });
  });

  it("matches display names case-insensitively after trimming, and object ids case-insensitively", () => {
    const dir = copyStacks({
      staging: both(assign("  eng - BACKEND "), assign("6D0C2B7E-91A4-4F3B-8E25-0C7D9A1F3B42")),
    });
    const { problems } = check(dir, "staging");
    assert.deepStrictEqual(
      problems.map((p) => [p.path, /assignments\[\d+\]\.group\)/.exec(p.message)?.[0]]),
      [
        ["assignments[0].group", "assignments[7].group)"],
        ["assignments[1].group", "assignments[3].group)"],
      ],
    );
    assert.strictEqual(groupReference(" Eng - Backend\t"), groupReference("eng - backend"));
    assert.notStrictEqual(groupReference("Eng - Backend"), groupReference("Eng-Backend"));
  });

  it("accepts a declared hand-over: the handing stack leaves the group out and says so, the other keeps it", () => {
    const dir = copyStacks({ staging: both(assign("Eng - Backend"), handOver("prod")) });
    const prod = path.join(dir, "Pulumi.prod.yaml");
    assert.deepStrictEqual(check(dir, "staging"), {
      problems: [],
      handedOver: [{ group: "Eng - Backend", path: "assignments[0].group", to: ["prod"] }],
      warnings: [
        `assignments[0].group "Eng - Backend" is handed over to prod (${prod}), which assigns it too: staging does not target it (rollout.handOverTo)`,
      ],
    });
    assert.deepStrictEqual(check(dir, "prod"), { problems: [], handedOver: [], warnings: [] });
  });

  it("leaves a handed-over group out of the stack's assignments and rings, and nothing else", () => {
    const pilotGroups = ["config", "claude-code-rollout:rollout", "rings", 0, "groups"];
    const dir = copyStacks({
      staging: both(assign("Eng - Backend"), handOver("prod"), (doc) => {
        const groups = doc.getIn(pilotGroups);
        assert.ok(isSeq(groups));
        groups.add("Eng - Backend");
      }),
    });
    const file = path.join(dir, "Pulumi.staging.yaml");
    const stack = readStack(file);
    const config = loadStackConfig(stack);
    const { handedOver } = stackOverlap(stackGroups(stack), readSiblingStacks(file));
    const targeted = withoutHandedOver(config, handedOver);
    assert.deepStrictEqual(targeted.assignments, config.assignments.slice(1));
    assert.deepStrictEqual(
      targeted.rollout?.rings.map((ring) => ring.groups),
      config.rollout?.rings.map((ring) => ring.groups.filter((group) => group !== "Eng - Backend")),
    );
    assert.ok(config.rollout?.rings[0].groups.includes("Eng - Backend"));
    assert.deepStrictEqual(
      { ...targeted, assignments: [], rollout: undefined },
      { ...config, assignments: [], rollout: undefined },
    );
    assert.strictEqual(withoutHandedOver(config, []), config);
  });

  it("rejects two stacks handing the same group over to each other: nobody would target it", () => {
    const dir = copyStacks({
      staging: both(assign("Eng - Backend"), handOver("prod")),
      prod: handOver("staging"),
    });
    for (const [stack, at] of [
      ["staging", "assignments[0].group"],
      ["prod", "assignments[3].group"],
    ]) {
      const result = check(dir, stack);
      assert.deepStrictEqual(
        result.problems.map((p) => p.path),
        [at],
      );
      assert.match(
        result.problems[0].message,
        /each of them hands it over \(rollout\.handOverTo\) — nobody would target it/,
      );
      assert.deepStrictEqual(result.handedOver, []);
    }
  });

  it("never matches a group across tenants: dev is another tenant", () => {
    const dir = copyStacks({ dev: assign("Eng - Backend") });
    assert.deepStrictEqual(check(dir, "dev"), { problems: [], handedOver: [], warnings: [] });
    assert.deepStrictEqual(check(dir, "prod"), { problems: [], handedOver: [], warnings: [] });
  });

  it("reads the tenant from azuread:tenantId when the project key is absent", () => {
    const dir = copyStacks({
      staging: both(assign("Eng - Backend"), (doc) => doc.deleteIn(["config", "claude-code-rollout:tenantId"])),
    });
    assert.deepStrictEqual(
      check(dir, "prod").problems.map((p) => p.path),
      ["assignments[3].group"],
    );
  });

  it("reports a hand-over that names no stack of the folder or a stack of another tenant (naming itself is the config model's problem)", () => {
    const dir = copyStacks({ staging: handOver("prd", "staging", "dev") });
    assert.deepStrictEqual(check(dir, "staging").problems, [
      {
        path: "rollout.handOverTo[0]",
        message: `no stack "prd" next to ${path.join(dir, "Pulumi.staging.yaml")} — name one of dev, prod, or remove it`,
      },
      {
        path: "rollout.handOverTo[2]",
        message: `stack dev (${path.join(dir, "Pulumi.dev.yaml")}) is in tenant 9a1b2c3d-4e5f-4a6b-8c7d-0e1f2a3b4c5d, not 3f6c9a1e-7b2d-4e8f-9c0a-5d1b2e3f4a6b: stacks of different tenants share no groups, so there is nothing to hand over — remove it`,
      },
    ]);
  });

  it("reports a sibling stack file it cannot read, naming it, and still checks the others", () => {
    const dir = copyStacks({ staging: assign("Eng - Backend") });
    const broken = path.join(dir, "Pulumi.broken.yaml");
    fs.writeFileSync(broken, "config:\n  claude-code-rollout:tenantId: [unclosed\n");
    const noTenant = path.join(dir, "Pulumi.notenant.yaml");
    fs.writeFileSync(noTenant, "config:\n  claude-code-rollout:assignments: [{ group: Eng - Backend, profile: x }]\n");
    const badList = path.join(dir, "Pulumi.badlist.yaml");
    fs.writeFileSync(
      badList,
      "config:\n  claude-code-rollout:tenantId: 3f6c9a1e-7b2d-4e8f-9c0a-5d1b2e3f4a6b\n  claude-code-rollout:assignments: [{ profile: x }]\n",
    );
    fs.mkdirSync(path.join(dir, "Pulumi.folder.yaml"));
    // Sparse: 17 MiB on paper, nothing on disk; a stack file that size is not read at every synth.
    const huge = path.join(dir, "Pulumi.huge.yaml");
    fs.writeFileSync(huge, "");
    fs.truncateSync(huge, 17 * 1024 * 1024);
    const { problems } = check(dir, "staging");
    assert.deepStrictEqual(
      problems.map((p) => p.path),
      [badList, broken, path.join(dir, "Pulumi.folder.yaml"), huge, noTenant, "assignments[0].group"],
    );
    assert.match(problems[3].message, /\(17825792 bytes, more than the 16777216 a stack file may hold here\)/);
    assert.match(
      problems[0].message,
      /\(claude-code-rollout:assignments\[0\]\.group is not a group name or object id\)/,
    );
    assert.match(problems[1].message, /^cannot be read to check .*\(not valid YAML — /);
    assert.match(problems[2].message, /\(not a regular file\)/);
    assert.match(problems[4].message, /\(names no tenant — set claude-code-rollout:tenantId \(or azuread:tenantId\)\)/);
  });

  it("lists only other Pulumi.<stack>.yaml files of the folder, and none for a folder that does not exist", () => {
    const dir = copyStacks();
    fs.writeFileSync(path.join(dir, "Pulumi.staging.release.json"), "{}");
    fs.writeFileSync(path.join(dir, "stack-config.schema.json"), "{}");
    const siblings = readSiblingStacks(path.join(dir, "Pulumi.staging.yaml"));
    assert.deepStrictEqual(
      siblings.map((s) => [s.stack, s.file]),
      [
        ["dev", path.join(dir, "Pulumi.dev.yaml")],
        ["prod", path.join(dir, "Pulumi.prod.yaml")],
      ],
    );
    assert.deepStrictEqual(readSiblingStacks(path.join(dir, "missing", "Pulumi.x.yaml")), []);
  });

  it("the stack file itself under another spelling is no sibling; a link to it under another stack name is reported once", () => {
    const dir = copyStacks();
    const prod = path.join(dir, "Pulumi.prod.yaml");
    // A hard link spelt in other letters: what a case-insensitive file system (macOS, Windows) lists for
    // `npm run synth -- stacks/Pulumi.Prod.yaml` — the same file, which must not overlap with itself.
    fs.linkSync(prod, path.join(dir, "Pulumi.PROD.yaml"));
    const spelt = path.join(dir, "Pulumi.PROD.yaml");
    assert.deepStrictEqual(
      readSiblingStacks(spelt).map((s) => s.stack),
      ["dev", "staging"],
    );
    fs.symlinkSync("Pulumi.prod.yaml", path.join(dir, "Pulumi.prod2.yaml"));
    const { problems } = check(dir, "prod");
    assert.deepStrictEqual(problems, [
      {
        path: path.join(dir, "Pulumi.prod2.yaml"),
        message: `cannot be read to check that no directory group is assigned by two stacks of one tenant (it is a link to ${prod}, so it is a second stack assigning the same groups — remove it) — fix that stack file or move it out of this folder`,
      },
    ]);
  });

  it("compares tenants case-insensitively and honours the other stack's hand-over (stacks given directly)", () => {
    const own: StackGroups = { stack: "a", file: "a.yaml", tenantId: "T", groups: ["G"], handOverTo: [] };
    const other: StackGroups = { stack: "b", file: "b.yaml", tenantId: "t", groups: ["g"], handOverTo: ["a"] };
    assert.deepStrictEqual(stackOverlap(own, [other]), { problems: [], handedOver: [], warnings: [] });
    assert.strictEqual(stackOverlap(own, [{ ...other, handOverTo: [] }]).problems.length, 1);
  });
});

describe("stack overlap in the plan (synth and pulumi up)", () => {
  it("rejects staging's pilot taking prod's group, naming both stack files", () => {
    const dir = copyStacks({ staging: assign("Eng - Backend") });
    assert.throws(
      () => planStack(readStack(path.join(dir, "Pulumi.staging.yaml"))),
      (error: unknown) =>
        error instanceof ConfigError &&
        error.problems.some(
          (p) =>
            p.path === "assignments[0].group" &&
            p.message.includes(
              `also assigned by stack prod (${path.join(dir, "Pulumi.prod.yaml")}, assignments[3].group)`,
            ) &&
            p.message.includes(path.join(dir, "Pulumi.staging.yaml")),
        ),
    );
  });

  it("plans a declared hand-over without the group: no membership, no ring targets it, a warning says so", () => {
    const dir = copyStacks({ staging: both(assign("Eng - Backend"), handOver("prod")) });
    const plan = planStack(readStack(path.join(dir, "Pulumi.staging.yaml")));
    const nested = plan.identity.profiles.flatMap((profile) => profile.assigned.map((a) => a.group));
    assert.ok(nested.includes("Pilot - Eng Backend") && !nested.includes("Eng - Backend"), nested.join(", "));
    // The groups kept are named at their index in the stack file (the handed-over one is assignments[0]).
    const paths = plan.identity.profiles.flatMap((profile) => profile.assigned.map((a) => [a.group, a.path]));
    assert.deepStrictEqual(
      Object.fromEntries(paths)["Pilot - Eng Backend"],
      `assignments[${plan.config.assignments.findIndex((a) => a.group === "Pilot - Eng Backend") + 1}].group`,
    );
    for (const ring of plan.rings) {
      assert.ok(!ring.groups.includes("Eng - Backend"), ring.name);
      for (const profile of Object.values(ring.profiles)) assert.ok(!profile.includeGroups.includes("Eng - Backend"));
    }
    assert.strictEqual(
      plan.rollout.warnings.filter((w) => w.includes('"Eng - Backend" is handed over to prod')).length,
      1,
    );
  });
});
