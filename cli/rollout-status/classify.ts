// A device's standing, from its latest policy event: on its ring's release, on another release some
// ring still pins (usually the previous one, mid-rollout), on a hash no ring pins (drift), or refused.
import { FleetRing, Release } from "./fleet-input";
import { PolicyEvent } from "./policy-event";

export type Standing =
  | { readonly category: "current" }
  | { readonly category: "older"; readonly policyHash: string }
  | { readonly category: "unknown"; readonly resolvedSha256: string }
  | { readonly category: "refused"; readonly errorType: string };

/** A refusal without an error type (not seen from 2.1.329, which always sends one). */
export const UNKNOWN_ERROR_TYPE = "unknown";
/** Stands for a startup event without resolved_sha256 (OTEL_LOG_MANAGED_SETTINGS off): the policy is unconfirmed. */
export const NO_HASH = "none";

/** Each device's latest event (by time, then the client's event sequence), sorted by device. */
export function latestPerDevice(events: readonly PolicyEvent[]): PolicyEvent[] {
  const latest = new Map<string, PolicyEvent>();
  for (const event of events) {
    const seen = latest.get(event.device);
    if (!seen || event.timeMs > seen.timeMs || (event.timeMs === seen.timeMs && event.sequence > seen.sequence))
      latest.set(event.device, event);
  }
  return [...latest.values()].sort((a, b) => (a.device < b.device ? -1 : a.device > b.device ? 1 : 0));
}

/** Every release some ring pins for the profile, so a device on one of them is never counted as drift. */
export function pinnedReleases(rings: readonly FleetRing[], profile: string): Release[] {
  return rings.flatMap((ring) => (Object.hasOwn(ring.releases, profile) ? [ring.releases[profile]] : []));
}

export function standingOf(
  event: PolicyEvent,
  ring: FleetRing,
  profile: string,
  rings: readonly FleetRing[],
): Standing {
  if (event.trigger === "refused" || event.errorType !== undefined)
    return { category: "refused", errorType: event.errorType ?? UNKNOWN_ERROR_TYPE };
  const hash = event.resolvedSha256;
  if (hash === undefined) return { category: "unknown", resolvedSha256: NO_HASH };
  const own = Object.hasOwn(ring.releases, profile) ? ring.releases[profile] : undefined;
  if (own?.resolvedSha256.includes(hash)) return { category: "current" };
  const other = pinnedReleases(rings, profile).find((release) => release.resolvedSha256.includes(hash));
  if (other) return { category: "older", policyHash: other.policyHash };
  return { category: "unknown", resolvedSha256: hash };
}
