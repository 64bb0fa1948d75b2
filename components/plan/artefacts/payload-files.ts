import { OsFamily, sha256Hex } from "../../settings";
import type { ReleasedProfile } from "../rings";

/** One file the installers put on a device. */
export interface PayloadFile {
  /** File name inside its target folder, e.g. "managed-settings.json" or "otel-headers". */
  readonly name: string;
  /** Exact text of the file (written as UTF-8). */
  readonly content: string;
  /** sha256 hex of the UTF-8 bytes of `content`; every installer verifies it before writing. */
  readonly sha256: string;
  /** "0644" for documents, "0755" for helper programs the client runs. */
  readonly mode: "0644" | "0755";
  /**
   * "managed": the OS folder the client reads documents from (/etc/claude-code, ...).
   * "helpers": HELPER_DIRS, where the settings' helper commands point.
   */
  readonly target: PayloadTarget;
}

export type PayloadTarget = "managed" | "helpers";

/** A client helper program as its renderer produced it: installed under HELPER_DIRS, run by the client. */
export interface HelperProgram {
  readonly name: string;
  readonly content: string;
}

export const SETTINGS_FILE = "managed-settings.json";
export const MCP_FILE = "managed-mcp.json";

/**
 * The files one release of a profile installs on one OS family — the single list the installers, the
 * detection scripts and the published objects are built from. Client helper scripts the settings name
 * (aws-credential-export, otel-headers) belong here too, with target "helpers" and mode "0755".
 */
export function payloadFiles(profile: ReleasedProfile, os: OsFamily, helpers: readonly HelperProgram[]): PayloadFile[] {
  const settings = os === "posix" ? profile : profile.windows;
  return [
    ...helpers.map((helper): PayloadFile => file(helper.name, helper.content, "helpers")),
    file(SETTINGS_FILE, settings.settingsJson, "managed"),
    ...(profile.mcp ? [file(MCP_FILE, profile.mcp.json, "managed")] : []),
  ];
}

function file(name: string, content: string, target: PayloadTarget): PayloadFile {
  return { name, content, sha256: sha256Hex(content), mode: target === "helpers" ? "0755" : "0644", target };
}
