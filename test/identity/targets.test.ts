import * as assert from "assert";
import { groupLookup, membershipKey, ProfileTarget, validateProfileTargets } from "../../components/identity";

const target = (name: string, priority: string[], assignedGroups: string[]): ProfileTarget => ({
  name,
  includeGroup: `claude-code-prod-${name}`,
  excludeGroups: priority.map((p) => `claude-code-prod-${p}`),
  assignedGroups,
});

describe("identity targets (pure)", () => {
  it("accepts distinct assignments whose exclusions name profiles of the rollout", () => {
    assert.doesNotThrow(() => validateProfileTargets([target("low", ["high"], ["Eng"]), target("high", [], ["SRE"])]));
  });

  it("rejects a directory group assigned to two profiles, whatever the letter case", () => {
    assert.throws(
      () => validateProfileTargets([target("low", ["high"], ["Eng - Backend"]), target("high", [], ["eng - backend"])]),
      {
        message:
          'assignments: group "eng - backend" is assigned to both "low" and "high" — a group maps to one profile; remove one entry',
      },
    );
  });

  it("rejects nesting a profile group the program creates into another profile group", () => {
    assert.throws(
      () => validateProfileTargets([target("low", ["high"], ["Claude-Code-Prod-High"]), target("high", [], [])]),
      {
        message:
          'assignments: group "Claude-Code-Prod-High" is the group this program creates for profile "high" — assign the directory groups it should contain instead',
      },
    );
  });

  it("rejects an exclude group that is no profile's group", () => {
    assert.throws(() => validateProfileTargets([target("low", ["gone"], [])]), {
      message:
        'profiles.low: exclude group "claude-code-prod-gone" is not the group of any profile here — pass every compiled profile of the rollout',
    });
  });

  it("rejects a profile listed twice", () => {
    assert.throws(() => validateProfileTargets([target("low", [], []), target("low", [], [])]), {
      message: "profiles.low: the profile is listed twice — pass each compiled profile once",
    });
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
