// The app roles of a profile's app and what its tokens' `roles` claim says. Each assigned directory
// group is assigned its own role, so a user token names the user's assigned groups (the collector
// stamps the claim; rollout-status maps each group role back to the stack's group and its ring),
// while a machine client's app-only token carries ClaudeCode.Automation — and is still accepted by
// the collector, which refuses any token without its configured groups claim (docs/design-notes.md).
import { PlanProblem } from "./problems";

/** Granted to the profile's own group (and, before group roles, to every assigned group). */
export const USER_ROLE = "ClaudeCode.User";
/** Granted to an automation profile's machine client: the role of app-only tokens. */
export const AUTOMATION_ROLE = "ClaudeCode.Automation";
const GROUP_ROLE_PREFIX = "ClaudeCode.Group.";

/**
 * The role value of an assigned directory group, from its membership key (identity's membershipKey):
 * stable under letter-case changes, unique in the stack (planIdentity refuses two groups sharing a
 * key), and never equal to USER_ROLE or AUTOMATION_ROLE.
 */
export function groupRoleValue(membershipKey: string): string {
  return `${GROUP_ROLE_PREFIX}${membershipKey}`;
}

/** The membership key a role value names, or undefined for any other role. */
export function membershipKeyOfRole(role: string): string | undefined {
  return role.startsWith(GROUP_ROLE_PREFIX) ? role.slice(GROUP_ROLE_PREFIX.length) : undefined;
}

/**
 * Entra ID: "A maximum of 1200 entries can be added in the Application Manifest" (Microsoft Entra
 * service limits and restrictions). A profile's app lists, besides one role per assigned group, the
 * user and automation roles, the access scope, its identifier URI and the pre-authorised Azure CLI.
 * (A user's token carries only the roles of the groups the user is in; Entra documents no limit on
 * the roles claim, and a role value here is 25 characters of the 120 allowed.)
 */
const MAX_MANIFEST_ENTRIES = 1200;
const FIXED_MANIFEST_ENTRIES = 5;
export const MAX_GROUPS_PER_PROFILE = MAX_MANIFEST_ENTRIES - FIXED_MANIFEST_ENTRIES;

/** A problem for each profile whose app would need more group roles than Entra lets an app list. */
export function groupRoleLimitProblems(
  profiles: readonly { readonly name: string; readonly assigned: readonly { readonly path: string }[] }[],
): PlanProblem[] {
  return profiles
    .filter((profile) => profile.assigned.length > MAX_GROUPS_PER_PROFILE)
    .map((profile) => ({
      path: profile.assigned[MAX_GROUPS_PER_PROFILE].path,
      message: `profile "${profile.name}" has ${profile.assigned.length} assigned groups, but each is an app role of the profile's app and Entra ID allows ${MAX_MANIFEST_ENTRIES} entries in an app's manifest (${FIXED_MANIFEST_ENTRIES} are the app's own) — assign at most ${MAX_GROUPS_PER_PROFILE} groups to one profile: use fewer, larger groups or split the profile`,
    }));
}
