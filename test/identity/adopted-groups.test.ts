import * as assert from "assert";
import { stackCopy } from "../fixtures/stack-copy";
import * as fs from "fs";
import * as path from "path";
import { readStack } from "../../cli/stack";
import { synthesize } from "../../cli/synth/run";
import { fakeGuid } from "../../cli/runtime/ids";
import { ProfileGroups } from "../../components/identity";
import { IdentityPlan } from "../../components/plan";
import { membershipKey } from "../../components/plan/identity";
import { installMocks, ofType, resetRecorded, settle, valueOf } from "../mocks";

// A profile that adopts an existing Entra group (profiles.<name>.groupObjectId) registers no group:
// the assigned groups are nested in the adopted one, and MDM exclusions use its id.

const ADOPTED = "0b7c6d5e-4f3a-4b2c-8d1e-9f8a7b6c5d4e";
const RED_TEAM = "6d0c2b7e-91a4-4f3b-8e25-0c7d9a1f3b42";

type AdoptingProfile = IdentityPlan["profiles"][number];
const platform: AdoptingProfile = {
  name: "platform",
  includeGroup: "claude-code-prod-platform",
  excludeGroups: [],
  assigned: [
    { group: RED_TEAM, path: "assignments[0].group", key: membershipKey(RED_TEAM), lookup: { objectId: RED_TEAM } },
  ],
  adoptedObjectId: ADOPTED,
};
const developer: AdoptingProfile = {
  name: "developer",
  includeGroup: "claude-code-prod-developer",
  excludeGroups: ["claude-code-prod-platform"],
  assigned: [],
};
const plan = { profiles: [platform, developer] };

describe("identity: adopted profile groups", () => {
  let component: ProfileGroups;
  before(async () => {
    await installMocks({ stack: "prod" });
    resetRecorded();
    component = new ProfileGroups("identity", { plan });
    await settle();
  });

  it("registers a group only for the profile that adopts none", () => {
    assert.deepEqual(
      ofType("azuread:index/group:Group").map((g) => [g.name, g.inputs.displayName]),
      [["identity-developer", "claude-code-prod-developer"]],
    );
  });

  it("nests the assigned groups in the adopted group and targets it by its id", async () => {
    assert.deepEqual(
      ofType("azuread:index/groupMember:GroupMember").map((m) => [m.inputs.groupObjectId, m.inputs.memberObjectId]),
      [[ADOPTED, RED_TEAM]],
    );
    assert.equal(await valueOf(component.groups.platform.objectId), ADOPTED);
    assert.deepEqual(await valueOf(component.groups.developer.excludeGroupObjectIds), [ADOPTED]);
    assert.equal(
      await valueOf(component.groups.developer.objectId),
      fakeGuid("azuread:index/group:Group/identity-developer"),
    );
  });
});

describe("identity through the whole program: prod adopting a group for one profile", function () {
  this.timeout(180_000);

  it("registers no group for that profile and nests its assigned groups in the adopted one", async () => {
    const original = fs.readFileSync(path.resolve(__dirname, "..", "..", "stacks", "Pulumi.prod.yaml"), "utf8");
    const anchor = "      description: Platform and SRE";
    assert.ok(original.includes(anchor), "the prod sample's platform profile moved: update this test");
    const file = stackCopy(
      "prod",
      original.replace(anchor, `      groupObjectId: ${ADOPTED.toUpperCase()}\n${anchor}`),
    );
    const result = await synthesize(readStack(file));
    const groups = result.resources.filter((r) => r.type === "azuread:index/group:Group").map((r) => r.name);
    assert.deepEqual(groups.sort(), ["identity-contractor", "identity-developer", "identity-security-reviewer"]);
    const platformMembers = result.resources.filter(
      (r) => r.type === "azuread:index/groupMember:GroupMember" && r.name.startsWith("identity-platform-"),
    );
    assert.equal(platformMembers.length, 2);
    for (const member of platformMembers) assert.equal(member.inputs.groupObjectId, ADOPTED);
  });
});
