import * as assert from "assert";
import { fakeGuid } from "../../cli/runtime/ids";
import { ProfileGroups } from "../../components/identity";
import { IdentityPlan } from "../../components/plan";
import { membershipKey } from "../../components/plan/identity";
import { installMocks, ofType, resetRecorded, settle, valueOf } from "../mocks";

// A profile that adopts an existing Entra group (profiles.<name>.groupObjectId) registers no group:
// the assigned groups are nested in the adopted one, and MDM exclusions use its id.

const ADOPTED = "0b7c6d5e-4f3a-4b2c-8d1e-9f8a7b6c5d4e";
const RED_TEAM = "6d0c2b7e-91a4-4f3b-8e25-0c7d9a1f3b42";

type AdoptingProfile = IdentityPlan["profiles"][number] & { adoptedObjectId?: string };
const platform: AdoptingProfile = {
  name: "platform",
  includeGroup: "claude-code-prod-platform",
  excludeGroups: [],
  assigned: [{ group: RED_TEAM, key: membershipKey(RED_TEAM), lookup: { objectId: RED_TEAM } }],
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
