// The fleet report: each device's latest policy event placed in its ring and profile and classified,
// counted per ring and profile, with the groups no device reports from and each ring's verdict.
import { latestPerDevice, standingOf } from "./classify";
import { FleetInput, PromotionThresholds, Release } from "./fleet-input";
import { placeDevice, PlacedGroup, placeGroups } from "./placement";
import { PolicyEvent } from "./policy-event";
import { ringVerdict } from "./verdict";

export interface ProfileStatus {
  readonly profile: string;
  /** What the ring runs for the profile; null when it runs nothing for it. */
  readonly release: Release | null;
  readonly devices: number;
  readonly current: number;
  /** policyHash of another pinned release → devices on it. */
  readonly older: Readonly<Record<string, number>>;
  /** resolved_sha256 no ring pins (`none`: not reported) → devices. */
  readonly unknown: Readonly<Record<string, number>>;
  /** error.type → devices. */
  readonly refused: Readonly<Record<string, number>>;
  /** Assigned groups of the ring and profile no reporting device is in. */
  readonly silentGroups: readonly string[];
}

export interface RingStatus {
  readonly name: string;
  readonly soakDays: number;
  readonly releasedAt: string | null;
  readonly soakedDays: number | null;
  readonly verdict: "promote" | "hold";
  readonly reasons: readonly string[];
  readonly unchangedProfiles: readonly string[];
  readonly profiles: readonly ProfileStatus[];
}

/**
 * Machine clients (CI, headless `claude -p`) of an automation profile: their app-only tokens carry
 * ClaudeCode.Automation and no group, so they are in no ring and count in no verdict; what they run
 * is told against every release some ring pins.
 */
export interface AutomationDevices {
  readonly profile: string;
  readonly devices: number;
  /** policyHash of a pinned release → devices on it. */
  readonly releases: Readonly<Record<string, number>>;
  readonly unknown: Readonly<Record<string, number>>;
  readonly refused: Readonly<Record<string, number>>;
}

export interface UnplacedDevices {
  readonly profile: string | null;
  readonly reason: string;
  readonly devices: number;
}

export interface FleetReport {
  readonly stack: string;
  readonly now: string;
  readonly thresholds: PromotionThresholds;
  /** Devices with a policy event (their latest counts). */
  readonly devices: number;
  readonly rings: readonly RingStatus[];
  readonly automation: readonly AutomationDevices[];
  readonly unplaced: readonly UnplacedDevices[];
  /** Policy records not counted (not through the collector, after --now), by reason. */
  readonly skipped: Readonly<Record<string, number>>;
}

export const AFTER_NOW = "after the report's time (--now)";

interface Tally {
  devices: number;
  current: number;
  older: Map<string, number>;
  unknown: Map<string, number>;
  refused: Map<string, number>;
}

export function buildFleetReport(
  input: FleetInput,
  events: readonly PolicyEvent[],
  skipped: readonly string[],
  options: { readonly now: Date },
): FleetReport {
  const placed = placeGroups(input.rings);
  // The report is as of `now`: a later event (an export read with an earlier --now) is not yet evidence.
  const late = events.filter((event) => event.timeMs > options.now.getTime());
  const latest = latestPerDevice(events.filter((event) => event.timeMs <= options.now.getTime()));
  const tallies = new Map<string, Tally>();
  const unplaced = new Map<string, UnplacedDevices>();
  const automation = new Map<string, Tally>();
  const reporting = new Set(latest.flatMap((event) => event.roles));
  for (const event of latest) {
    const known = event.profile !== undefined && input.profiles.includes(event.profile);
    const place = known
      ? placeDevice(event.roles, placed, input.rings.length)
      : {
          unplaced:
            event.profile === undefined
              ? "no server-stamped profile (not through the collector)"
              : "the profile is not in the stack",
        };
    if ("unplaced" in place) {
      const key = JSON.stringify([event.profile ?? null, place.unplaced]);
      const seen = unplaced.get(key);
      unplaced.set(key, { profile: event.profile ?? null, reason: place.unplaced, devices: (seen?.devices ?? 0) + 1 });
      continue;
    }
    const profile = event.profile!;
    // A machine client runs no ring's release in particular: each pinned release counts as "older".
    const tally = "automation" in place ? tallyOf(automation, -1, profile) : tallyOf(tallies, place.ring, profile);
    const ring = "automation" in place ? { ...input.rings[0], releases: {} } : input.rings[place.ring];
    const standing = standingOf(event, ring, profile, input.rings);
    tally.devices++;
    if (standing.category === "current") tally.current++;
    else if (standing.category === "older") bump(tally.older, standing.policyHash);
    else if (standing.category === "unknown") bump(tally.unknown, standing.resolvedSha256);
    else bump(tally.refused, standing.errorType);
  }

  const rings = input.rings.map((ring, index): RingStatus => {
    const groupsOf = (profile: string) => placed.filter((g) => g.ring === index && g.profile === profile);
    const profiles = input.profiles
      .filter(
        (profile) =>
          Object.hasOwn(ring.releases, profile) ||
          groupsOf(profile).length > 0 ||
          tallies.has(tallyKey(index, profile)),
      )
      .map((profile) =>
        profileStatus(profile, ring.releases, groupsOf(profile), tallies.get(tallyKey(index, profile)), reporting),
      );
    const evidence = profiles.map((p) => ({
      profile: p.profile,
      current: p.current,
      refused: sum(p.refused),
      unknown: sum(p.unknown),
    }));
    const verdict = ringVerdict(ring, input.rings[index + 1], evidence, input.promotion, options.now.getTime());
    return {
      name: ring.name,
      soakDays: ring.soakDays,
      releasedAt: ring.releasedAt ?? null,
      soakedDays: verdict.soakedDays ?? null,
      verdict: verdict.verdict,
      reasons: verdict.reasons,
      unchangedProfiles: verdict.unchanged,
      profiles,
    };
  });
  return {
    stack: input.stack,
    now: options.now.toISOString(),
    thresholds: input.promotion,
    devices: latest.length,
    rings,
    automation: input.profiles.flatMap((profile) => {
      const tally = automation.get(tallyKey(-1, profile));
      return tally
        ? [
            {
              profile,
              devices: tally.devices,
              releases: counts(tally.older),
              unknown: counts(tally.unknown),
              refused: counts(tally.refused),
            },
          ]
        : [];
    }),
    unplaced: [...unplaced.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, value]) => value),
    skipped: counts(
      [...skipped, ...late.map(() => AFTER_NOW)].reduce((map, reason) => bump(map, reason), new Map<string, number>()),
    ),
  };
}

function profileStatus(
  profile: string,
  releases: FleetInput["rings"][number]["releases"],
  groups: readonly PlacedGroup[],
  tally: Tally | undefined,
  reporting: ReadonlySet<string>,
): ProfileStatus {
  return {
    profile,
    release: Object.hasOwn(releases, profile) ? releases[profile] : null,
    devices: tally?.devices ?? 0,
    current: tally?.current ?? 0,
    older: counts(tally?.older),
    unknown: counts(tally?.unknown),
    refused: counts(tally?.refused),
    silentGroups: groups.filter((g) => !reporting.has(g.role)).map((g) => g.group),
  };
}

function tallyKey(ring: number, profile: string): string {
  return `${ring} ${profile}`;
}

function tallyOf(tallies: Map<string, Tally>, ring: number, profile: string): Tally {
  const key = tallyKey(ring, profile);
  let tally = tallies.get(key);
  if (!tally) {
    tally = { devices: 0, current: 0, older: new Map(), unknown: new Map(), refused: new Map() };
    tallies.set(key, tally);
  }
  return tally;
}

function bump(map: Map<string, number>, key: string): Map<string, number> {
  map.set(key, (map.get(key) ?? 0) + 1);
  return map;
}

/** Sorted keys, so the JSON is the same bytes for the same fleet. */
function counts(map: ReadonlyMap<string, number> | undefined): Record<string, number> {
  const entries = [...(map ?? new Map<string, number>()).entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries);
}

function sum(record: Readonly<Record<string, number>>): number {
  return Object.values(record).reduce((total, n) => total + n, 0);
}
