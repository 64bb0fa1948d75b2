import * as assert from "assert";
import { readStack } from "../../cli/stack";
import { fakeGuid } from "../../cli/runtime/ids";
import { loadRolloutConfig } from "../../components/config";
import { ProfileGroups } from "../../components/identity";
import { IdentityPlan } from "../../components/plan";
import { membershipKey, planIdentity } from "../../components/plan/identity";
import { compileRollout, PINNED_CLIENT_VERSION } from "../../components/settings";
import {
  installMocks,
  invokes,
  ofType,
  previewRegistrations,
  resetRecorded,
  resources,
  settle,
  valueOf,
} from "../mocks";

const GROUP = "azuread:index/group:Group";
const MEMBER = "azuread:index/groupMember:GroupMember";
const GET_GROUPS = "azuread:index/getGroups:getGroups";
const RED_TEAM_ID = "6d0c2b7e-91a4-4f3b-8e25-0c7d9a1f3b42";

/** The prod sample without the cloud sections identity does not depend on; assignments reorderable. */
function prodIdentity(reorder: (assignments: unknown[]) => unknown[] = (a) => a): IdentityPlan {
  const {
    distribution: _d,
    credentials: _c,
    telemetry: _t,
    assignments,
    ...policy
  } = readStack("prod").projectConfig as Record<string, unknown>;
  const config = loadRolloutConfig({ ...policy, assignments: reorder(assignments as unknown[]) }, "prod");
  const planned = planIdentity(config, compileRollout(config, PINNED_CLIENT_VERSION));
  assert.deepStrictEqual(planned.problems, []);
  return planned.slice!;
}

/** The mock runtime's object id for a profile group and for a directory group found by name. */
const profileGroupId = (profile: string) => fakeGuid(`${GROUP}/identity-${profile}`);
const directoryGroupId = (group: string) => (group === RED_TEAM_ID ? group : fakeGuid(`directory-group/${group}`));

describe("identity: ProfileGroups", () => {
  const identity = prodIdentity();
  let component: ProfileGroups;

  before(async () => {
    await installMocks({ stack: "prod" });
    resetRecorded();
    component = new ProfileGroups("identity", { plan: identity });
    await settle();
  });

  it("creates one security group per profile named claude-code-<env>-<profile>", () => {
    assert.deepStrictEqual(
      ofType(GROUP).map((g) => ({ name: g.name, inputs: g.inputs })),
      [
        ["contractor", "claude-code-prod-contractor"],
        ["developer", "claude-code-prod-developer"],
        ["platform", "claude-code-prod-platform"],
        ["security-reviewer", "claude-code-prod-security-reviewer"],
      ].map(([profile, displayName]) => ({
        name: `identity-${profile}`,
        inputs: {
          displayName,
          description: `Managed by claude-code-rollout: members get the Claude Code profile "${profile}". Change the stack config, not this group.`,
          securityEnabled: true,
          mailEnabled: false,
          preventDuplicateNames: true,
        },
      })),
    );
    for (const group of ofType(GROUP))
      assert.strictEqual(group.parent, resources.find((r) => r.type === ProfileGroups.__pulumiType)!.urn);
  });

  it("exposes the nested directory groups' object ids by membership key, for app assignments", async () => {
    const reviewer = component.groups["security-reviewer"].assignedGroupObjectIds;
    assert.deepStrictEqual(
      Object.keys(reviewer).sort(),
      [membershipKey("Security - AppSec"), membershipKey(RED_TEAM_ID)].sort(),
    );
    assert.strictEqual(await valueOf(reviewer[membershipKey(RED_TEAM_ID)]), RED_TEAM_ID);
    assert.strictEqual(
      await valueOf(reviewer[membershipKey("Security - AppSec")]),
      directoryGroupId("Security - AppSec"),
    );
  });

  it("nests every assigned directory group in exactly its profile's group, keyed by a hash of the group", () => {
    const expected = [
      ["Contractors", "contractor"],
      ["Vendors - Offshore QA", "contractor"],
      ["Eng - Frontend", "developer"],
      ["Eng - Backend", "developer"],
      ["Eng - Mobile", "developer"],
      ["Data Science", "developer"],
      ["Security - AppSec", "security-reviewer"],
      [RED_TEAM_ID, "security-reviewer"],
      ["Platform Engineering", "platform"],
      ["SRE On-Call", "platform"],
    ]
      .map(([group, profile]) => ({
        name: `identity-${profile}-${membershipKey(group)}`,
        inputs: { groupObjectId: profileGroupId(profile), memberObjectId: directoryGroupId(group) },
      }))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    assert.deepStrictEqual(
      ofType(MEMBER).map((m) => ({ name: m.name, inputs: m.inputs })),
      expected,
    );
    assert.ok(
      ofType(GROUP).every((g) => !("members" in g.inputs)),
      "Group.members would fight GroupMember",
    );
  });

  it("looks each display name up once, by prefix among security groups, and takes object ids as given", () => {
    const lookups = invokes.filter((i) => i.token === GET_GROUPS).map((i) => i.inputs);
    assert.deepStrictEqual(
      lookups.map((l) => JSON.stringify(l)).sort(),
      [
        "Contractors",
        "Vendors - Offshore QA",
        "Eng - Frontend",
        "Eng - Backend",
        "Eng - Mobile",
        "Data Science",
        "Security - AppSec",
        "Platform Engineering",
        "SRE On-Call",
      ]
        .map((displayNamePrefix) => JSON.stringify({ displayNamePrefix, securityEnabled: true }))
        .sort(),
    );
    assert.deepStrictEqual(
      invokes.filter((i) => i.token !== GET_GROUPS).map((i) => i.token),
      [],
    );
  });

  it("outputs per profile the group id, the include group and the higher-priority exclude groups", async () => {
    const outputs = await Promise.all(
      Object.entries(component.groups).map(async ([profile, g]) => [
        profile,
        {
          objectId: await valueOf(g.objectId),
          includeGroup: g.includeGroup,
          excludeGroups: g.excludeGroups,
          excludeGroupObjectIds: await valueOf(g.excludeGroupObjectIds),
        },
      ]),
    );
    const higher: Record<string, string[]> = {
      contractor: ["platform", "security-reviewer", "developer"],
      developer: ["platform", "security-reviewer"],
      "security-reviewer": ["platform"],
      platform: [],
    };
    assert.deepStrictEqual(
      Object.fromEntries(outputs),
      Object.fromEntries(
        Object.entries(higher).map(([profile, above]) => [
          profile,
          {
            objectId: profileGroupId(profile),
            includeGroup: `claude-code-prod-${profile}`,
            excludeGroups: above.map((p) => `claude-code-prod-${p}`),
            excludeGroupObjectIds: above.map(profileGroupId),
          },
        ]),
      ),
    );
  });

  it("keeps every child name when the assignments are reordered", async () => {
    const names = () =>
      resources
        .filter((r) => r.type === GROUP || r.type === MEMBER)
        .map((r) => `${r.type}::${r.name}`)
        .sort();
    const before = names();
    resetRecorded();
    new ProfileGroups("identity", { plan: prodIdentity((a) => [...a].reverse()) });
    await settle();
    assert.deepStrictEqual(names(), before);
    assert.strictEqual(before.length, 14);
  });

  it("registers nothing inside apply: a first preview with unknown ids registers the same resources", async () => {
    resetRecorded();
    new ProfileGroups("identity", { plan: identity });
    await settle();
    const known = resources.length;
    assert.strictEqual(await previewRegistrations(() => new ProfileGroups("identity", { plan: identity })), known);
    await installMocks({ stack: "prod" });
  });
});
