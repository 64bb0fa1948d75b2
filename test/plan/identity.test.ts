import * as assert from "assert";
import { loadRolloutConfig, RawRolloutConfig } from "../../components/config";
import { groupLookup, membershipKey, planIdentity } from "../../components/plan/identity";
import { compileRollout, PINNED_CLIENT_VERSION } from "../../components/settings";
import { sampleConfig } from "../fixtures/config";

// The identity slice of the plan (pure): targets and their checks, each problem with its stack-file path.

function plan(raw: RawRolloutConfig, stack = "prod") {
  const config = loadRolloutConfig(raw, stack);
  return planIdentity(config, compileRollout(config, PINNED_CLIENT_VERSION));
}

function withAssignments(assignments: { group: string; profile: string }[]): RawRolloutConfig {
  return { ...sampleConfig(), assignments };
}

describe("plan: identity slice", () => {
  it("plans each profile's group, its exclusions and its nested directory groups with their keys", () => {
    const { slice, problems } = plan(sampleConfig());
    assert.deepStrictEqual(problems, []);
    assert.deepStrictEqual(slice, {
      profiles: [
        {
          name: "restricted",
          includeGroup: "claude-code-prod-restricted",
          excludeGroups: ["claude-code-prod-platform", "claude-code-prod-standard"],
          assigned: [
            {
              group: "Contractors",
              path: "assignments[0].group",
              key: membershipKey("Contractors"),
              lookup: { displayName: "Contractors" },
            },
          ],
        },
        {
          name: "standard",
          includeGroup: "claude-code-prod-standard",
          excludeGroups: ["claude-code-prod-platform"],
          assigned: [
            {
              group: "Eng - Frontend",
              path: "assignments[1].group",
              key: membershipKey("Eng - Frontend"),
              lookup: { displayName: "Eng - Frontend" },
            },
          ],
        },
        {
          name: "platform",
          includeGroup: "claude-code-prod-platform",
          excludeGroups: [],
          assigned: [
            {
              group: "Platform",
              path: "assignments[2].group",
              key: membershipKey("Platform"),
              lookup: { displayName: "Platform" },
            },
          ],
        },
      ],
    });
  });

  it("refuses nesting a group this program creates, whatever the letter case, naming the assignment", () => {
    const { slice, problems } = plan(
      withAssignments([
        { group: "Claude-Code-Prod-Platform", profile: "restricted" },
        { group: "Platform", profile: "platform" },
      ]),
    );
    assert.strictEqual(slice, undefined);
    assert.deepStrictEqual(problems, [
      {
        path: "assignments[0].group",
        message:
          'group "Claude-Code-Prod-Platform" is the group this program creates for profile "platform" — assign the directory groups it should contain instead',
      },
    ]);
  });

  it("refuses two groups whose membership keys collide, naming both assignments", () => {
    // Found by search: 32-bit keys collide for some pair of names; the fix is to name one by object id.
    assert.strictEqual(membershipKey("Team 63766"), membershipKey("Team 133559"));
    const { problems } = plan(
      withAssignments([
        { group: "Team 63766", profile: "restricted" },
        { group: "Team 133559", profile: "standard" },
      ]),
    );
    assert.deepStrictEqual(problems, [
      {
        path: "assignments[1].group",
        message:
          'group "Team 133559" shares the membership key aa90b9d4 with assignments[0] ("Team 63766") — refer to one of them by object id',
      },
    ]);
  });

  it("refuses a group name no Entra group can have (over 256 characters); 256 is fine", () => {
    const at = (group: string) =>
      plan(withAssignments([...sampleConfig().assignments!, { group, profile: "platform" }])).problems;
    assert.deepStrictEqual(at("g".repeat(256)), []);
    assert.deepStrictEqual(at("g".repeat(257)), [
      {
        path: "assignments[3].group",
        message:
          "257 characters, but Entra ID group names have at most 256 — give the group's exact name or its object id",
      },
    ]);
  });

  it("carries the existing group a profile adopts, by lower-case object id, and no field for the others", () => {
    const raw = sampleConfig();
    raw.profiles = {
      ...raw.profiles,
      platform: { ...raw.profiles.platform, groupObjectId: "6D0C2B7E-91A4-4F3B-8E25-0C7D9A1F3B42" },
    };
    const { slice, problems } = plan(raw);
    assert.deepStrictEqual(problems, []);
    assert.deepStrictEqual(
      slice!.profiles.map((p) => [p.name, p.adoptedObjectId]),
      [
        ["restricted", undefined],
        ["standard", undefined],
        ["platform", "6d0c2b7e-91a4-4f3b-8e25-0c7d9a1f3b42"],
      ],
    );
    assert.ok(!("adoptedObjectId" in slice!.profiles[0]));
  });

  it("looks object ids up by objectId (lower-cased) and anything else by exact display name", () => {
    assert.deepStrictEqual(groupLookup("6D0C2B7E-91A4-4F3B-8E25-0C7D9A1F3B42"), {
      objectId: "6d0c2b7e-91a4-4f3b-8e25-0c7d9a1f3b42",
    });
    assert.deepStrictEqual(groupLookup("Eng - Backend"), { displayName: "Eng - Backend" });
  });

  it("keys a membership by 8 hex of the group, ignoring case and surrounding space", () => {
    assert.strictEqual(membershipKey("Eng - Backend"), "fc84af66");
    assert.strictEqual(membershipKey(" eng - backend "), "fc84af66");
    assert.notStrictEqual(membershipKey("Eng - Frontend"), membershipKey("Eng - Backend"));
  });
});
