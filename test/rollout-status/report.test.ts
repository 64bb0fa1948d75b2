// Exact counts and verdicts of a two-ring fleet built from the client's captured records: the pilot on
// a new developer release, broad on the old one, every category the issue names.
import * as assert from "assert";
import { renderJson, renderMarkdown } from "../../cli/rollout-status/render";
import { ProfileStatus } from "../../cli/rollout-status/report";
import { DeviceReport } from "./fleet-fixture";
import { AUTOMATION_ROLE } from "../../components/plan/group-roles";
import { NO_GROUP_ROLE } from "../../cli/rollout-status/placement";
import {
  BACKEND_ROLE,
  CONTRACTOR,
  CONTRACTORS_ROLE,
  DRIFT,
  NEW_POLICY,
  NEW_POSIX,
  NEW_WINDOWS,
  OLD_POLICY,
  OLD_POSIX,
  PILOT_ROLE,
  PLATFORM_ID,
  reportOf,
  roleOf,
  twoRings,
} from "./fleet";

const at = "2026-11-29T08:00:00Z";
const pilot = (oid: string, extra: Partial<DeviceReport>): DeviceReport => ({
  oid,
  profile: "developer",
  roles: [PILOT_ROLE],
  resolvedSha256: NEW_POSIX,
  at,
  ...extra,
});

const FLEET: DeviceReport[] = [
  pilot("user-1", {}),
  pilot("user-2", { resolvedSha256: NEW_WINDOWS }),
  // Was on the old release, restarted on the new one: the latest event counts.
  pilot("user-3", { resolvedSha256: OLD_POSIX, at: "2026-11-27T08:00:00Z" }),
  pilot("user-3", { at: "2026-11-28T08:00:00Z" }),
  // In a group of each ring: counted once, in the earlier ring.
  pilot("user-4", { roles: [BACKEND_ROLE, PILOT_ROLE] }),
  pilot("user-5", { resolvedSha256: OLD_POSIX }),
  pilot("user-6", { resolvedSha256: DRIFT }),
  pilot("user-7", { run: "policy-helper-failed", resolvedSha256: undefined }),
  pilot("user-8", { run: "minimum-version-refused", resolvedSha256: undefined }),
  // One user, two installs: two devices.
  { oid: "user-9", installId: "laptop", profile: "developer", roles: [BACKEND_ROLE], resolvedSha256: OLD_POSIX, at },
  {
    oid: "user-9",
    installId: "desktop",
    profile: "developer",
    roles: [BACKEND_ROLE],
    resolvedSha256: "d".repeat(64),
    at,
  },
  { oid: "user-10", profile: "developer", roles: [BACKEND_ROLE], resolvedSha256: NEW_POSIX, at },
  // The roles claim as one comma-joined string, with roles no group has; no install id kept.
  {
    oid: "user-11",
    installId: null,
    profile: "developer",
    roles: ` ClaudeCode.User, ${BACKEND_ROLE},x`,
    resolvedSha256: OLD_POSIX,
    at,
  },
  { oid: "user-12", profile: "contractor", roles: [CONTRACTORS_ROLE], resolvedSha256: CONTRACTOR, at },
  // In the profile's own group only: the token's role is ClaudeCode.User, no group role.
  { oid: "user-13", profile: "developer", roles: ["ClaudeCode.User"], resolvedSha256: OLD_POSIX, at },
  { oid: "user-14", profile: "ghost", roles: [BACKEND_ROLE], resolvedSha256: OLD_POSIX, at },
  { oid: "user-15", roles: [BACKEND_ROLE], resolvedSha256: OLD_POSIX, at },
  // Straight from a client, never through the collector: whatever it claims, it is not a device.
  { oid: "user-16", stamped: false, profile: "developer", roles: [PILOT_ROLE], resolvedSha256: NEW_POSIX, at },
  // Machine clients (app-only tokens): in no ring, on either pinned release, drifting, refusing.
  { oid: "ci-1", profile: "developer", roles: [AUTOMATION_ROLE], resolvedSha256: OLD_POSIX, at },
  { oid: "ci-2", profile: "developer", roles: [AUTOMATION_ROLE], resolvedSha256: NEW_WINDOWS, at },
  { oid: "ci-3", profile: "developer", roles: [AUTOMATION_ROLE], resolvedSha256: DRIFT, at },
  { oid: "ci-4", run: "minimum-version-refused", profile: "developer", roles: [AUTOMATION_ROLE], at },
];

const empty = { older: {}, unknown: {}, refused: {}, silentGroups: [] };

describe("rollout-status: a two-ring fleet", () => {
  const report = reportOf(twoRings(), FLEET);

  it("counts the pilot's devices: current, older, unknown, refused by error type, silent groups", () => {
    const [pilotRing] = report.rings;
    assert.deepStrictEqual(pilotRing.profiles, [
      { ...empty, profile: "contractor", release: twoRings().rings[0].releases.contractor, devices: 0, current: 0 },
      {
        profile: "developer",
        release: { policyHash: NEW_POLICY, resolvedSha256: [NEW_POSIX, NEW_WINDOWS] },
        devices: 8,
        current: 4,
        older: { [OLD_POLICY]: 1 },
        unknown: { [DRIFT]: 1 },
        refused: { helper_failed: 1, version_below_minimum: 1 },
        silentGroups: [PLATFORM_ID],
      },
    ] satisfies ProfileStatus[]);
  });

  it("counts broad: the old release is current there, the pilot's release is an older (other pinned) one", () => {
    const [, broad] = report.rings;
    assert.deepStrictEqual(
      broad.profiles.map((p) => [p.profile, p.devices, p.current, p.older, p.unknown, p.refused, p.silentGroups]),
      [
        ["contractor", 1, 1, {}, {}, {}, []],
        ["developer", 4, 3, { [NEW_POLICY]: 1 }, {}, {}, []],
      ],
    );
  });

  it("says which devices it could not place and why, and counts each device once", () => {
    assert.strictEqual(report.devices, 20);
    assert.deepStrictEqual(report.unplaced, [
      { profile: "developer", reason: NO_GROUP_ROLE, devices: 1 },
      { profile: "ghost", reason: "the profile is not in the stack", devices: 1 },
      { profile: null, reason: "no server-stamped profile (not through the collector)", devices: 1 },
    ]);
    assert.deepStrictEqual(report.skipped, {
      "not through the collector (no identity.source=entra-oidc-collector)": 1,
    });
  });

  it("counts what had happened by --now: a later event is skipped, the device's earlier one counts", () => {
    const earlier = reportOf(twoRings(), FLEET, "2026-11-27T12:00:00Z");
    assert.deepStrictEqual(earlier.skipped, {
      "after the report's time (--now)": 20,
      "not through the collector (no identity.source=entra-oidc-collector)": 1,
    });
    assert.deepStrictEqual(earlier.devices, 1);
    assert.deepStrictEqual(
      earlier.rings[0].profiles.map((p) => [p.profile, p.devices, p.older]),
      [
        ["contractor", 0, {}],
        ["developer", 1, { [OLD_POLICY]: 1 }],
      ],
    );
  });

  it("promotes the soaked pilot within the thresholds; holds broad where a profile has too few devices", () => {
    const [pilotRing, broad] = report.rings;
    assert.deepStrictEqual(
      [pilotRing.verdict, pilotRing.reasons, pilotRing.soakedDays, pilotRing.unchangedProfiles],
      ["promote", [], 4, ["contractor"]],
    );
    assert.deepStrictEqual(
      [broad.verdict, broad.reasons, broad.soakedDays],
      ["hold", ["contractor: 1 device on the release, minDevices is 3"], 31],
    );
  });

  it("holds with a reason per threshold: soak not elapsed, too few devices, refused over max, drift over max", () => {
    const held = reportOf(twoRings({ minDevices: 5, maxRefused: 1, maxDrift: 0 }), FLEET, "2026-11-29T12:00:00Z");
    assert.deepStrictEqual(held.rings[0].verdict, "hold");
    assert.deepStrictEqual(held.rings[0].reasons, [
      "soaked 1 of 3 days since 2026-11-28",
      "developer: 4 devices on the release, minDevices is 5",
      "developer: 2 devices refused the policy, maxRefused is 1",
      "developer: 1 device on an unknown hash, maxDrift is 0",
    ]);
  });

  it("reads only the collector's stamps: a client claiming another profile and groups changes nothing", () => {
    const forged = FLEET.map((device) => ({ ...device, forged: { profile: "contractor", groups: CONTRACTORS_ROLE } }));
    assert.deepStrictEqual(reportOf(twoRings(), forged), report);
  });

  it("lists machine clients apart: in no ring and no verdict, told against every pinned release", () => {
    assert.deepStrictEqual(report.automation, [
      {
        profile: "developer",
        devices: 4,
        releases: { [NEW_POLICY]: 1, [OLD_POLICY]: 1 },
        unknown: { [DRIFT]: 1 },
        refused: { version_below_minimum: 1 },
      },
    ]);
    const withoutMachines = reportOf(
      twoRings(),
      FLEET.filter((device) => !device.oid.startsWith("ci-")),
    );
    assert.deepStrictEqual(withoutMachines.rings, report.rings);
    assert.deepStrictEqual(withoutMachines.automation, []);
  });

  it("places by group role whether the stack names a group by display name or object id", () => {
    const named = reportOf(twoRings(), [pilot("user-1", {}), pilot("user-2", { roles: [roleOf(PLATFORM_ID)] })]);
    assert.deepStrictEqual(
      named.rings[0].profiles.map((p) => [p.profile, p.devices, p.silentGroups]),
      [
        ["contractor", 0, []],
        ["developer", 2, []],
      ],
    );
    // A single-ring stack still lists machine clients apart.
    const one = twoRings();
    const single = reportOf({ ...one, rings: [one.rings[1]] }, FLEET);
    // Only broad's releases are pinned now: the pilot's Windows document is a hash no ring runs.
    assert.deepStrictEqual(single.automation, [
      {
        profile: "developer",
        devices: 4,
        releases: { [OLD_POLICY]: 1 },
        unknown: { [NEW_WINDOWS]: 1, [DRIFT]: 1 },
        refused: { version_below_minimum: 1 },
      },
    ]);
    assert.deepStrictEqual(
      single.unplaced.map((u) => u.reason),
      ["the profile is not in the stack", "no server-stamped profile (not through the collector)"],
    );
  });

  it("renders the same data as markdown and JSON", () => {
    assert.deepStrictEqual(JSON.parse(renderJson(report)), JSON.parse(JSON.stringify(report)));
    const markdown = renderMarkdown(report);
    assert.ok(
      markdown.includes(`| pilot | developer | \`${NEW_POLICY.slice(0, 12)}\` | 8 | 4 | 1 | 1 | 2 | ${PLATFORM_ID} |`),
      markdown,
    );
    assert.ok(
      markdown.includes(
        "## broad (last ring): hold\n\n- soak: 31 of 0 days since 2026-11-01\n- hold: contractor: 1 device",
      ),
    );
    assert.ok(markdown.includes("- developer refused: `helper_failed` 1, `version_below_minimum` 1"));
    assert.ok(
      markdown.includes(
        `## Automation devices (machine clients, in no ring)\n\n- developer: 4 devices (\`${NEW_POLICY.slice(0, 12)}\` 1, \`${OLD_POLICY.slice(0, 12)}\` 1, unknown \`${DRIFT}\` 1, refused \`version_below_minimum\` 1)\n`,
      ),
      markdown,
    );
  });
});
