// Promote or hold, per ring: the next ring may take this ring's release once it has soaked and every
// profile it changes has enough devices on it, few enough refusals and little enough drift.
import { FleetRing, PromotionThresholds } from "./fleet-input";

const DAY_MS = 86_400_000;

/** The counts of one ring and profile the thresholds are checked against. */
export interface ProfileEvidence {
  readonly profile: string;
  readonly current: number;
  readonly refused: number;
  readonly unknown: number;
}

export interface RingVerdict {
  readonly verdict: "promote" | "hold";
  readonly reasons: readonly string[];
  /** Whole days since releasedAt; undefined without a release date. */
  readonly soakedDays: number | undefined;
  /** Profiles whose release the next ring already runs: promoting changes nothing for them. */
  readonly unchanged: readonly string[];
}

export function ringVerdict(
  ring: FleetRing,
  next: FleetRing | undefined,
  evidence: readonly ProfileEvidence[],
  thresholds: PromotionThresholds,
  nowMs: number,
): RingVerdict {
  const reasons: string[] = [];
  const elapsed = ring.releasedAt === undefined ? undefined : nowMs - Date.parse(`${ring.releasedAt}T00:00:00Z`);
  const soakedDays = elapsed === undefined ? undefined : Math.max(0, Math.floor(elapsed / DAY_MS));
  if (soakedDays === undefined) {
    if (ring.soakDays > 0)
      reasons.push(`no release date to measure the ${ring.soakDays}-day soak from (npm run release)`);
  } else if (elapsed! < 0) {
    reasons.push(`released ${ring.releasedAt}, after the report's time (--now)`);
  } else if (soakedDays < ring.soakDays) {
    reasons.push(`soaked ${soakedDays} of ${ring.soakDays} days since ${ring.releasedAt}`);
  }
  const released = Object.keys(ring.releases).sort();
  if (released.length === 0) reasons.push("the ring runs no release");
  const unchanged = released.filter(
    (profile) =>
      next &&
      Object.hasOwn(next.releases, profile) &&
      next.releases[profile].policyHash === ring.releases[profile].policyHash,
  );
  for (const counts of evidence) {
    if (!released.includes(counts.profile) || unchanged.includes(counts.profile)) continue;
    const { profile, current, refused, unknown } = counts;
    if (current < thresholds.minDevices)
      reasons.push(`${profile}: ${current} ${devices(current)} on the release, minDevices is ${thresholds.minDevices}`);
    if (refused > thresholds.maxRefused)
      reasons.push(
        `${profile}: ${refused} ${devices(refused)} refused the policy, maxRefused is ${thresholds.maxRefused}`,
      );
    if (unknown > thresholds.maxDrift)
      reasons.push(`${profile}: ${unknown} ${devices(unknown)} on an unknown hash, maxDrift is ${thresholds.maxDrift}`);
  }
  return { verdict: reasons.length ? "hold" : "promote", reasons, soakedDays, unchanged };
}

function devices(count: number): string {
  return count === 1 ? "device" : "devices";
}
