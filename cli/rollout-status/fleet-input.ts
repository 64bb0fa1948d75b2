// What rollout-status judges the fleet against, in plain terms: the rings in stack order, each with
// its assigned groups and the release each profile runs there, and the promotion thresholds.
// plan-input.ts builds it from a stack's plan; tests build it directly.

/** One compiled release of a profile: what a device running it reports as resolved_sha256. */
export interface Release {
  readonly policyHash: string;
  /** The resolved hashes of its documents (POSIX and Windows), lower case. */
  readonly resolvedSha256: readonly string[];
}

/** An assigned directory group as the stack file writes it: an object id or a display name. */
export interface RingGroup {
  readonly group: string;
  readonly profile: string;
}

export interface FleetRing {
  readonly name: string;
  readonly soakDays: number;
  /** YYYY-MM-DD the ring's release was recorded; undefined for a stack without rings. */
  readonly releasedAt: string | undefined;
  /** Every assigned group the ring covers (the last ring: all the others). */
  readonly groups: readonly RingGroup[];
  /** Profile → the release the ring runs; a profile without one is absent. */
  readonly releases: Readonly<Record<string, Release>>;
}

export interface PromotionThresholds {
  /** Devices on the ring's release a changed profile needs before the next ring may take it. */
  readonly minDevices: number;
  readonly maxRefused: number;
  /** Devices on an unknown hash. */
  readonly maxDrift: number;
}

export interface FleetInput {
  readonly stack: string;
  /** The stack's profiles, in the order rows are printed. */
  readonly profiles: readonly string[];
  /** Stack order: the pilot first. */
  readonly rings: readonly FleetRing[];
  readonly promotion: PromotionThresholds;
}
