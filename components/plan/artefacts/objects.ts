import { CompiledRollout, OS_FAMILIES, OsFamily, renderCanonicalJson, sha256Hex } from "../../settings";
import { ownValue } from "../../config/json";
import { renderArtefacts } from "./artefacts";
import { HelperProgram, PayloadFile, payloadFiles } from "./payload-files";
import { renderAll } from "./unrepresentable";
import type { ReleasedProfile, RingPlan } from "../rings";

/**
 * What the distribution bucket holds, as pure data: the Pulumi component publishes exactly these
 * objects and `npm run synth` writes exactly these files, so the two can never disagree.
 */

/** One object of one release of a profile. */
export interface ProfileObject {
  /** Path inside the profile's folder, e.g. "managed-settings.json" or "windows/managed-settings.json". */
  readonly path: string;
  /** Bucket key `profiles/<profile>/<sha256 of content>/<path>`: a key never changes content. */
  readonly key: string;
  /** Exact text of the object. */
  readonly content: string;
  readonly sha256: string;
  readonly contentType: string;
}

export const MANIFEST_KEY = "manifest.json";

/** The Windows payload's folder inside a profile's folder; the POSIX payload sits at its top. */
const WINDOWS_DIR = "windows";
/** Client helper programs, inside either payload. */
const HELPERS_DIR = "bin";

/**
 * Every object of one release of a profile, sorted by path: the payload the client reads (POSIX files at the
 * top, Windows files under windows/) and the MDM artefacts (installers, detection scripts,
 * .mobileconfig, .reg). Each OS family's artefacts are rendered once, from that family's documents
 * (helper paths differ) and the settings object the compiler built, never re-parsed from its bytes.
 */
export function profileObjects(
  profile: ReleasedProfile,
  environment: string,
  clientVersion: string,
  helpers: Readonly<Record<OsFamily, readonly HelperProgram[]>>,
): ProfileObject[] {
  // Helpers sit under bin/, as they are installed next to (not in) the managed folder.
  const pathOf = (file: PayloadFile) => (file.target === "helpers" ? `${HELPERS_DIR}/${file.name}` : file.name);
  // Every family is rendered before a format problem is thrown, so the plan reports them all.
  const families = renderAll(
    OS_FAMILIES.map((os) => (): [string, string][] => {
      const files = payloadFiles(profile, os, helpers[os]);
      const document = os === "posix" ? profile : profile.windows;
      const artefacts = renderArtefacts(
        { profile: profile.name, environment, clientVersion, files, settings: document.settings },
        [os],
      );
      const folder = os === "posix" ? "" : `${WINDOWS_DIR}/`;
      return [
        ...files.map((file): [string, string] => [`${folder}${pathOf(file)}`, file.content]),
        ...Object.entries(artefacts),
      ];
    }),
  );
  return families
    .flat()
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([path, content]) => {
      const sha256 = sha256Hex(content);
      return {
        path,
        key: `profiles/${profile.name}/${sha256}/${path}`,
        content,
        sha256,
        contentType: contentTypeOf(path),
      };
    });
}

/** What one ring runs, as published objects: the ring and, per profile it runs, its release's objects. */
export interface RingObjects {
  readonly ring: RingPlan;
  /** Profile → the objects of the release the ring runs, sorted by path (shared with every ring running it). */
  readonly objects: Readonly<Record<string, readonly ProfileObject[]>>;
}

/**
 * manifest.json: the pinned client version; per profile its priority and profile-wide targeting (its
 * Entra group, which holds every ring's groups); and per ring in stack order, for each profile it runs,
 * the release's policyHash, per OS family the sha256 of the document and the hash the client reports
 * once it resolved it (telemetry accepts every release a ring pins), the ring's MDM targeting and the
 * keys of the objects it installs. It names only published keys. Canonical JSON: same plan, same bytes.
 */
export function renderManifest(rollout: CompiledRollout, rings: readonly RingObjects[]): string {
  return renderCanonicalJson({
    environment: rollout.environment,
    clientVersion: rollout.clientVersion,
    profiles: Object.fromEntries(
      rollout.profiles.map((profile) => [
        profile.name,
        { priority: profile.priority, includeGroup: profile.includeGroup, excludeGroups: profile.excludeGroups },
      ]),
    ),
    rings: rings.map(({ ring, objects }) => ({
      name: ring.name,
      groups: ring.groups,
      profiles: Object.fromEntries(
        Object.entries(ring.profiles).map(([name, { release, includeGroups, excludeGroups }]) => [
          name,
          {
            policyHash: release.policyHash,
            settingsSha256: { posix: release.settingsSha256, windows: release.windows.settingsSha256 },
            resolvedSha256: { posix: release.resolvedSha256, windows: release.windows.resolvedSha256 },
            includeGroups,
            excludeGroups,
            objects: Object.fromEntries(
              (ownValue(objects, name) ?? []).map((object) => [
                object.path,
                { key: object.key, sha256: object.sha256 },
              ]),
            ),
          },
        ]),
      ),
    })),
  });
}

const CONTENT_TYPES: readonly [RegExp, string][] = [
  [/\.json$/, "application/json"],
  [/(\.sh|^bin\/[^./]+)$/, "text/x-shellscript; charset=utf-8"],
  [/\.mobileconfig$/, "application/x-apple-aspen-config"],
  [/\.(ps1|reg)$/, "text/plain; charset=utf-8"],
];

function contentTypeOf(path: string): string {
  const match = CONTENT_TYPES.find(([pattern]) => pattern.test(path));
  if (!match)
    throw new Error(
      `distribution: no content type for "${path}" — add its extension to CONTENT_TYPES in components/plan/artefacts/objects.ts`,
    );
  return match[1];
}
