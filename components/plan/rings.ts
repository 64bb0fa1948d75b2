// The rings slice of the plan: which compiled release each ring runs per profile, and whom it targets.
import type { CompiledProfile } from "../settings";

/**
 * What a device runs: one profile as compiled and released. The release file keeps these documents,
 * so a ring keeps running its release while the stack file moves on.
 */
export type ReleasedProfile = Pick<
  CompiledProfile,
  | "name"
  | "policyHash"
  | "settings"
  | "settingsJson"
  | "settingsSha256"
  | "resolvedSha256"
  | "windows"
  | "mcp"
  | "intent"
  | "verify"
>;

/** One profile in one ring: its release and its MDM targeting (directory groups as the stack file names them). */
export interface RingProfile {
  readonly release: ReleasedProfile;
  /** The ring's assigned directory groups of this profile. */
  readonly includeGroups: readonly string[];
  /**
   * Who must not get this installer: every higher-priority profile's Entra group (any ring), and this
   * profile's directory groups of earlier rings, so a device gets exactly one profile and one ring.
   */
  readonly excludeGroups: readonly string[];
}

export interface RingPlan {
  readonly name: string;
  /** Days the ring's release must run before the next ring may take it (rollout-status). */
  readonly soakDays: number;
  /** The assigned directory groups the ring covers, in stack-file order; the last ring takes the rest. */
  readonly groups: readonly string[];
  /** YYYY-MM-DD the ring's release was recorded (release file); undefined for a stack without rings. */
  readonly releasedAt: string | undefined;
  /** Profile → what the ring runs. A profile the ring has no release of is absent (nothing is published for it). */
  readonly profiles: Readonly<Record<string, RingProfile>>;
}
