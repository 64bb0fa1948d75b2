import { createHash } from "crypto";
import { isObjectId } from "../config";
import type { CompiledProfile } from "../settings";

/** What the identity component needs of a compiled profile. */
export type ProfileTarget = Pick<CompiledProfile, "name" | "includeGroup" | "excludeGroups" | "assignedGroups">;

/** How a directory group from the assignments is found in Entra ID. */
export type GroupLookup = { readonly objectId: string } | { readonly displayName: string };

/**
 * Checks the profiles before any group exists: each assigned directory group nests into exactly
 * one profile group, never into a group this program owns, and exclusions name known profiles.
 * Throws naming the config path and the fix.
 */
export function validateProfileTargets(profiles: readonly ProfileTarget[]): void {
  const byName = new Map<string, ProfileTarget>();
  const includeGroups = new Map(profiles.map((p) => [p.includeGroup.toLowerCase(), p.name]));
  const assignedTo = new Map<string, string>();
  const hashes = new Map<string, string>();
  for (const profile of profiles) {
    if (byName.has(profile.name))
      throw new Error(`profiles.${profile.name}: the profile is listed twice — pass each compiled profile once`);
    byName.set(profile.name, profile);
    for (const excluded of profile.excludeGroups) {
      if (!includeGroups.has(excluded.toLowerCase())) {
        throw new Error(
          `profiles.${profile.name}: exclude group "${excluded}" is not the group of any profile here — pass every compiled profile of the rollout`,
        );
      }
    }
    for (const group of profile.assignedGroups) {
      const key = groupKey(group);
      const owner = includeGroups.get(key);
      if (owner !== undefined) {
        throw new Error(
          `assignments: group "${group}" is the group this program creates for profile "${owner}" — assign the directory groups it should contain instead`,
        );
      }
      const other = assignedTo.get(key);
      if (other !== undefined) {
        throw new Error(
          `assignments: group "${group}" is assigned to both "${other}" and "${profile.name}" — a group maps to one profile; remove one entry`,
        );
      }
      assignedTo.set(key, profile.name);
      const hash = membershipKey(group);
      const clash = hashes.get(hash);
      if (clash !== undefined) {
        throw new Error(
          `assignments: groups "${clash}" and "${group}" share the membership key ${hash} — refer to one of them by object id`,
        );
      }
      hashes.set(hash, group);
    }
  }
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
  return createHash("sha256").update(groupKey(group)).digest("hex").slice(0, 8);
}

function groupKey(group: string): string {
  return group.trim().toLowerCase();
}
