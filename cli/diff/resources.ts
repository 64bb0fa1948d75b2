// resources.json against resources.json: what Pulumi would create, delete or update, by type, and the
// retention settings a reviewer must not miss. Published per-profile artefacts are re-keyed by content
// hash on every settings change, so they are attributed to their profile instead of listed as churn.
import { Change, ResourceDoc } from "./model";
import { asRecord, canonicalJson, compareText } from "./values";

const LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup";
const OBJECT_LOCK = "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration";
const SHA256 = /\b[0-9a-f]{64}\b/g;

export interface ResourceContext {
  /** settingsSha256 / policyHash of either side → profile name. */
  profileByHash: Map<string, string>;
  /** Profiles whose changes are already reported; their re-published artefacts add nothing. */
  changedProfiles: Set<string>;
  groupsOf: (profile: string) => string[];
}

export function diffResources(base: ResourceDoc[], head: ResourceDoc[], context: ResourceContext): Change[] {
  const after = byIdentity(head);
  const before = followRenames(byIdentity(base), after);
  const perType = new Map<string, { added: string[]; removed: string[]; changed: string[] }>();
  const published = new Map<string, { names: Set<string>; hashOnly: boolean }>();
  const changes: Change[] = [];

  for (const id of [...new Set([...before.keys(), ...after.keys()])].sort(compareText)) {
    const was = before.get(id);
    const is = after.get(id);
    if (was && is && comparable(was, is) === comparable(is, was)) continue;
    const resource = (is ?? was) as ResourceDoc;
    const hashOnly = !!was && !!is && withoutHashes(comparable(was, is)) === withoutHashes(comparable(is, was));
    const profiles = publishingProfiles(was, is, context);
    if (profiles.length > 0) {
      for (const profile of profiles.filter((name) => !context.changedProfiles.has(name))) {
        const entry = published.get(profile) ?? { names: new Set<string>(), hashOnly: true };
        entry.names.add(resource.name);
        entry.hashOnly &&= hashOnly;
        published.set(profile, entry);
      }
      continue;
    }
    if (hashOnly) continue;
    if (was && is) {
      changes.push(...diffRetention(was, is));
      // A change that is only the retention already reported above needs no second line.
      if (comparable(withoutRetention(was), is) === comparable(withoutRetention(is), was)) continue;
    } else if (was?.type === OBJECT_LOCK) {
      changes.push(
        retentionChange(
          "high",
          "widening",
          "object-lock-removed",
          "archive object lock removed",
          was.name,
          describeLock(was),
          null,
        ),
      );
    }
    const bucket = perType.get(resource.type) ?? { added: [], removed: [], changed: [] };
    (was && is ? bucket.changed : is ? bucket.added : bucket.removed).push(resource.name);
    perType.set(resource.type, bucket);
  }

  for (const [profile, { names, hashOnly }] of [...published].sort(([a], [b]) => compareText(a, b))) {
    changes.push({
      risk: hashOnly ? "info" : "low",
      effect: "neutral",
      category: "profiles",
      kind: "published-settings-changed",
      title: hashOnly ? "published settings changed (content hash only)" : "published artefacts changed",
      subject: profile,
      details: [`resources: ${[...names].sort(compareText).join(", ")}`],
      profiles: [profile],
      groups: context.groupsOf(profile),
    });
  }
  for (const [type, bucket] of [...perType].sort(([a], [b]) => compareText(a, b)))
    changes.push(typeChange(type, bucket));
  return changes;
}

/** Stable identity across outputs: the URN (or type and name) with content hashes blanked. */
function byIdentity(resources: ResourceDoc[]): Map<string, ResourceDoc> {
  const map = new Map<string, ResourceDoc>();
  for (const resource of resources) {
    const id = withoutHashes(resource.urn ?? `${resource.type}::${resource.name}`);
    let unique = id;
    for (let n = 2; map.has(unique); n++) unique = `${id}#${n}`;
    map.set(unique, resource);
  }
  return map;
}

/**
 * Re-keys a base resource under the head resource that names it as an alias (same type and parent
 * types, former name), so a rename Pulumi carries out in place is not listed as removed and added.
 */
function followRenames(before: Map<string, ResourceDoc>, after: Map<string, ResourceDoc>): Map<string, ResourceDoc> {
  const renamed = new Map(before);
  for (const [id, resource] of after) {
    if (renamed.has(id)) continue;
    const suffix = `::${withoutHashes(resource.name)}`;
    if (!id.endsWith(suffix)) continue;
    const former = (resource.aliases ?? [])
      .map((alias) => `${id.slice(0, -suffix.length)}::${withoutHashes(alias)}`)
      .find((candidate) => renamed.has(candidate) && !after.has(candidate));
    if (former === undefined) continue;
    renamed.set(id, renamed.get(former) as ResourceDoc);
    renamed.delete(former);
  }
  return renamed;
}

/**
 * The resource as a change is judged: without its former names, and for a renamed resource without
 * the name and URN the rename itself changes.
 */
function comparable(resource: ResourceDoc, other: ResourceDoc): string {
  const { aliases: _aliases, ...rest } = resource;
  if (resource.name === other.name) return canonicalJson(rest);
  const { name: _name, urn: _urn, parent: _parent, ...kept } = rest;
  return canonicalJson(kept);
}

function withoutHashes(text: string): string {
  return text.replace(SHA256, "<sha256>");
}

/**
 * Profiles a changed resource publishes for: the one its object key names (`profiles/<name>/…`), else
 * those whose hash it embeds on one side only (a manifest listing every profile changes for just one).
 */
function publishingProfiles(
  was: ResourceDoc | undefined,
  is: ResourceDoc | undefined,
  context: ResourceContext,
): string[] {
  const fromKey = [was, is]
    .map((resource) => {
      const key = asRecord(resource?.inputs).key;
      return typeof key === "string" ? /^profiles\/([^/]+)\//.exec(key)?.[1] : undefined;
    })
    .filter((name): name is string => !!name);
  if (fromKey.length > 0) return [...new Set(fromKey)].sort(compareText);
  const hashesOf = (resource: ResourceDoc | undefined) =>
    new Set(resource ? (canonicalJson(resource).match(SHA256) ?? []) : []);
  const [before, after] = [hashesOf(was), hashesOf(is)];
  const moved = [...before].filter((hash) => !after.has(hash)).concat([...after].filter((hash) => !before.has(hash)));
  return [
    ...new Set(moved.map((hash) => context.profileByHash.get(hash)).filter((name): name is string => !!name)),
  ].sort(compareText);
}

/** The resource without the inputs diffRetention reads. */
function withoutRetention(resource: ResourceDoc): ResourceDoc {
  const inputs = { ...asRecord(resource.inputs) };
  if (resource.type === LOG_GROUP) delete inputs.retentionInDays;
  if (resource.type === OBJECT_LOCK) delete inputs.rule;
  return { ...resource, inputs };
}

function typeChange(type: string, bucket: { added: string[]; removed: string[]; changed: string[] }): Change {
  const parts = (["added", "removed", "changed"] as const).filter((operation) => bucket[operation].length > 0);
  // Deleting infrastructure (a bucket policy, a key, an alarm) can silently remove a control.
  const risk = bucket.removed.length > 0 ? "medium" : "low";
  return {
    risk,
    effect: "neutral",
    category: "resources",
    kind: "resources-changed",
    title: `resources changed (${parts.map((operation) => `${bucket[operation].length} ${operation}`).join(", ")})`,
    subject: type,
    details: parts.map((operation) => `${operation}: ${[...bucket[operation]].sort(compareText).join(", ")}`),
    profiles: [],
    groups: [],
  };
}

function diffRetention(was: ResourceDoc, is: ResourceDoc): Change[] {
  if (was.type === LOG_GROUP && is.type === LOG_GROUP) {
    const before = logRetentionDays(was);
    const after = logRetentionDays(is);
    if (before === after) return [];
    return after < before
      ? [
          retentionChange(
            "high",
            "widening",
            "log-retention-shortened",
            "log retention shortened",
            is.name,
            dayText(before),
            dayText(after),
          ),
        ]
      : [
          retentionChange(
            "low",
            "tightening",
            "log-retention-lengthened",
            "log retention lengthened",
            is.name,
            dayText(before),
            dayText(after),
          ),
        ];
  }
  if (was.type === OBJECT_LOCK && is.type === OBJECT_LOCK) {
    const [before, after] = [lockRetention(was), lockRetention(is)];
    const changes: Change[] = [];
    if (before.days !== after.days) {
      changes.push(
        after.days < before.days
          ? retentionChange(
              "high",
              "widening",
              "object-lock-shortened",
              "archive object lock shortened",
              is.name,
              dayText(before.days),
              dayText(after.days),
            )
          : retentionChange(
              "low",
              "tightening",
              "object-lock-lengthened",
              "archive object lock lengthened",
              is.name,
              dayText(before.days),
              dayText(after.days),
            ),
      );
    }
    if (before.mode !== after.mode) {
      // GOVERNANCE lets privileged users delete locked objects; COMPLIANCE lets nobody.
      const weakened = before.mode === "COMPLIANCE";
      changes.push(
        retentionChange(
          weakened ? "high" : "low",
          weakened ? "widening" : "tightening",
          "object-lock-mode-changed",
          "archive object lock mode changed",
          is.name,
          before.mode ?? null,
          after.mode ?? null,
        ),
      );
    }
    return changes;
  }
  return [];
}

/** CloudWatch keeps logs forever when retention is 0 or unset. */
function logRetentionDays(resource: ResourceDoc): number {
  const days = asRecord(resource.inputs).retentionInDays;
  return typeof days === "number" && days > 0 ? days : Infinity;
}

function lockRetention(resource: ResourceDoc): { days: number; mode?: string } {
  const retention = asRecord(asRecord(asRecord(resource.inputs).rule).defaultRetention);
  const days =
    typeof retention.days === "number"
      ? retention.days
      : typeof retention.years === "number"
        ? retention.years * 365
        : 0;
  return { days, mode: typeof retention.mode === "string" ? retention.mode : undefined };
}

function describeLock(resource: ResourceDoc): string {
  const { days, mode } = lockRetention(resource);
  return `${mode ?? "no mode"}, ${dayText(days)}`;
}

function dayText(days: number): string {
  return days === Infinity ? "never expires" : `${days} days`;
}

function retentionChange(
  risk: Change["risk"],
  effect: Change["effect"],
  kind: string,
  title: string,
  subject: string,
  before: unknown,
  after: unknown,
): Change {
  return {
    risk,
    effect,
    category: "retention",
    kind,
    title,
    subject,
    before,
    after,
    details: [],
    profiles: [],
    groups: [],
  };
}
