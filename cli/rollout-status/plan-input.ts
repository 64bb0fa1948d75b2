// The fleet input from a stack's plan: each ring's groups (the plan gives the last ring every assigned
// group no earlier ring lists) with their profiles, the release each profile runs there, and the thresholds.
import { RolloutConfig } from "../../components/config";
import { stagedRolloutSchema } from "../../components/config/rollout-rings";
import { RingPlan } from "../../components/plan/rings";
import { CompiledRollout } from "../../components/settings";
import { FleetInput, FleetRing } from "./fleet-input";

export function fleetInputOf(config: RolloutConfig, rollout: CompiledRollout, rings: readonly RingPlan[]): FleetInput {
  const profileOf = new Map(rollout.assignments.map((a) => [a.group, a.profile]));
  const fleetRings = rings.map((ring): FleetRing => ({
    name: ring.name,
    soakDays: ring.soakDays,
    releasedAt: ring.releasedAt,
    groups: ring.groups.map((group) => ({ group, profile: profileOf.get(group)! })),
    releases: Object.fromEntries(
      Object.entries(ring.profiles).map(([profile, { release }]) => [
        profile,
        {
          policyHash: release.policyHash,
          resolvedSha256: [...new Set([release.resolvedSha256, release.windows.resolvedSha256])].sort(),
        },
      ]),
    ),
  }));
  return {
    stack: config.environment,
    profiles: rollout.profiles.map((p) => p.name),
    rings: fleetRings,
    promotion: config.rollout?.promotion ?? stagedRolloutSchema.parse({}).promotion,
  };
}
