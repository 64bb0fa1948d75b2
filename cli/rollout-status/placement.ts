// Which ring a device is in: the earliest ring holding any of its token's groups. Tokens carry group
// object ids; a stack group written as a display name needs its object id (--group-ids), and until
// it has one a device that could be in it cannot be placed with certainty — said, not guessed.
import { groupLookup } from "../../components/plan/identity";
import { FleetRing } from "./fleet-input";

export interface PlacedGroup {
  readonly ring: number;
  readonly group: string;
  readonly profile: string;
  /** Lower case; undefined when the stack names the group and no object id is known for the name. */
  readonly objectId: string | undefined;
}

export type DevicePlace = { readonly ring: number } | { readonly unplaced: string };

/** Every ring's groups with their object ids; `groupIds` maps display names (lower case) to object ids. */
export function placeGroups(rings: readonly FleetRing[], groupIds: ReadonlyMap<string, string>): PlacedGroup[] {
  return rings.flatMap((ring, index) =>
    ring.groups.map(({ group, profile }) => {
      const lookup = groupLookup(group);
      const objectId = "objectId" in lookup ? lookup.objectId : groupIds.get(displayNameKey(lookup.displayName));
      return { ring: index, group, profile, objectId };
    }),
  );
}

/** Entra compares display names case-insensitively. */
export function displayNameKey(name: string): string {
  return name.trim().toLowerCase();
}

export function placeDevice(groups: readonly string[], placed: readonly PlacedGroup[], ringCount: number): DevicePlace {
  if (ringCount === 1) return { ring: 0 };
  if (groups.length === 0) return { unplaced: "its token carries no groups" };
  const held = new Set(groups);
  const match = placed.filter((g) => g.objectId !== undefined && held.has(g.objectId)).map((g) => g.ring);
  const ring = match.length ? Math.min(...match) : undefined;
  // An unresolved group of an earlier ring might hold the device too.
  if (placed.some((g) => g.objectId === undefined && (ring === undefined || g.ring < ring)))
    return { unplaced: "its ring depends on groups given by display name without an object id (pass --group-ids)" };
  return ring !== undefined ? { ring } : { unplaced: "none of its token's groups is assigned in the stack" };
}
