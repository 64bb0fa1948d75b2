// The identity slice: per profile its Entra group and the directory groups nested in it, checked before any group exists.
import { isObjectId, RolloutConfig } from "../config";
import { CompiledRollout, sha256Hex } from "../settings";
import { groupRoleLimitProblems } from "./group-roles";
import { PlanProblem, SlicePlan } from "./problems";

/** Entra ID's limit on a group's display name: a longer name can name no group. */
const MAX_GROUP_NAME = 256;

/** How a directory group from the assignments is found in Entra ID. */
export type GroupLookup = { readonly objectId: string } | { readonly displayName: string };

/** One directory group nested in a profile's group. */
export interface AssignedGroup {
  /** As written in `assignments[i].group`. */
  readonly group: string;
  /** Where the stack file assigns it, `assignments[<i>].group`: errors found only at deploy time name it. */
  readonly path: string;
  /** Stable membership key (membershipKey): names the membership and the app assignments of the group. */
  readonly key: string;
  readonly lookup: GroupLookup;
}

/** What the identity component builds for one profile. */
export interface ProfileGroupPlan {
  readonly name: string;
  /** Display name of the profile's security group, `claude-code-<env>-<profile>`. */
  readonly includeGroup: string;
  /** Groups of every higher-priority profile, highest first. */
  readonly excludeGroups: readonly string[];
  /** Directory groups nested in the profile's group, ordered by group. */
  readonly assigned: readonly AssignedGroup[];
  /** Object id (lower case) of the existing group the profile adopts (`profiles.<name>.groupObjectId`) instead of creating one. */
  readonly adoptedObjectId?: string;
}

export interface IdentityPlan {
  readonly profiles: readonly ProfileGroupPlan[];
}

/**
 * The profile groups and their nested directory groups. Each assigned directory group can exist
 * (a name within Entra's limit), nests into one profile group (the config model rejects a group
 * assigned twice), never into a group this program creates, and has its own membership key — which
 * also makes its app role (group-roles.ts) unique; and no profile has more groups than its app can
 * list roles for.
 */
export function planIdentity(config: RolloutConfig, rollout: CompiledRollout): SlicePlan<IdentityPlan> {
  const problems: PlanProblem[] = [];
  const ownGroups = new Map(rollout.profiles.map((p) => [groupKey(p.includeGroup), p.name]));
  const keys = new Map<string, number>();
  config.assignments.forEach(({ group }, i) => {
    const path = `assignments[${i}].group`;
    const owner = ownGroups.get(groupKey(group));
    if (owner !== undefined) {
      problems.push({
        path,
        message: `group "${group}" is the group this program creates for profile "${owner}" — assign the directory groups it should contain instead`,
      });
      return;
    }
    if (!isObjectId(group) && group.length > MAX_GROUP_NAME) {
      problems.push({
        path,
        message: `${group.length} characters, but Entra ID group names have at most ${MAX_GROUP_NAME} — give the group's exact name or its object id`,
      });
      return;
    }
    const key = membershipKey(group);
    const clash = keys.get(key);
    if (clash !== undefined) {
      problems.push({
        path,
        message: `group "${group}" shares the membership key ${key} with assignments[${clash}] ("${config.assignments[clash].group}") — refer to one of them by object id`,
      });
    } else keys.set(key, i);
  });
  if (problems.length) return { slice: undefined, problems };
  // Keys are unique here, so each assigned group has exactly one entry.
  const pathOf = new Map([...keys].map(([key, i]) => [key, `assignments[${i}].group`]));
  const profiles = rollout.profiles.map((profile) => {
    const adopted = config.profiles[profile.name].groupObjectId;
    return {
      name: profile.name,
      includeGroup: profile.includeGroup,
      excludeGroups: profile.excludeGroups,
      assigned: profile.assignedGroups.map((group) => {
        const key = membershipKey(group);
        return { group, path: pathOf.get(key)!, key, lookup: groupLookup(group) };
      }),
      ...(adopted !== undefined && { adoptedObjectId: adopted.toLowerCase() }),
    };
  });
  return { slice: { profiles }, problems: groupRoleLimitProblems(profiles) };
}

/** An object id is looked up as such; anything else is an exact display name. */
export function groupLookup(group: string): GroupLookup {
  return isObjectId(group) ? { objectId: group.toLowerCase() } : { displayName: group };
}

/**
 * Short, stable key for the membership of a directory group: the same whatever the order of the
 * assignments, and the same when only the letter case of the name changes (Entra compares names
 * case-insensitively), so neither replaces a membership.
 */
export function membershipKey(group: string): string {
  return sha256Hex(groupKey(group)).slice(0, 8);
}

function groupKey(group: string): string {
  return group.trim().toLowerCase();
}
