// Pure: which group a display name from the assignments means, among the security groups Entra
// returned for it. No Pulumi here, so the rule is tested without a runtime.

/** What a group lookup returned: display names and object ids, in step. */
export interface FoundGroups {
  readonly displayNames: readonly string[];
  readonly objectIds: readonly string[];
}

/**
 * The object id of the one security group named `name` (Entra compares names case-insensitively).
 * Several groups of that name cannot be told apart by name: the error lists their ids and asks for
 * the right one in the stack file; none found names the fix too. A prefix query may return longer
 * names as well; only exact matches count. `path` is where the stack file assigns the name
 * (`assignments[<i>].group`).
 */
export function matchDisplayName(name: string, found: FoundGroups, path: string): string {
  const wanted = name.trim().toLowerCase();
  const ids = found.displayNames.flatMap((candidate, i) =>
    candidate.trim().toLowerCase() === wanted ? [found.objectIds[i]] : [],
  );
  if (ids.length === 1) return ids[0];
  const where = `${path} ${JSON.stringify(name)}`;
  if (!ids.length)
    throw new Error(
      `${where}: no security group of that name in the tenant — correct the name, or give the group's object id`,
    );
  throw new Error(
    `${where}: ${ids.length} security groups share this name (${[...ids].sort().join(", ")}) — replace the name with the object id of the one you mean`,
  );
}
