// Assembles the report: rollout and resource comparisons, sorted riskiest first, with counts.
import * as path from "path";
import { resolvedSha256 } from "../../components/settings/render";
import { releaseProfileHash, SynthOutput } from "./load";
import { CATEGORIES, Change, DiffReport, REPORT_SCHEMA, RISK_LEVELS, riskRank, RolloutDoc } from "./model";
import { diffResources } from "./resources";
import { diffRollout, RolloutDiff } from "./rollout";
import { canonicalJson, compareText } from "./values";

export function buildReport(base: SynthOutput, head: SynthOutput): DiffReport {
  const notes: string[] = [];
  let rollout: RolloutDiff = { changes: [], republished: [], changedProfiles: new Set() };
  if (base.rollout && head.rollout)
    rollout = diffRollout(base.rollout, head.rollout, { base: base.releases, head: head.releases });
  else notes.push(missingNote("rollout.json", base, head, "profile, permission and assignment changes"));

  const changes = [...rollout.changes];
  if (base.resources && head.resources) {
    changes.push(
      ...diffResources(base.resources, head.resources, {
        profileByHash: profileHashes([base, head]),
        changedProfiles: rollout.changedProfiles,
        groupsOf: (profile) => assignedGroups(head.rollout, profile),
      }),
    );
  } else {
    notes.push(missingNote("resources.json", base, head, "resource, retention and object-lock changes"));
  }

  changes.sort(compareChanges);
  const counts = Object.fromEntries(
    RISK_LEVELS.map((risk) => [risk, changes.filter((change) => change.risk === risk).length]),
  );
  return {
    schema: REPORT_SCHEMA,
    stack: head.rollout?.stack ?? base.rollout?.stack ?? path.basename(path.resolve(head.dir)),
    base: { clientVersion: base.rollout?.clientVersion ?? null },
    head: { clientVersion: head.rollout?.clientVersion ?? null },
    summary: {
      ...(counts as Record<(typeof RISK_LEVELS)[number], number>),
      total: changes.length,
      widening: changes.filter((change) => change.effect === "widening").length,
    },
    changes,
    republished: rollout.republished,
    notes,
  };
}

/** Risk first, then section, profiles, kind and subject; the full record breaks any remaining tie. */
export function compareChanges(a: Change, b: Change): number {
  return (
    riskRank(a.risk) - riskRank(b.risk) ||
    CATEGORIES.indexOf(a.category) - CATEGORIES.indexOf(b.category) ||
    compareText(a.profiles.join(","), b.profiles.join(",")) ||
    compareText(a.kind, b.kind) ||
    compareText(a.subject, b.subject) ||
    compareText(canonicalJson(a), canonicalJson(b))
  );
}

function assignedGroups(doc: RolloutDoc | undefined, profile: string): string[] {
  const fromAssignments = (doc?.assignments ?? [])
    .filter((assignment) => assignment.profile === profile)
    .map((assignment) => assignment.group);
  return [...new Set(fromAssignments)].sort(compareText);
}

/** Every hash that names a profile's document: the compile's, and each ring release's (policyHash, resolved sha256). */
function profileHashes(outputs: SynthOutput[]): Map<string, string> {
  const byHash = new Map<string, string>();
  for (const profile of outputs.flatMap((output) => output.rollout?.profiles ?? [])) {
    for (const hash of [profile.settingsSha256, profile.policyHash, profile.resolvedSha256])
      if (typeof hash === "string") byHash.set(hash, profile.name);
  }
  for (const [key, release] of outputs.flatMap((output) => [...(output.releases ?? [])])) {
    const [profile, policyHash] = releaseProfileHash(key);
    byHash.set(policyHash, profile);
    byHash.set(resolvedSha256(release.settings), profile);
  }
  return byHash;
}

function missingNote(
  file: "rollout.json" | "resources.json",
  base: SynthOutput,
  head: SynthOutput,
  what: string,
): string {
  const lacks = (side: SynthOutput) => (file === "rollout.json" ? side.rollout : side.resources) === undefined;
  const sides = [base, head]
    .filter(lacks)
    .map((side) => `${side === base ? "base" : "head"} (${side.dir})`)
    .join(" and ");
  return `${file} missing in ${sides}: ${what} not compared`;
}
