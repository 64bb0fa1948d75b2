// Two releases of prod's developer profile and the rings that run them, built straight from compiled
// profiles (a CompiledProfile is a ReleasedProfile), so distribution is tested on its own.
import { readStack } from "../../cli/stack";
import { loadRolloutConfig, RolloutConfig } from "../../components/config";
import { clientHelpers } from "../../components/distribution";
import { DistributionPlan, planDistribution } from "../../components/plan/distribution";
import type { ReleasedProfile, RingPlan, RingProfile } from "../../components/plan/rings";
import { CompiledRollout, compileRollout, PINNED_CLIENT_VERSION } from "../../components/settings";

/** The project config of stacks/Pulumi.prod.yaml, deep-copied so a test may edit it. */
export function prodProject(): Record<string, Record<string, unknown>> {
  return JSON.parse(JSON.stringify(readStack("prod").projectConfig));
}

export function compiled(project: Record<string, unknown>): { config: RolloutConfig; rollout: CompiledRollout } {
  const config = loadRolloutConfig(project, "prod");
  return { config, rollout: compileRollout(config, PINNED_CLIENT_VERSION) };
}

/** Prod as committed (the release the broad ring keeps) and with one more developer allow (the candidate). */
export function twoReleases() {
  const before = compiled(prodProject());
  const project = prodProject();
  const developer = (project.profiles as Record<string, { permissions: { allow: string[] } }>).developer;
  developer.permissions.allow.push("Bash(npm run typecheck)");
  const after = compiled(project);
  return { before, after };
}

/** The candidate's plan for these rings (the stack's helpers, as synth renders them). */
export function planFor(after: { config: RolloutConfig; rollout: CompiledRollout }, rings: readonly RingPlan[]) {
  const { config, rollout } = after;
  return planDistribution({ config, rollout, helpers: clientHelpers(config, rollout), rings });
}

export function slice(plan: ReturnType<typeof planFor>): DistributionPlan {
  if (!plan.slice) throw new Error(`no distribution plan: ${JSON.stringify(plan.problems)}`);
  return plan.slice;
}

/** The pilot: a developer group and a platform group (as in the rings contract); broad takes the rest. */
export const PILOT_GROUPS = ["Eng - Backend", "Platform Engineering"];

/**
 * A ring running these releases, targeted as planRings targets it: the ring's assigned groups of each
 * profile, excluding the higher-priority Entra groups and, in broad, the profile's pilot groups.
 */
export function ring(
  name: "pilot" | "broad",
  rollout: CompiledRollout,
  releases: readonly ReleasedProfile[],
): RingPlan {
  const inRing = (group: string) => (name === "pilot") === PILOT_GROUPS.includes(group);
  const profiles: Record<string, RingProfile> = {};
  for (const release of releases) {
    const { assignedGroups, excludeGroups } = rollout.profiles.find((p) => p.name === release.name)!;
    const includeGroups = assignedGroups.filter(inRing);
    const earlier = name === "broad" ? assignedGroups.filter((group) => PILOT_GROUPS.includes(group)) : [];
    if (includeGroups.length)
      profiles[release.name] = { release, includeGroups, excludeGroups: [...excludeGroups, ...earlier] };
  }
  const groups = rollout.assignments.map((a) => a.group).filter(inRing);
  return { name, soakDays: name === "pilot" ? 3 : 0, groups, releasedAt: "2026-11-30", profiles };
}

/** A stack without rings: one ring running the current compile for every assigned group. */
export function everyone(rollout: CompiledRollout): RingPlan {
  const profiles: Record<string, RingProfile> = {};
  for (const profile of rollout.profiles) {
    profiles[profile.name] = {
      release: profile,
      includeGroups: profile.assignedGroups,
      excludeGroups: profile.excludeGroups,
    };
  }
  return { name: "all", soakDays: 0, groups: rollout.assignments.map((a) => a.group), releasedAt: undefined, profiles };
}
