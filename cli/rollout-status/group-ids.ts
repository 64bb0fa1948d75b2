// --group-ids FILE: the object ids of stack groups written as display names. Either a JSON map
// `{ "<display name>": "<object id>" }`, or `pulumi stack output groups --json` as is (per profile,
// assignedGroupObjectIds by the group's membership key).
import * as fs from "node:fs";
import { isObjectId } from "../../components/config";
import { isRecord } from "../../components/config/json";
import { groupLookup, membershipKey } from "../../components/plan/identity";
import { RolloutStatusInputError } from "./input-error";
import { RingGroup } from "./fleet-input";
import { displayNameKey } from "./placement";

/** Display name (as displayNameKey spells it) → object id (lower case). */
export function readGroupIds(file: string, groups: readonly RingGroup[]): Map<string, string> {
  let document: unknown;
  try {
    document = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch (error) {
    throw new RolloutStatusInputError(
      `--group-ids ${file}: ${error instanceof Error ? error.message : String(error)} — pass a JSON file (a map of group name to object id, or \`pulumi stack output groups --json\`)`,
    );
  }
  return groupIdsOf(document, groups, `--group-ids ${file}`);
}

export function groupIdsOf(document: unknown, groups: readonly RingGroup[], where: string): Map<string, string> {
  if (!isRecord(document))
    throw new RolloutStatusInputError(
      `${where}: expected a JSON object (group name → object id, or the stack's groups output)`,
    );
  const values = Object.values(document);
  const stackOutput = values.length > 0 && values.every((v) => isRecord(v) && isRecord(v.assignedGroupObjectIds));
  const pairs = stackOutput ? fromStackOutput(document, groups) : Object.entries(document);
  const ids = new Map<string, string>();
  for (const [name, id] of pairs) {
    if (typeof id !== "string" || !isObjectId(id))
      throw new RolloutStatusInputError(
        `${where}: ${JSON.stringify(name)} must map to a group object id (a GUID), got ${JSON.stringify(id)}`,
      );
    const key = displayNameKey(name);
    const seen = ids.get(key);
    if (seen !== undefined && seen !== id.toLowerCase())
      throw new RolloutStatusInputError(
        `${where}: ${JSON.stringify(name)} is given two object ids (names compare case-insensitively) — keep one`,
      );
    ids.set(key, id.toLowerCase());
  }
  return ids;
}

/** The stack's display-name groups, each looked up under its profile by its membership key. */
function fromStackOutput(document: Record<string, unknown>, groups: readonly RingGroup[]): [string, unknown][] {
  return groups.flatMap(({ group, profile }) => {
    if ("objectId" in groupLookup(group) || !Object.hasOwn(document, profile)) return [];
    const ids = (document[profile] as { assignedGroupObjectIds: Record<string, unknown> }).assignedGroupObjectIds;
    const key = membershipKey(group);
    return Object.hasOwn(ids, key) ? [[group, ids[key]] as [string, unknown]] : [];
  });
}
