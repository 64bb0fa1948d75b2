// The rings slice of the plan: which compiled release each ring runs per profile, and whom it targets.
import { RolloutConfig } from "../config";
import { CompiledProfile, CompiledRollout } from "../settings";
import { PlanProblem, SlicePlan } from "./problems";
import {
  parseReleaseFile,
  ReleasedProfile,
  releasedOf,
  ReleaseFile,
  releaseFileName,
  ReleaseSource,
  listedProblems,
} from "./release-file";

export type { ReleasedProfile } from "./release-file";

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

export interface RingsSlice {
  /** Stack order, the pilot first; a stack without rings has one ring, `all`, running the current compile. */
  readonly rings: readonly RingPlan[];
  /** Every distinct profile + policyHash some ring runs, sorted by profile, then policyHash. */
  readonly releases: readonly ReleasedProfile[];
  /** Non-fatal findings, each naming where (e.g. a profile that reaches no device of a ring yet). */
  readonly warnings: readonly string[];
}

export interface RingsInput {
  readonly config: RolloutConfig;
  /** The current compile: the candidate, and each profile's Entra exclusions. */
  readonly rollout: CompiledRollout;
  /** The release file next to the stack file, or undefined when there is none. */
  readonly release: ReleaseSource | undefined;
}

/** The name of the one ring of a stack without rings. */
export const IMPLICIT_RING = "all";

/** What ring targeting reads of a stack's config: its assignments and its rings. */
export type RingsConfig = {
  readonly assignments: readonly { readonly group: string; readonly profile: string }[];
  readonly rollout?: { readonly rings: NonNullable<RolloutConfig["rollout"]>["rings"] };
};

/** A ring's name, soak and directory groups: the listed ones, or for the last ring every assigned group left. */
export function ringGroups(config: RingsConfig): { name: string; soakDays: number; groups: string[] }[] {
  const rings = config.rollout?.rings ?? [];
  const assigned = config.assignments.map((a) => a.group);
  if (!rings.length) return [{ name: IMPLICIT_RING, soakDays: 0, groups: assigned }];
  const listed = new Set(rings.flatMap((ring) => ring.groups));
  return rings.map((ring, i) => ({
    name: ring.name,
    soakDays: ring.soakDays,
    groups: i === rings.length - 1 ? assigned.filter((group) => !listed.has(group)) : [...ring.groups],
  }));
}

/**
 * What each ring runs and whom it targets. Without rings: one ring running the current compile. With
 * rings: what the release file records per ring, so a changed profile reaches no ring until released.
 */
export function planRings(input: RingsInput): SlicePlan<RingsSlice> {
  const { config, rollout, release } = input;
  const stack = config.environment;
  const label = releaseFileName(stack);
  const staged = Boolean(config.rollout?.rings.length);
  const shape = ringGroups(config);
  if (!staged) {
    const warnings = release
      ? [
          `${label}: the stack has no rollout.rings, so every device runs the current compile and this file is unused — delete it`,
        ]
      : [];
    const rings = targetRings(config, rollout, {
      releasedAt: () => undefined,
      releaseOf: (_, profile) => releasedOf(profile),
    });
    return { slice: { rings, releases: distinct(rings), warnings }, problems: [] };
  }
  const releaseCommand = (ring: string) => `\`npm run release -- ${stack} --ring ${ring}\``;
  if (!release)
    return {
      slice: undefined,
      problems: [
        {
          path: label,
          message: `the stack has rings (${shape.map((r) => r.name).join(", ")}) and no release file — record what each ring runs: ${shape.map((r) => releaseCommand(r.name)).join(", then ")}`,
        },
      ],
    };
  const parsed = parseReleaseFile(release, stack);
  if (!parsed.release) return { slice: undefined, problems: parsed.problems };
  const file: ReleaseFile = parsed.release;
  const problems: PlanProblem[] = [];
  const warnings: string[] = [];
  for (const ring of file.rings.keys())
    if (!shape.some((r) => r.name === ring))
      problems.push({
        path: `${label}: rings.${ring}`,
        message: `no ring "${ring}" in rollout.rings — ${releaseCommand("<ring>")} drops it, or add the ring back`,
      });
  const rings = targetRings(config, rollout, {
    releasedAt: (ring) => file.rings.get(ring)?.releasedAt,
    releaseOf: (ring, profile) => {
      const hash = file.rings.get(ring)?.profiles.get(profile.name);
      return hash === undefined ? undefined : file.releases.get(profile.name)?.get(hash);
    },
  });
  const assignedTo = assignmentIndex(config);
  for (const [i, ring] of shape.entries()) {
    const entry = file.rings.get(ring.name);
    if (!entry)
      problems.push({
        path: `${label}: rings.${ring.name}`,
        message: `ring "${ring.name}" has no release — record what it runs: ${releaseCommand(ring.name)}`,
      });
    for (const profile of entry?.profiles.keys() ?? [])
      if (!rollout.profiles.some((p) => p.name === profile))
        problems.push({
          path: `${label}: rings.${ring.name}.profiles.${profile}`,
          message: `profile "${profile}" is no longer in the stack — ${releaseCommand(ring.name)} records the ring's current profiles and drops it`,
        });
    for (const profile of rollout.profiles) {
      const groups = ring.groups.filter((group) => assignedTo(group, profile.name));
      if (entry && groups.length && !Object.hasOwn(rings[i].profiles, profile.name))
        warnings.push(
          `rollout.rings[${i}]: profile "${profile.name}" has no release in ring "${ring.name}", so its groups there (${groups.join(", ")}) get no installer until ${releaseCommand(ring.name)}`,
        );
    }
  }
  if (problems.length) return { slice: undefined, problems: listedProblems(problems, label, stack) };
  for (const profile of rollout.profiles)
    if (
      !rings.some(
        (ring) =>
          Object.hasOwn(ring.profiles, profile.name) &&
          ring.profiles[profile.name].release.policyHash === profile.policyHash,
      )
    )
      warnings.push(
        `profiles.${profile.name}: the current compile (policy ${profile.policyHash.slice(0, 12)}) runs in no ring yet — ${releaseCommand(shape[0].name)} starts it in the first ring`,
      );
  return { slice: { rings, releases: distinct(rings), warnings }, problems: [] };
}

/** Whether `group` is assigned to `profile`: a set per profile, so a ring's targeting is linear in its groups. */
type AssignedTo = (group: string, profile: string) => boolean;

function assignmentIndex(config: Pick<RingsConfig, "assignments">): AssignedTo {
  const byProfile = new Map<string, Set<string>>();
  for (const { group, profile } of config.assignments) {
    const groups = byProfile.get(profile) ?? new Set<string>();
    byProfile.set(profile, groups.add(group));
  }
  return (group, profile) => byProfile.get(profile)?.has(group) ?? false;
}

/** What each ring runs: its release date, and the release a profile runs there (none: nothing is published). */
export interface RingReleases {
  readonly releasedAt: (ring: string) => string | undefined;
  readonly releaseOf: (ring: string, profile: CompiledProfile) => ReleasedProfile | undefined;
}

/**
 * Every ring of the stack with what it runs and whom each profile's installer there targets: the
 * ring's assigned groups of the profile, excluding higher-priority profiles' groups and the profile's
 * groups of earlier rings. planRings feeds it the release file; tests may feed it releases directly.
 */
export function targetRings(config: RingsConfig, rollout: CompiledRollout, releases: RingReleases): RingPlan[] {
  const shape = ringGroups(config);
  const assignedTo = assignmentIndex(config);
  return shape.map((ring, index) => {
    const earlier = shape.slice(0, index).flatMap((r) => r.groups);
    const profiles: [string, RingProfile][] = [];
    for (const profile of rollout.profiles) {
      const release = releases.releaseOf(ring.name, profile);
      if (!release) continue;
      profiles.push([
        profile.name,
        {
          release,
          includeGroups: ring.groups.filter((group) => assignedTo(group, profile.name)),
          excludeGroups: [...profile.excludeGroups, ...earlier.filter((group) => assignedTo(group, profile.name))],
        },
      ]);
    }
    return {
      name: ring.name,
      soakDays: ring.soakDays,
      groups: ring.groups,
      releasedAt: releases.releasedAt(ring.name),
      profiles: Object.fromEntries(profiles),
    };
  });
}

/** Every distinct release the rings run, sorted by profile then policyHash (code-point order: no locale). */
function distinct(rings: readonly RingPlan[]): ReleasedProfile[] {
  const byKey = new Map<string, ReleasedProfile>();
  for (const ring of rings)
    for (const { release } of Object.values(ring.profiles))
      byKey.set(`${release.name}\n${release.policyHash}`, release);
  return [...byKey.values()].sort((a, b) =>
    a.name !== b.name
      ? a.name < b.name
        ? -1
        : 1
      : a.policyHash < b.policyHash
        ? -1
        : a.policyHash > b.policyHash
          ? 1
          : 0,
  );
}
