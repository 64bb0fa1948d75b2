// Which ring a device is in: the earliest ring holding any of its token's group roles. Each assigned
// group has its own app role on its profile's app (ClaudeCode.Group.<membership key>), so a role maps
// back to the stack's group offline, whether the stack names the group by display name or object id.
// A machine client's token carries ClaudeCode.Automation and no group: it is in no ring.
import { AUTOMATION_ROLE, groupRoleValue } from "../../components/plan/group-roles";
import { membershipKey } from "../../components/plan/identity";
import { FleetRing } from "./fleet-input";

export interface PlacedGroup {
  readonly ring: number;
  readonly group: string;
  readonly profile: string;
  /** The app role its members' tokens carry. */
  readonly role: string;
}

export type DevicePlace = { readonly ring: number } | { readonly automation: true } | { readonly unplaced: string };

/** Every ring's groups with their roles. */
export function placeGroups(rings: readonly FleetRing[]): PlacedGroup[] {
  return rings.flatMap((ring, index) =>
    ring.groups.map(({ group, profile }) => ({
      ring: index,
      group,
      profile,
      role: groupRoleValue(membershipKey(group)),
    })),
  );
}

export function placeDevice(roles: readonly string[], placed: readonly PlacedGroup[], ringCount: number): DevicePlace {
  if (roles.includes(AUTOMATION_ROLE)) return { automation: true };
  if (ringCount === 1) return { ring: 0 };
  const held = new Set(roles);
  const match = placed.filter((g) => held.has(g.role)).map((g) => g.ring);
  if (match.length) return { ring: Math.min(...match) };
  return { unplaced: NO_GROUP_ROLE };
}

/** A user in the profile's own group directly (ClaudeCode.User only), or in a group the stack no longer assigns. */
export const NO_GROUP_ROLE =
  "its token carries no role of a group the stack assigns (a direct member of the profile's group, or a group no longer assigned)";
