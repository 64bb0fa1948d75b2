// rollout.json against rollout.json: profiles, their settings, and which groups get which profile.
import { managedServers } from "./mcp";
import { judgeSwitch } from "./judge";
import { Change, ProfileDoc, Republished, RolloutDoc, SettingChange } from "./model";
import { diffRings, ReleaseDocuments } from "./rings";
import { diffProfileSettings, EMPTY_PROFILE, ProfileView } from "./settings";
import { asRecord, canonicalJson, compareText, stringList } from "./values";

export interface RolloutDiff {
  changes: Change[];
  republished: Republished[];
  /** Profiles with a reported change: their re-published artefacts need no separate entry. */
  changedProfiles: Set<string>;
}

export function diffRollout(base: RolloutDoc, head: RolloutDoc, releases: ReleaseDocuments = {}): RolloutDiff {
  const baseProfiles = profilesByName(base);
  const headProfiles = profilesByName(head);
  const changes: Change[] = [];
  const changedProfiles = new Set<string>();
  const perProfile: { profile: string; change: SettingChange }[] = [];

  for (const name of sortedUnion(baseProfiles.keys(), headProfiles.keys())) {
    const before = baseProfiles.get(name);
    const after = headProfiles.get(name);
    if (!before && after) {
      changes.push({ ...profileEvent("profile-added", "profile added", name, after), groups: groupsOf(head, after) });
    } else if (before && !after) {
      changes.push({
        ...profileEvent("profile-removed", "profile removed", name, before),
        groups: groupsOf(base, before),
      });
    } else if (before && after) {
      for (const change of diffProfileSettings(view(before), view(after))) perProfile.push({ profile: name, change });
      if (before.priority !== after.priority) {
        changes.push({
          risk: "medium",
          effect: "neutral",
          category: "profiles",
          kind: "profile-priority-changed",
          title: "profile priority changed (decides which profile wins for users in several groups)",
          subject: name,
          before: before.priority ?? null,
          after: after.priority ?? null,
          details: [],
          profiles: [name],
          groups: groupsOf(head, after),
        });
        changedProfiles.add(name);
      }
      continue;
    }
    changedProfiles.add(name);
  }
  for (const change of coalesce(perProfile, head, headProfiles)) {
    change.profiles.forEach((profile) => changedProfiles.add(profile));
    changes.push(change);
  }
  changes.push(...diffAssignments(base, head, baseProfiles, headProfiles));
  // A ring taking another release re-publishes that profile's documents: the ring change explains them.
  for (const change of diffRings(
    base,
    head,
    { head: profilesPerGroup(head), base: profilesPerGroup(base) },
    releases,
  )) {
    change.profiles.forEach((profile) => changedProfiles.add(profile));
    changes.push(change);
  }
  if (base.clientVersion !== head.clientVersion && base.clientVersion !== undefined) {
    changes.push({
      risk: "low",
      effect: "neutral",
      category: "settings",
      kind: "client-version-changed",
      title: "pinned client version changed",
      subject: "clientVersion",
      before: base.clientVersion ?? null,
      after: head.clientVersion ?? null,
      details: [],
      profiles: [],
      groups: [],
    });
  }
  return { changes, republished: republished(baseProfiles, headProfiles), changedProfiles };
}

function profilesByName(doc: RolloutDoc): Map<string, ProfileDoc> {
  return new Map((doc.profiles ?? []).map((profile) => [profile.name, profile]));
}

function view(profile: ProfileDoc | undefined): ProfileView {
  return profile
    ? { settings: asRecord(profile.settings), mcpServers: managedServers(profile.mcpServers) }
    : EMPTY_PROFILE;
}

/** Groups a profile serves: from the assignments list, or the profile's own list in older outputs. */
function groupsOf(doc: RolloutDoc, profile: ProfileDoc): string[] {
  const groups = doc.assignments
    ? doc.assignments.filter((assignment) => assignment.profile === profile.name).map((assignment) => assignment.group)
    : stringList(profile.assignedGroups);
  return [...new Set(groups)].sort(compareText);
}

/** A whole profile appearing or going: its size, and what it allows, so the grant is reviewable. */
function profileEvent(kind: string, title: string, name: string, profile: ProfileDoc): Omit<Change, "groups"> {
  const permissions = asRecord(asRecord(profile.settings).permissions);
  const counts = (["allow", "ask", "deny"] as const)
    .map((list) => `${stringList(permissions[list]).length} ${list}`)
    .join(", ");
  const details = [`priority ${profile.priority ?? "unset"}; rules: ${counts}`];
  const allow = stringList(permissions.allow);
  if (allow.length > 0) details.push(`allow: ${allow.join(", ")}`);
  const servers = Object.keys(managedServers(profile.mcpServers)).sort(compareText);
  if (servers.length > 0) details.push(`managed MCP servers: ${servers.join(", ")}`);
  return {
    risk: "low",
    effect: "neutral",
    category: "profiles",
    kind,
    title,
    subject: name,
    profiles: [name],
    details,
  };
}

/** One entry per distinct change, listing every profile it hits (a baseline edit reaches all of them). */
function coalesce(
  perProfile: { profile: string; change: SettingChange }[],
  head: RolloutDoc,
  headProfiles: Map<string, ProfileDoc>,
): Change[] {
  const bySignature = new Map<string, Change>();
  for (const { profile, change } of perProfile) {
    const signature = canonicalJson(change);
    const groups = groupsOf(head, headProfiles.get(profile) as ProfileDoc);
    const existing = bySignature.get(signature);
    if (existing) {
      existing.profiles = [...existing.profiles, profile].sort(compareText);
      existing.groups = [...new Set([...existing.groups, ...groups])].sort(compareText);
    } else {
      bySignature.set(signature, { ...change, profiles: [profile], groups });
    }
  }
  return [...bySignature.values()];
}

function diffAssignments(
  base: RolloutDoc,
  head: RolloutDoc,
  baseProfiles: Map<string, ProfileDoc>,
  headProfiles: Map<string, ProfileDoc>,
): Change[] {
  const before = profilesPerGroup(base);
  const after = profilesPerGroup(head);
  const changes: Change[] = [];
  for (const group of sortedUnion(before.keys(), after.keys())) {
    const had = before.get(group) ?? new Set<string>();
    const has = after.get(group) ?? new Set<string>();
    const removed = [...had].filter((profile) => !has.has(profile)).sort(compareText);
    const added = [...has].filter((profile) => !had.has(profile)).sort(compareText);
    if (removed.length === 1 && added.length === 1) {
      changes.push(
        moveChange(group, removed[0], added[0], view(baseProfiles.get(removed[0])), view(headProfiles.get(added[0]))),
      );
      continue;
    }
    for (const profile of added) {
      changes.push({
        risk: "medium",
        effect: "widening",
        category: "assignments",
        kind: "assignment-added",
        title: "group assigned to profile",
        subject: group,
        details: [],
        profiles: [profile],
        groups: [group],
      });
    }
    for (const profile of removed) {
      changes.push({
        risk: "low",
        effect: "tightening",
        category: "assignments",
        kind: "assignment-removed",
        title: "group unassigned from profile",
        subject: group,
        details: [],
        profiles: [profile],
        groups: [group],
      });
    }
  }
  return changes;
}

/** A move is judged by what the group's members gain: the old profile as it was against the new one as it will be. */
function moveChange(group: string, from: string, to: string, before: ProfileView, after: ProfileView): Change {
  return {
    ...judgeSwitch(before, after),
    category: "assignments",
    kind: "assignment-moved",
    title: "group moved to another profile",
    subject: group,
    before: from,
    after: to,
    profiles: [from, to],
    groups: [group],
  };
}

function profilesPerGroup(doc: RolloutDoc): Map<string, Set<string>> {
  const assignments =
    doc.assignments ??
    (doc.profiles ?? []).flatMap((profile) =>
      stringList(profile.assignedGroups).map((group) => ({ group, profile: profile.name })),
    );
  const perGroup = new Map<string, Set<string>>();
  for (const { group, profile } of assignments)
    perGroup.set(group, (perGroup.get(group) ?? new Set<string>()).add(profile));
  return perGroup;
}

function republished(baseProfiles: Map<string, ProfileDoc>, headProfiles: Map<string, ProfileDoc>): Republished[] {
  return [...baseProfiles.keys()].sort(compareText).flatMap((name) => {
    const before = baseProfiles.get(name)?.settingsSha256;
    const after = headProfiles.get(name)?.settingsSha256;
    return before && after && before !== after ? [{ profile: name, before, after }] : [];
  });
}

function sortedUnion(a: Iterable<string>, b: Iterable<string>): string[] {
  return [...new Set([...a, ...b])].sort(compareText);
}
