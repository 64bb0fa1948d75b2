// A two-ring stack in plain terms (the pilot on a new developer release, broad still on the old one;
// the contractor release the same in both) and the path from device reports to the report.
import { FleetInput, FleetRing, PromotionThresholds } from "../../cli/rollout-status/fleet-input";
import { parseOtlpExports } from "../../cli/rollout-status/otlp-export";
import { PolicyEvent, policyEventOf } from "../../cli/rollout-status/policy-event";
import { buildFleetReport, FleetReport } from "../../cli/rollout-status/report";
import { groupRoleValue } from "../../components/plan/group-roles";
import { membershipKey } from "../../components/plan/identity";
import { DeviceReport, fleetExport } from "./fleet-fixture";

const hash = (c: string) => c.repeat(64);
/** resolved_sha256 of each release's POSIX and Windows documents. */
export const NEW_POSIX = hash("a");
export const NEW_WINDOWS = hash("b");
export const OLD_POSIX = hash("c");
export const CONTRACTOR = hash("e");
export const DRIFT = hash("f");
export const NEW_POLICY = hash("1");
export const OLD_POLICY = hash("2");

/** Groups the stack names by object id (the others by display name). */
export const PLATFORM_ID = "11111111-1111-4111-8111-111111111111";
export const CONTRACTORS_ID = "44444444-4444-4444-8444-444444444444";
/** The app role a token carries for an assigned group the user is in, whichever way the stack names it. */
export const roleOf = (group: string) => groupRoleValue(membershipKey(group));
export const PILOT_ROLE = roleOf("Pilot - Eng Backend");
export const BACKEND_ROLE = roleOf("Eng - Backend");
export const CONTRACTORS_ROLE = roleOf(CONTRACTORS_ID);

const contractor = { policyHash: hash("3"), resolvedSha256: [CONTRACTOR] };

export function twoRings(promotion: PromotionThresholds = { minDevices: 3, maxRefused: 2, maxDrift: 1 }): FleetInput {
  const pilot: FleetRing = {
    name: "pilot",
    soakDays: 3,
    releasedAt: "2026-11-28",
    groups: [
      { group: "Pilot - Eng Backend", profile: "developer" },
      { group: PLATFORM_ID, profile: "developer" },
    ],
    releases: {
      developer: { policyHash: NEW_POLICY, resolvedSha256: [NEW_POSIX, NEW_WINDOWS] },
      contractor,
    },
  };
  const broad: FleetRing = {
    name: "broad",
    soakDays: 0,
    releasedAt: "2026-11-01",
    groups: [
      { group: "Eng - Backend", profile: "developer" },
      { group: CONTRACTORS_ID, profile: "contractor" },
    ],
    releases: { developer: { policyHash: OLD_POLICY, resolvedSha256: [OLD_POSIX, hash("d")] }, contractor },
  };
  return { stack: "prod", profiles: ["contractor", "developer"], rings: [pilot, broad], promotion };
}

export function eventsOf(reports: readonly DeviceReport[]): { events: PolicyEvent[]; skipped: string[] } {
  const events: PolicyEvent[] = [];
  const skipped: string[] = [];
  for (const record of parseOtlpExports(fleetExport(reports), "fleet.json")) {
    const outcome = policyEventOf(record);
    if (outcome && "event" in outcome) events.push(outcome.event);
    else if (outcome) skipped.push(outcome.skipped);
  }
  return { events, skipped };
}

export function reportOf(
  input: FleetInput,
  reports: readonly DeviceReport[],
  now = "2026-12-02T09:00:00Z",
): FleetReport {
  const { events, skipped } = eventsOf(reports);
  return buildFleetReport(input, events, skipped, { now: new Date(now) });
}
