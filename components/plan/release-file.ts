// The release file, stacks/Pulumi.<stack>.release.json: per ring the release each profile runs, and the
// released documents themselves, so a ring keeps running its release while the stack file moves on.
import { z } from "zod";
import { ConfigProblem, sourceDateEpochOfDay } from "../config";
import { formatPath } from "../config/load";
import { RING_NAME } from "../config/rollout-rings";
import { PROFILE_NAME } from "../config/schema";
import { CompiledProfile, managedMcpDocument, renderCanonicalJson, settingsDocument } from "../settings";
import { jsonShapeProblem, MAX_JSON_DEPTH } from "./json-keys";
import { ReleaseRecord, recordProblems, recordSchema, restore } from "./release-record";

/**
 * What a device runs: one profile as compiled and released. The release file keeps these documents,
 * so a ring keeps running its release while the stack file moves on.
 */
export type ReleasedProfile = Pick<
  CompiledProfile,
  | "name"
  | "policyHash"
  | "settings"
  | "settingsJson"
  | "settingsSha256"
  | "resolvedSha256"
  | "windows"
  | "mcp"
  | "intent"
  | "verify"
>;

/** The release file as read: the stack names it, the text is what the file holds. */
export interface ReleaseSource {
  /** Where it was read from (messages only). */
  readonly file: string;
  readonly text: string;
}

export interface RingRelease {
  /** YYYY-MM-DD the ring's release was recorded (programClock). */
  readonly releasedAt: string;
  /** Profile → the policyHash the ring runs. */
  readonly profiles: ReadonlyMap<string, string>;
}

/** A parsed, checked release file. Maps, not objects: a ring or profile may be named like an Object.prototype member. */
export interface ReleaseFile {
  readonly rings: ReadonlyMap<string, RingRelease>;
  /** Profile → policyHash → the release, rebuilt from its recorded documents. */
  readonly releases: ReadonlyMap<string, ReadonlyMap<string, ReleasedProfile>>;
}

const FORMAT = 1;
const HASH = /^[0-9a-f]{64}$/;

export function releaseFileName(stack: string): string {
  return `Pulumi.${stack}.release.json`;
}

const profileName = z.string().regex(PROFILE_NAME, "expected a profile name");
const policyHash = z.string().regex(HASH, "expected a policy hash (64 lowercase hex digits)");

const fileSchema = z.strictObject({
  format: z.literal(FORMAT),
  rings: z.record(
    z.string().regex(RING_NAME, "expected a ring name"),
    z.strictObject({
      releasedAt: z
        .string()
        .refine((day) => !("error" in sourceDateEpochOfDay(day)), "expected a calendar day, YYYY-MM-DD"),
      profiles: z.record(profileName, policyHash),
    }),
  ),
  releases: z.record(profileName, z.record(policyHash, recordSchema)),
});

/**
 * Reads a release file: the shape, every document against the settings schemas the compiler answers
 * to, and each record against the policy hash it is filed under, so a hand-edited file cannot ship
 * a document the compiler would refuse. Every problem names the file and the key.
 */
export function parseReleaseFile(
  source: ReleaseSource,
  stack: string,
): { release: ReleaseFile | undefined; problems: ConfigProblem[] } {
  const label = releaseFileName(stack);
  const refused = (path: string, message: string) => ({ release: undefined, problems: [{ path, message }] });
  if (source.text.startsWith("\uFEFF"))
    return refused(label, `starts with a byte order mark — save it as UTF-8 without one, or ${restore(stack)}`);
  let json: unknown;
  try {
    json = JSON.parse(source.text);
  } catch (error) {
    const why = error instanceof Error ? error.message : String(error);
    return refused(label, `not valid JSON (${why}) — ${restore(stack)}`);
  }
  const shape = jsonShapeProblem(source.text);
  if (shape !== undefined)
    return refused(
      `${label}: ${shape.path}`,
      shape.key === "__proto__"
        ? `a key named __proto__ is never a ring, profile or hash — ${restore(stack)}`
        : shape.key === ""
          ? `nests deeper than ${MAX_JSON_DEPTH} levels, which no release does — ${restore(stack)}`
          : `this key is written twice: a reader of the file sees the first, the program runs the last — ${restore(stack)}`,
    );
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => ({
      path: `${label}: ${formatPath(issue.path)}`,
      message: `${issue.message} — ${restore(stack)}`,
    }));
    return { release: undefined, problems: listedProblems(problems, label, stack) };
  }
  const problems: ConfigProblem[] = [];
  const releases = new Map<string, Map<string, ReleasedProfile>>();
  for (const [profile, records] of Object.entries(parsed.data.releases)) {
    for (const [hash, record] of Object.entries(records)) {
      const at = `${label}: releases.${profile}.${hash}`;
      const found = recordProblems(stack, profile, hash, record, at);
      problems.push(...found);
      if (!found.length) {
        if (!releases.has(profile)) releases.set(profile, new Map());
        releases.get(profile)!.set(hash, rebuild(profile, hash, record));
      }
    }
  }
  const rings = new Map<string, RingRelease>();
  const pinned = new Set<string>();
  for (const [ring, entry] of Object.entries(parsed.data.rings)) {
    for (const [profile, hash] of Object.entries(entry.profiles)) {
      pinned.add(`${profile}\n${hash}`);
      if (!Object.hasOwn(parsed.data.releases, profile) || !Object.hasOwn(parsed.data.releases[profile], hash))
        problems.push({
          path: `${label}: rings.${ring}.profiles.${profile}`,
          message: `no record releases.${profile}.${hash} holds this release's documents — ${restore(stack)}`,
        });
    }
    rings.set(ring, { releasedAt: entry.releasedAt, profiles: new Map(Object.entries(entry.profiles)) });
  }
  for (const [profile, records] of Object.entries(parsed.data.releases))
    for (const hash of Object.keys(records))
      if (!pinned.has(`${profile}\n${hash}`))
        problems.push({
          path: `${label}: releases.${profile}.${hash}`,
          message: `no ring runs this release — delete the record, or ${restore(stack)}`,
        });
  return {
    release: problems.length ? undefined : { rings, releases },
    problems: listedProblems(problems, label, stack),
  };
}

/** Enough problems to act on: a file broken everywhere is restored, not read through thousands of lines. */
const MAX_PROBLEMS = 50;

export function listedProblems(problems: ConfigProblem[], label: string, stack: string): ConfigProblem[] {
  if (problems.length <= MAX_PROBLEMS) return problems;
  return [
    ...problems.slice(0, MAX_PROBLEMS),
    { path: label, message: `${problems.length - MAX_PROBLEMS} more problems not listed — ${restore(stack)}` },
  ];
}

/** The released profile, its bytes and hashes recomputed by the compiler's own functions. */
function rebuild(name: string, hash: string, record: ReleaseRecord): ReleasedProfile {
  return {
    name,
    policyHash: hash,
    ...settingsDocument(record.posix),
    windows: settingsDocument(record.windows),
    mcp: record.mcp && managedMcpDocument(record.mcp),
    intent: record.intent,
    verify: record.verify,
  };
}

/** The released part of a compiled profile (what the release file records), without the rest. */
export function releasedOf(profile: ReleasedProfile): ReleasedProfile {
  const { name, policyHash, settings, settingsJson, settingsSha256, resolvedSha256, windows, mcp, intent, verify } =
    profile;
  return { name, policyHash, settings, settingsJson, settingsSha256, resolvedSha256, windows, mcp, intent, verify };
}

function recordOf(profile: ReleasedProfile): ReleaseRecord {
  return {
    posix: profile.settings,
    windows: profile.windows.settings,
    ...(profile.mcp && { mcp: profile.mcp.document }),
    intent: {
      edits: profile.intent.edits,
      network: { domains: [...profile.intent.network.domains] },
      writablePaths: [...profile.intent.writablePaths],
      secretPaths: [...profile.intent.secretPaths],
    },
    verify: [...profile.verify],
  };
}

/**
 * The file with `ring` now running `profiles` (each replaces that profile's entry), rings no longer in
 * the stack dropped, and every record no ring runs any more dropped.
 */
export function recordRing(
  file: ReleaseFile | undefined,
  ring: string,
  update: { releasedAt: string; profiles: readonly ReleasedProfile[]; replace: boolean },
  stackRings: readonly string[],
): ReleaseFile {
  const previous = update.replace ? new Map<string, string>() : new Map(file?.rings.get(ring)?.profiles ?? []);
  const known = new Map<string, ReleasedProfile>();
  for (const records of file?.releases.values() ?? []) for (const r of records.values()) known.set(key(r), r);
  for (const profile of update.profiles) {
    previous.set(profile.name, profile.policyHash);
    known.set(key(profile), releasedOf(profile));
  }
  const rings = new Map<string, RingRelease>();
  for (const name of stackRings) {
    const entry = name === ring ? { releasedAt: update.releasedAt, profiles: previous } : file?.rings.get(name);
    if (entry) rings.set(name, entry);
  }
  const releases = new Map<string, Map<string, ReleasedProfile>>();
  for (const entry of rings.values())
    for (const [profile, hash] of entry.profiles) {
      const release = known.get(`${profile}\n${hash}`);
      if (!release) continue;
      if (!releases.has(profile)) releases.set(profile, new Map());
      releases.get(profile)!.set(hash, release);
    }
  return { rings, releases };
}

const key = (profile: ReleasedProfile) => `${profile.name}\n${profile.policyHash}`;

/** The file's bytes: canonical JSON (sorted keys, two-space indent, LF), so a promotion diffs as a review. */
export function renderReleaseFile(file: ReleaseFile): string {
  return renderCanonicalJson({
    format: FORMAT,
    rings: Object.fromEntries(
      [...file.rings].map(([ring, entry]) => [
        ring,
        { releasedAt: entry.releasedAt, profiles: Object.fromEntries(entry.profiles) },
      ]),
    ),
    releases: Object.fromEntries(
      [...file.releases].map(([profile, records]) => [
        profile,
        Object.fromEntries([...records].map(([hash, release]) => [hash, recordOf(release)])),
      ]),
    ),
  });
}
