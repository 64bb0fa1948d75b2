// rollout.json `rings` against `rings`: which rings run another release, which rings come or go, and
// which groups move between rings. A promotion changes no profile, only this: the review must show it.
import { judgeSwitch } from "./judge";
import { releaseKey } from "./load";
import { Change, Risk, RISK_LEVELS, RolloutDoc } from "./model";
import { ProfileView } from "./settings";
import { asRecord, compareText, shortHash as short, stringList } from "./values";

/** Directory group → the profiles it is assigned to, in the head output and in the base output. */
export interface RingAssignments {
  readonly head: ReadonlyMap<string, ReadonlySet<string>>;
  readonly base: ReadonlyMap<string, ReadonlySet<string>>;
}

/** The released documents synth wrote out on each side (load.ts releaseKey), when it did. */
export interface ReleaseDocuments {
  readonly head?: ReadonlyMap<string, ProfileView>;
  readonly base?: ReadonlyMap<string, ProfileView>;
}

type Judged = Pick<Change, "risk" | "effect" | "details">;

/** A ring as the diff reads it: a ring-less (older) rollout.json has none. */
interface RingView {
  readonly name: string;
  readonly groups: readonly string[];
  /** Profile → policyHash of the release the ring runs. */
  readonly releases: ReadonlyMap<string, string>;
}

/** Every ring change between two outputs; a group's profile is read from the head's assignments, else the base's. */
export function diffRings(
  base: RolloutDoc,
  head: RolloutDoc,
  assigned: RingAssignments,
  documents: ReleaseDocuments = {},
): Change[] {
  // A release is content-addressed: either side's copy of profile + policyHash is the same document.
  const documentOf = (profile: string, hash: string | undefined) =>
    hash === undefined
      ? undefined
      : (documents.head?.get(releaseKey(profile, hash)) ?? documents.base?.get(releaseKey(profile, hash)));
  /** What devices switching from one release to another gain or lose, when both documents are at hand. */
  const judged = (profile: string, from: string | undefined, to: string | undefined): Judged | undefined => {
    const [was, is] = [documentOf(profile, from), documentOf(profile, to)];
    return was && is ? judgeSwitch(was, is) : undefined;
  };
  const before = ringsOf(base);
  const after = ringsOf(head);
  const changes: Change[] = [];
  const profilesOf = (group: string) => assigned.head.get(group) ?? assigned.base.get(group);
  const ringGroups = (ring: RingView, profile: string) =>
    ring.groups.filter((group) => profilesOf(group)?.has(profile)).sort(compareText);

  for (const name of [...new Set([...before.keys(), ...after.keys()])].sort(compareText)) {
    const was = before.get(name);
    const is = after.get(name);
    if (was && is) {
      for (const profile of [...new Set([...was.releases.keys(), ...is.releases.keys()])].sort(compareText)) {
        const old = was.releases.get(profile);
        const now = is.releases.get(profile);
        if (old === now) continue;
        const change = {
          risk: "medium" as Risk,
          effect: "neutral" as const,
          details: [],
          ...judged(profile, old, now),
        };
        const skipped = now === undefined ? undefined : skippedRing(after, name, profile, now);
        changes.push({
          ...change,
          ...(skipped && {
            // Pilot first is the rule; a ring ahead of the one before it skipped its soak (--skip-earlier-rings).
            risk: RISK_LEVELS[Math.min(RISK_LEVELS.indexOf(change.risk), RISK_LEVELS.indexOf("high"))],
            details: [...change.details, skipped],
          }),
          category: "rings",
          kind:
            old === undefined
              ? "ring-release-added"
              : now === undefined
                ? "ring-release-removed"
                : "ring-release-changed",
          title:
            old === undefined
              ? "ring starts running the profile"
              : now === undefined
                ? "ring stops running the profile"
                : "ring runs another release of the profile",
          subject: name,
          before: old === undefined ? null : short(old),
          after: now === undefined ? null : short(now),
          profiles: [profile],
          groups: ringGroups(now === undefined ? was : is, profile),
        });
      }
      continue;
    }
    const ring = (is ?? was) as RingView;
    const profiles = [...ring.releases.keys()].sort(compareText);
    changes.push({
      risk: "medium",
      effect: "neutral",
      category: "rings",
      kind: is ? "ring-added" : "ring-removed",
      title: is ? "ring added" : "ring removed",
      subject: name,
      details: [
        `groups: ${ring.groups.length > 0 ? ring.groups.join(", ") : "none"}`,
        ...profiles.map((profile) => `${profile}: ${short(ring.releases.get(profile) as string)}`),
      ],
      profiles,
      groups: [...ring.groups].sort(compareText),
    });
  }
  const profileOf = (group: string) => [...(profilesOf(group) ?? [])].sort(compareText)[0];
  changes.push(...groupMoves(before, after, profileOf, judged), ...reorder(before, after));
  return changes;
}

/** A group in one ring before and another after: its devices take the other ring's release. */
function groupMoves(
  before: ReadonlyMap<string, RingView>,
  after: ReadonlyMap<string, RingView>,
  profileOf: (group: string) => string | undefined,
  judged: (profile: string, from: string | undefined, to: string | undefined) => Judged | undefined,
): Change[] {
  const ringOf = (rings: ReadonlyMap<string, RingView>) =>
    new Map([...rings.values()].flatMap((ring) => ring.groups.map((group) => [group, ring] as const)));
  const [was, is] = [ringOf(before), ringOf(after)];
  const changes: Change[] = [];
  for (const group of [...is.keys()].filter((group) => was.has(group)).sort(compareText)) {
    const [from, to] = [was.get(group) as RingView, is.get(group) as RingView];
    if (from.name === to.name) continue;
    const profile = profileOf(group);
    const [old, now] = [profile && from.releases.get(profile), profile && to.releases.get(profile)];
    const sameRelease = old === now;
    const release =
      profile === undefined || sameRelease
        ? []
        : [`${profile}: ${old ? short(old) : "no release"} → ${now ? short(now) : "no release"}`];
    const judgement = profile === undefined || sameRelease ? undefined : judged(profile, old, now);
    changes.push({
      risk: sameRelease ? "info" : "medium",
      effect: "neutral",
      ...judgement,
      details: [...release, ...(judgement?.details ?? [])],
      category: "rings",
      kind: "ring-group-moved",
      title: "group moved to another ring",
      subject: group,
      before: from.name,
      after: to.name,
      profiles: profile === undefined ? [] : [profile],
      groups: [group],
    });
  }
  return changes;
}

/** The rings both sides have, in another order: which ring is the pilot and which promotes next. */
function reorder(before: ReadonlyMap<string, RingView>, after: ReadonlyMap<string, RingView>): Change[] {
  const common = (rings: ReadonlyMap<string, RingView>, other: ReadonlyMap<string, RingView>) =>
    [...rings.keys()].filter((name) => other.has(name));
  const [was, is] = [common(before, after), common(after, before)];
  if (was.join("\n") === is.join("\n")) return [];
  return [
    {
      risk: "low",
      effect: "neutral",
      category: "rings",
      kind: "rings-reordered",
      title: "rings reordered (the first is the pilot)",
      subject: "rings",
      before: was.join(", "),
      after: is.join(", "),
      details: [],
      profiles: [],
      groups: [],
    },
  ];
}

/** `rings` in stack order; entries without a usable name are skipped (older or partial outputs). */
/** Says so when `ring` now runs a release of `profile` that the ring before it (stack order) does not run. */
function skippedRing(
  rings: ReadonlyMap<string, RingView>,
  ring: string,
  profile: string,
  hash: string,
): string | undefined {
  const order = [...rings.keys()];
  const earlier = rings.get(order[order.indexOf(ring) - 1] ?? "");
  if (earlier === undefined || earlier.releases.get(profile) === hash) return undefined;
  const runs = earlier.releases.get(profile);
  return `ahead of ring ${earlier.name}, which runs ${runs === undefined ? "no release of it" : short(runs)}: released with --skip-earlier-rings, without the earlier ring's soak`;
}

function ringsOf(doc: RolloutDoc): Map<string, RingView> {
  const rings = new Map<string, RingView>();
  for (const entry of Array.isArray(doc.rings) ? doc.rings : []) {
    const ring = asRecord(entry);
    if (typeof ring.name !== "string" || rings.has(ring.name)) continue;
    const releases = new Map<string, string>();
    for (const [profile, release] of Object.entries(asRecord(ring.profiles))) {
      const hash = asRecord(release).policyHash;
      if (typeof hash === "string") releases.set(profile, hash);
    }
    rings.set(ring.name, { name: ring.name, groups: stringList(ring.groups), releases });
  }
  return rings;
}
