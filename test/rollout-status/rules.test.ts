// The rules one at a time: the verdict's edges, a device's ring, --group-ids, and markdown safety.
import * as assert from "assert";
import { FleetRing } from "../../cli/rollout-status/fleet-input";
import { groupIdsOf } from "../../cli/rollout-status/group-ids";
import { placeDevice, placeGroups } from "../../cli/rollout-status/placement";
import { renderMarkdown } from "../../cli/rollout-status/render";
import { ringVerdict } from "../../cli/rollout-status/verdict";
import { BACKEND_ID, CONTRACTORS_ID, NEW_POSIX, PILOT_ID, PLATFORM_ID, reportOf, twoRings } from "./fleet";

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

  it("a device's ring: the earliest holding any of its groups; none assigned and no groups are told apart", () => {
    const placed = placeGroups(
      twoRings().rings,
      new Map([
        ["pilot - eng backend", PILOT_ID],
        ["eng - backend", BACKEND_ID],
      ]),
    );
    assert.deepStrictEqual(placeDevice([CONTRACTORS_ID, PLATFORM_ID], placed, 2), { ring: 0 });
    assert.deepStrictEqual(placeDevice([CONTRACTORS_ID], placed, 2), { ring: 1 });
    assert.deepStrictEqual(placeDevice(["99999999-9999-4999-8999-999999999999"], placed, 2), {
      unplaced: "none of its token's groups is assigned in the stack",
    });
    assert.deepStrictEqual(placeDevice([], placed, 2), { unplaced: "its token carries no groups" });
    // One ring holds every device, whatever its groups.
    assert.deepStrictEqual(placeDevice([], placed, 1), { ring: 0 });
    // Only an unresolved group of an EARLIER ring leaves the ring in doubt.
    const pilotKnown = placeGroups(twoRings().rings, new Map([["pilot - eng backend", PILOT_ID]]));
    assert.deepStrictEqual(placeDevice([PILOT_ID], pilotKnown, 2), { ring: 0 });
    assert.deepStrictEqual(placeDevice([CONTRACTORS_ID], pilotKnown, 2), { ring: 1 });
  });

  it("--group-ids: names compare case-insensitively, ids must be GUIDs, one name one id", () => {
    const groups = twoRings().rings.flatMap((r) => r.groups);
    const ids = groupIdsOf({ "PILOT - Eng Backend": PILOT_ID.toUpperCase() }, groups, "g.json");
    assert.deepStrictEqual([...ids], [["pilot - eng backend", PILOT_ID]]);
    assert.throws(() => groupIdsOf([], groups, "g.json"), /g\.json: expected a JSON object/);
    assert.throws(() => groupIdsOf({ a: 1 }, groups, "g.json"), /"a" must map to a group object id \(a GUID\), got 1/);
    assert.throws(
      () => groupIdsOf({ a: PILOT_ID, A: BACKEND_ID }, groups, "g.json"),
      /"A" is given two object ids \(names compare case-insensitively\)/,
    );
  });

  it("markdown: group names, profile and ring names and client-sent values are text, never markup", () => {
    const input = twoRings();
    const hostile = "Ops | @team <img src=x> [x](http://evil)";
    const rings = [
      { ...input.rings[0], groups: [...input.rings[0].groups, { group: hostile, profile: "developer" }] },
      input.rings[1],
    ];
    const report = reportOf(
      { ...input, rings },
      [
        {
          oid: "u",
          profile: "developer",
          groups: [PILOT_ID],
          resolvedSha256: NEW_POSIX,
          at: "2026-12-01T00:00:00Z",
          run: "startup",
        },
      ],
      undefined,
      new Map([
        ["pilot - eng backend", PILOT_ID],
        ["eng - backend", BACKEND_ID],
        [hostile.toLowerCase(), CONTRACTORS_ID.replace("4444", "5555")],
      ]),
    );
    const markdown = renderMarkdown(report);
    assert.ok(markdown.includes("Ops \\| @&#8203;team &lt;img src=x&gt; \\[x\\](http\\://evil)"), markdown);
    assert.ok(!markdown.includes("<img"));
  });
});
