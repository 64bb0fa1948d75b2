import {
  CompiledProfile,
  CompiledRollout,
  OS_FAMILIES,
  OsFamily,
  renderCanonicalJson,
  sha256Hex,
} from "../../settings";
import { renderArtefacts } from "./artefacts";
import { HelperProgram, PayloadFile, payloadFiles } from "./payload-files";
import { renderAll } from "./unrepresentable";

/**
 * What the distribution bucket holds, as pure data: the Pulumi component publishes exactly these
 * objects and `npm run synth` writes exactly these files, so the two can never disagree.
 */

/** One object of one profile. */
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
 * Every object of one profile, sorted by path: the payload the client reads (POSIX files at the
 * top, Windows files under windows/) and the MDM artefacts (installers, detection scripts,
 * .mobileconfig, .reg). Each OS family's artefacts are rendered once, from that family's documents
 * (helper paths differ) and the settings object the compiler built, never re-parsed from its bytes.
 */
export function profileObjects(
  profile: CompiledProfile,
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

/**
 * manifest.json: per profile, for each OS family, the sha256 of the document and the hash the
 * client reports once it resolved it (telemetry alarms on any other), the object keys, the MDM
 * targeting, plus the pinned client version. Canonical JSON: the same rollout, the same bytes.
 */
export function renderManifest(
  rollout: CompiledRollout,
  objects: Readonly<Record<string, readonly ProfileObject[]>>,
): string {
  return renderCanonicalJson({
    environment: rollout.environment,
    clientVersion: rollout.clientVersion,
    profiles: Object.fromEntries(
      rollout.profiles.map((profile) => [
        profile.name,
        {
          priority: profile.priority,
          policyHash: profile.policyHash,
          settingsSha256: { posix: profile.settingsSha256, windows: profile.windows.settingsSha256 },
          resolvedSha256: { posix: profile.resolvedSha256, windows: profile.windows.resolvedSha256 },
          includeGroup: profile.includeGroup,
          excludeGroups: profile.excludeGroups,
          objects: Object.fromEntries(
            objects[profile.name].map((object) => [object.path, { key: object.key, sha256: object.sha256 }]),
          ),
        },
      ]),
    ),
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
