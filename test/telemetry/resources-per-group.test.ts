import * as assert from "assert";
import { RecordedResource } from "../../cli/runtime/mocks";
import { profileAppIds } from "../../components/credentials";
import { membershipKey } from "../../components/plan/identity";
import { runProgram } from "../plan/program";
import { projectOf, variant } from "../plan/stacks";

// Issue #15: an assigned directory group costs exactly its nesting into the profile group and one
// app-role assignment to the profile's app, which serves the STS exchange and telemetry alike.
// Measured on the whole program (index.ts under the mock runtime): the prod stack with N assigned
// groups against the same stack with more.

const NEW_GROUPS = [
  { group: "0b7e2d4c-5a61-4f38-9c2e-7d1a3b5c6e90", profile: "developer" },
  { group: "4c9a1e3b-2d7f-4a60-8b15-e3f0a2c4d6b8", profile: "platform" },
];

function countByType(resources: readonly RecordedResource[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of resources) if (r.custom) counts.set(r.type, (counts.get(r.type) ?? 0) + 1);
  return counts;
}

/** Resource types whose count changed, with the change, sorted by type. */
function delta(base: readonly RecordedResource[], more: readonly RecordedResource[]): [string, number][] {
  const [a, b] = [countByType(base), countByType(more)];
  return [...new Set([...a.keys(), ...b.keys()])]
    .map((type): [string, number] => [type, (b.get(type) ?? 0) - (a.get(type) ?? 0)])
    .filter(([, n]) => n !== 0)
    .sort(([x], [y]) => (x < y ? -1 : 1));
}

async function runWithExtraGroups(count: number): Promise<readonly RecordedResource[]> {
  const project = projectOf("prod");
  const run = await runProgram(
    variant("prod", { project: { assignments: [...project.assignments, ...NEW_GROUPS.slice(0, count)] } }),
  );
  if (run.error) throw run.error;
  return run.registered;
}

describe("resources per assigned directory group (whole program, prod stack)", function () {
  // Three whole-program runs under the mock runtime; no assertion depends on their speed.
  this.timeout(600_000);
  let base: readonly RecordedResource[];
  let plusOne: readonly RecordedResource[];
  let plusTwo: readonly RecordedResource[];

  before(async () => {
    base = await runWithExtraGroups(0);
    plusOne = await runWithExtraGroups(1);
    plusTwo = await runWithExtraGroups(2);
  });

  it("costs exactly 2 resources per group: its nesting into the profile group and one assignment to the profile app", () => {
    const perGroup = [
      ["azuread:index/appRoleAssignment:AppRoleAssignment", 1],
      ["azuread:index/groupMember:GroupMember", 1],
    ];
    assert.deepStrictEqual(delta(base, plusOne), perGroup);
    assert.deepStrictEqual(delta(plusOne, plusTwo), perGroup, "a group of another profile costs the same");
    assert.strictEqual(plusTwo.filter((r) => r.custom).length - base.filter((r) => r.custom).length, 4);
  });

  it("assigns the new group to its profile's app only, with the group's own app role", () => {
    const added = plusOne.filter(
      (r) =>
        r.type === "azuread:index/appRoleAssignment:AppRoleAssignment" &&
        !base.some((b) => b.type === r.type && b.name === r.name),
    );
    assert.deepStrictEqual(
      added.map((r) => r.inputs.principalObjectId),
      [NEW_GROUPS[0].group],
    );
    assert.match(added[0].name, /^credentials-developer-/);
    assert.equal(
      added[0].inputs.appRoleId,
      profileAppIds("prod", "developer").groupRoleId(membershipKey(NEW_GROUPS[0].group)),
    );
  });

  it("registers no telemetry app: every Entra application is a profile's app or a machine client", () => {
    const apps = base.filter((r) => r.type === "azuread:index/application:Application");
    assert.deepStrictEqual(
      apps.map((r) => r.inputs.displayName).filter((name) => String(name).includes("telemetry")),
      [],
    );
  });
});
