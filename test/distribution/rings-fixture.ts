// Two releases of prod's developer profile and the rings that run them, built straight from compiled
// profiles (a CompiledProfile is a ReleasedProfile), so distribution is tested on its own.
import { readStack } from "../../cli/stack";
import { loadRolloutConfig, RolloutConfig } from "../../components/config";
import { clientHelpers } from "../../components/distribution";
import { DistributionPlan, planDistribution } from "../../components/plan/distribution";
import { ReleasedProfile, RingPlan, targetRings } from "../../components/plan/rings";
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
/** The profiles of those groups: what the pilot's release records (the other profiles have no pilot group). */
const PILOT_PROFILES = ["developer", "platform"];

/** Prod's assignments in two rings, the pilot of PILOT_GROUPS (soak 3 days) and broad. */
const TWO_RINGS = [
  { name: "pilot", groups: PILOT_GROUPS, soakDays: 3 },
  { name: "broad", groups: [], soakDays: 0 },
];

/**
 * A ring running these releases (recorded 2026-11-30; in the pilot, those of its profiles), targeted
 * by planRings' own targeting.
 */
export function ring(
  name: "pilot" | "broad",
  rollout: CompiledRollout,
  releases: readonly ReleasedProfile[],
): RingPlan {
  const rings = targetRings({ assignments: rollout.assignments, rollout: { rings: TWO_RINGS } }, rollout, {
    releasedAt: () => "2026-11-30",
    releaseOf: (ringName, profile) =>
      ringName === name && (name === "broad" || PILOT_PROFILES.includes(profile.name))
        ? releases.find((r) => r.name === profile.name)
        : undefined,
  });
  return rings.find((r) => r.name === name)!;
}

/** A stack without rings: one ring running the current compile for every assigned group. */
export function everyone(rollout: CompiledRollout): RingPlan {
  const [all] = targetRings({ assignments: rollout.assignments }, rollout, {
    releasedAt: () => undefined,
    releaseOf: (_, profile) => profile,
  });
  return all;
}
