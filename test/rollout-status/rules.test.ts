// The rules one at a time: the verdict's edges, a device's ring, and markdown safety.
import * as assert from "assert";
import { FleetRing } from "../../cli/rollout-status/fleet-input";
import { NO_GROUP_ROLE, placeDevice, placeGroups } from "../../cli/rollout-status/placement";
import { renderMarkdown } from "../../cli/rollout-status/render";
import { ringVerdict } from "../../cli/rollout-status/verdict";
import { AUTOMATION_ROLE } from "../../components/plan/group-roles";
import {
  BACKEND_ROLE,
  CONTRACTORS_ID,
  CONTRACTORS_ROLE,
  NEW_POSIX,
  PILOT_ROLE,
  PLATFORM_ID,
  reportOf,
  roleOf,
  twoRings,
} from "./fleet";

const release = { policyHash: "1".repeat(64), resolvedSha256: ["a".repeat(64)] };
const ring = (extra: Partial<FleetRing>): FleetRing => ({
  name: "pilot",
  soakDays: 2,
  releasedAt: "2026-12-01",
  groups: [],
  releases: { developer: release },
  ...extra,
});
const thresholds = { minDevices: 1, maxRefused: 0, maxDrift: 0 };
const enough = [{ profile: "developer", current: 1, refused: 0, unknown: 0 }];
const now = Date.parse("2026-12-03T00:00:00Z");

describe("rollout-status: the rules", () => {
  it("soak counts whole days from the release date; none to count from holds a ring that must soak", () => {
    assert.deepStrictEqual(ringVerdict(ring({}), undefined, enough, thresholds, now), {
      verdict: "promote",
      reasons: [],
      soakedDays: 2,
      unchanged: [],
    });
    assert.deepStrictEqual(ringVerdict(ring({}), undefined, enough, thresholds, now - 1).reasons, [
      "soaked 1 of 2 days since 2026-12-01",
    ]);
    assert.deepStrictEqual(ringVerdict(ring({ releasedAt: undefined }), undefined, enough, thresholds, now).reasons, [
      "no release date to measure the 2-day soak from (npm run release)",
    ]);
    assert.deepStrictEqual(
      ringVerdict(ring({ releasedAt: "2026-12-05" }), undefined, enough, thresholds, now).reasons,
      ["released 2026-12-05, after the report's time (--now)"],
    );
  });

  it("a profile the next ring already runs needs no evidence; a ring that runs nothing holds", () => {
    const none = [{ profile: "developer", current: 0, refused: 3, unknown: 3 }];
    const same = ringVerdict(ring({}), ring({ name: "broad" }), none, thresholds, now);
    assert.deepStrictEqual([same.verdict, same.unchanged], ["promote", ["developer"]]);
    const changed = ringVerdict(ring({}), ring({ name: "broad", releases: {} }), none, thresholds, now);
    assert.deepStrictEqual(changed.reasons, [
      "developer: 0 devices on the release, minDevices is 1",
      "developer: 3 devices refused the policy, maxRefused is 0",
      "developer: 3 devices on an unknown hash, maxDrift is 0",
    ]);
    assert.deepStrictEqual(ringVerdict(ring({ releases: {} }), undefined, [], thresholds, now).reasons, [
      "the ring runs no release",
    ]);
  });

  it("a device's ring: the earliest holding any of its group roles; a machine client is in none", () => {
    const placed = placeGroups(twoRings().rings);
    // The stack names the pilot group by display name and the platform group by object id: both resolve.
    assert.deepStrictEqual(
      placed.map((g) => [g.ring, g.group, g.role]),
      [
        [0, "Pilot - Eng Backend", PILOT_ROLE],
        [0, PLATFORM_ID, roleOf(PLATFORM_ID)],
        [1, "Eng - Backend", BACKEND_ROLE],
        [1, CONTRACTORS_ID, CONTRACTORS_ROLE],
      ],
    );
    // Letter case of a name does not change its role (Entra compares names case-insensitively).
    assert.equal(roleOf("PILOT - eng backend"), PILOT_ROLE);
    assert.deepStrictEqual(placeDevice([CONTRACTORS_ROLE, roleOf(PLATFORM_ID)], placed, 2), { ring: 0 });
    assert.deepStrictEqual(placeDevice([BACKEND_ROLE, "ClaudeCode.User"], placed, 2), { ring: 1 });
    // A group role of another stack's group, the user role alone, no roles: no ring to tell.
    for (const roles of [[roleOf("Somewhere Else")], ["ClaudeCode.User"], []])
      assert.deepStrictEqual(placeDevice(roles, placed, 2), { unplaced: NO_GROUP_ROLE });
    // One ring holds every user's device, whatever its roles.
    assert.deepStrictEqual(placeDevice([], placed, 1), { ring: 0 });
    // A machine client (app-only token) is in no ring, with one ring or more.
    assert.deepStrictEqual(placeDevice([AUTOMATION_ROLE], placed, 2), { automation: true });
    assert.deepStrictEqual(placeDevice([AUTOMATION_ROLE], placed, 1), { automation: true });
    // The object id of a group is never a role: a groups claim (the old stamp) places nothing.
    assert.deepStrictEqual(placeDevice([CONTRACTORS_ID], placed, 2), { unplaced: NO_GROUP_ROLE });
  });

  it("markdown: group names, profile and ring names and client-sent values are text, never markup", () => {
    const input = twoRings();
    const hostile = "Ops | @team <img src=x> [x](http://evil)";
    const rings = [
      { ...input.rings[0], groups: [...input.rings[0].groups, { group: hostile, profile: "developer" }] },
      input.rings[1],
    ];
    const report = reportOf({ ...input, rings }, [
      {
        oid: "u",
        profile: "developer",
        roles: [PILOT_ROLE],
        resolvedSha256: NEW_POSIX,
        at: "2026-12-01T00:00:00Z",
        run: "startup",
      },
    ]);
    const markdown = renderMarkdown(report);
    assert.ok(markdown.includes("Ops \\| @&#8203;team &lt;img src=x&gt; \\[x\\](http\\://evil)"), markdown);
    assert.ok(!markdown.includes("<img"));
  });
});
