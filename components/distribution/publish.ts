import { CompiledProfile, CompiledRollout, OsFamily, renderCanonicalJson, sha256Hex } from "../settings";
import { PayloadFile, renderArtefacts } from "./artefacts";
import { ClientHelpers } from "./client-helpers";
import { payloadFiles } from "./payload-files";

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
 * .mobileconfig, .reg).
 */
export function profileObjects(
  profile: CompiledProfile,
  environment: string,
  clientVersion: string,
  helpers: ClientHelpers,
): ProfileObject[] {
  const posix = payloadFiles(profile, "posix", helpers[profile.name].posix);
  const windows = payloadFiles(profile, "windows", helpers[profile.name].windows);
  // Helpers sit under bin/, as they are installed next to (not in) the managed folder.
  const pathOf = (file: PayloadFile) => (file.target === "helpers" ? `${HELPERS_DIR}/${file.name}` : file.name);
  const documents: [string, string][] = [
    ...posix.map((file): [string, string] => [pathOf(file), file.content]),
    ...windows.map((file): [string, string] => [`${WINDOWS_DIR}/${pathOf(file)}`, file.content]),
  ];
  // Each OS family's artefacts embed that family's documents (helper paths differ).
  const rendered = {
    posix: renderArtefacts({ profile: profile.name, environment, clientVersion, files: posix }),
    windows: renderArtefacts({ profile: profile.name, environment, clientVersion, files: windows }),
  };
  const artefacts = Object.keys(rendered.posix).map((name): [string, string] => [
    name,
    rendered[artefactOs(name)][name],
  ]);
  return [...documents, ...artefacts]
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
export function renderManifest(rollout: CompiledRollout, helpers: ClientHelpers): string {
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
            profileObjects(profile, rollout.environment, rollout.clientVersion, helpers).map((object) => [
              object.path,
              { key: object.key, sha256: object.sha256 },
            ]),
          ),
        },
      ]),
    ),
  });
}

function artefactOs(name: string): OsFamily {
  return /\.(ps1|reg)$/.test(name) ? "windows" : "posix";
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
    throw new Error(`distribution: no content type for "${path}" — add its extension to CONTENT_TYPES in publish.ts`);
  return match[1];
}
