import * as path from "path";
import { HELPER_DIRS, OS_FAMILIES, OsFamily, sha256Hex } from "../../settings";
import { fillTemplate } from "./fill-template";
import { renderPowerShellPayload, renderShellPayload } from "./installer-payload";
import { MCP_FILE, PayloadFile, PayloadTarget, SETTINGS_FILE } from "./payload-files";
import { renderMobileconfig } from "./plist";
import { renderRegistryFile } from "./registry";

/** Everything one profile's MDM artefacts for one OS family are rendered from. */
export interface ArtefactInput {
  /** Profile name; also names the .mobileconfig and .reg files. */
  readonly profile: string;
  /** Environment (stack) name, shown in the artefacts. */
  readonly environment: string;
  /** Pinned Claude Code version the settings were compiled for. */
  readonly clientVersion: string;
  /** Files to install; always includes managed-settings.json. */
  readonly files: readonly PayloadFile[];
  /**
   * managed-settings.json as the compiler built it (its canonical bytes are that file's content):
   * the .mobileconfig and .reg carry it as native values, so it is passed, never re-parsed.
   */
  readonly settings: object;
}

/** Files the client itself reads from the managed folder: a profile that does not ship one removes it. */
const CLIENT_READ_FILES: readonly string[] = [SETTINGS_FILE, MCP_FILE];

/**
 * Renders one profile's MDM artefacts for the given OS families (both by default): file name → exact
 * text. Same input, same bytes. POSIX: install.sh / detect.sh and <profile>.mobileconfig (macOS managed
 * preferences); Windows: install.ps1 / detect.ps1 and <profile>.reg (HKLM policy). A family that is not
 * asked for is not rendered. Throws an Error naming the offending input field when the input is not
 * shippable (a programming error: the plan builds it), and UnrepresentableSettings for settings a
 * format cannot carry.
 */
export function renderArtefacts(
  input: ArtefactInput,
  families: readonly OsFamily[] = OS_FAMILIES,
): Record<string, string> {
  const files = orderForInstall(validateInput(input));
  const settingsFile = files[files.length - 1];
  const absent = CLIENT_READ_FILES.filter((name) => !files.some((file) => file.name === name));
  const helperDirs = helperDirPlaceholders();
  const identity = { profile: input.profile, environment: input.environment, clientVersion: input.clientVersion };
  const document = { ...identity, settings: input.settings, settingsSha256: settingsFile.sha256 };
  // Shell functions install.sh and detect.sh share, rendered into each (they ship separately).
  const ancestors = fillTemplate(TEMPLATE_DIR, "ancestors.sh", {});
  // Where install.ps1 and detect.ps1 find the managed and helper folders (under -Root in tests).
  const windowsDirs = fillTemplate(TEMPLATE_DIR, "windows-dirs.ps1", helperDirs);
  const fill = (template: string, payload: string) =>
    fillTemplate(TEMPLATE_DIR, template, {
      PROFILE: input.profile,
      ENVIRONMENT: input.environment,
      CLIENT_VERSION: input.clientVersion,
      PAYLOAD: payload,
      ANCESTORS: ancestors,
      WINDOWS_DIRS: windowsDirs,
      ...helperDirs,
    });
  const rendered: Record<OsFamily, () => Record<string, string>> = {
    posix: () => ({
      [`${input.profile}.mobileconfig`]: renderMobileconfig(document),
      "detect.sh": fill("detect.sh", renderShellPayload(files, absent, false)),
      "install.sh": fill("install.sh", renderShellPayload(files, absent, true)),
    }),
    windows: () => ({
      [`${input.profile}.reg`]: renderRegistryFile(document),
      "detect.ps1": fill("detect.ps1", renderPowerShellPayload(files, absent, false)),
      "install.ps1": fill("install.ps1", renderPowerShellPayload(files, absent, true)),
    }),
  };
  return Object.assign({}, ...families.map((os) => rendered[os]()));
}

/** Names end up unquoted in shell word lists and in case patterns, so they stay this simple. */
export const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;
const VERSION = /^[0-9A-Za-z][0-9A-Za-z.+-]{0,63}$/;
// Names the installers use for rollback points and temp files, and the client's drop-in folder
// (which the installers remove whole).
const RESERVED_SUFFIX = /\.previous$|\.previous-absent$|\.tmp-|^managed-settings\.d$/;

function validateInput(input: ArtefactInput): PayloadFile[] {
  const where = `renderArtefacts(profile "${input.profile}")`;
  const fail = (field: string, problem: string): never => {
    throw new Error(`${where}: ${field}: ${problem}`);
  };
  if (!SAFE_NAME.test(input.profile))
    fail("profile", "use letters, digits, '.', '_' or '-' (at most 100), starting with a letter or digit");
  if (!SAFE_NAME.test(input.environment))
    fail("environment", "use letters, digits, '.', '_' or '-', starting with a letter or digit");
  if (!VERSION.test(input.clientVersion))
    fail("clientVersion", `"${input.clientVersion}" is not a version like 2.1.329`);

  const seen = new Set<string>();
  input.files.forEach((file, i) => {
    const field = `files[${i}]`;
    if (!SAFE_NAME.test(file.name) || RESERVED_SUFFIX.test(file.name)) {
      fail(
        `${field}.name`,
        `"${file.name}" must be a plain file name (letters, digits, '.', '_', '-'), not ending in .previous or .previous-absent, and not managed-settings.d (the drop-in folder)`,
      );
    }
    // Unique across both folders: the installers key temp files and rollback points by name.
    if (seen.has(file.name)) fail(`${field}.name`, `"${file.name}" appears twice; ship each file once`);
    seen.add(file.name);
    if (file.target !== "managed" && file.target !== "helpers")
      fail(
        `${field}.target`,
        `"${file.target}" must be "managed" (documents) or "helpers" (programs the settings name)`,
      );
    if (file.mode !== MODE_OF_TARGET[file.target]) {
      fail(
        `${field}.mode`,
        file.target === "helpers"
          ? `"${file.mode}": the client runs helpers, and one it cannot execute stops the client; use "0755"`
          : `"${file.mode}": documents in the managed folder are read, never run; use "0644" (a program the settings name is target "helpers")`,
      );
    }
    if (CLIENT_READ_FILES.includes(file.name) && file.target !== "managed")
      fail(`${field}.target`, `${file.name} is read by the client from the managed folder; use "managed"`);
    const actual = sha256Hex(file.content);
    if (file.sha256 !== actual)
      fail(
        `${field}.sha256`,
        `"${file.sha256}" is not the sha256 of ${file.name} (its content hashes to ${actual}); recompute it from the exact content`,
      );
  });
  if (!seen.has(SETTINGS_FILE)) fail("files", `no ${SETTINGS_FILE}; every profile ships its compiled settings`);
  return [...input.files];
}

const MODE_OF_TARGET: Readonly<Record<PayloadTarget, PayloadFile["mode"]>> = { managed: "0644", helpers: "0755" };

// Helpers first, then the other documents, managed-settings.json last: settings that name a
// helper or rely on managed-mcp.json only appear once those are in place.
function orderForInstall(files: PayloadFile[]): PayloadFile[] {
  const rank = (file: PayloadFile) => (file.name === SETTINGS_FILE ? 2 : file.target === "helpers" ? 0 : 1);
  return files.sort((a, b) => rank(a) - rank(b) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

// The helper folders come from HELPER_DIRS, the same constant the compiled settings' helper
// commands are built from. They land in quoted script strings, so their characters are checked.
function helperDirPlaceholders(): Record<string, string> {
  const { posix, windows } = HELPER_DIRS;
  const [posixRoot, ...posixFolders] = posix.split("/");
  const [drive, ...windowsFolders] = windows.split("\\");
  if (posixRoot !== "" || !isProductSubfolder(posixFolders, /^[A-Za-z0-9._-]+$/)) {
    throw new Error(
      `HELPER_DIRS.posix "${posix}" (components/settings/client-helpers.ts) must be an absolute path at least three folders deep, of letters, digits, '.', '_', '-'`,
    );
  }
  if (drive !== "C:" || !isProductSubfolder(windowsFolders, /^[A-Za-z0-9 ._-]+$/)) {
    throw new Error(
      `HELPER_DIRS.windows "${windows}" (components/settings/client-helpers.ts) must be a folder at least three deep on C:, of letters, digits, spaces, '.', '_', '-'`,
    );
  }
  return {
    POSIX_HELPER_DIR: posix,
    WINDOWS_HELPER_DIR: windows,
    WINDOWS_HELPER_DIR_ON_DRIVE: windowsFolders.join("\\"),
  };
}

// The installers take over the helper folder's parent too, so it must be a product folder
// (/opt/<product>), never a shared one like /opt: hence at least three folders deep.
function isProductSubfolder(folders: string[], allowed: RegExp): boolean {
  return folders.length >= 3 && folders.every((folder) => allowed.test(folder) && folder !== "." && folder !== "..");
}

const TEMPLATE_DIR = path.join(__dirname, "templates");
