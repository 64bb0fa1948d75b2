import { compactCanonicalJson } from "../../settings";
import { UnrepresentableSettings } from "./unrepresentable";

/** What the Windows registry file is rendered from. */
export interface RegistryInput {
  readonly profile: string;
  readonly environment: string;
  readonly clientVersion: string;
  /** The managed-settings.json document, parsed (its canonical bytes are the file the payload ships). */
  readonly settings: object;
  /** sha256 of managed-settings.json, recorded in a comment. */
  readonly settingsSha256: string;
}

/** The admin-only policy key and value the client reads with `reg query … /v Settings` (seen in the 2.1.329 binary). */
const REGISTRY_KEY = "HKEY_LOCAL_MACHINE\\SOFTWARE\\Policies\\ClaudeCode";
const REGISTRY_VALUE = "Settings";

// The client reads `reg query` output up to 2 MiB; leave room for the lines around the value.
const MAX_VALUE_CHARS = 2 * 1024 * 1024 - 4096;

/**
 * A regedit file setting HKLM\SOFTWARE\Policies\ClaudeCode\Settings (REG_SZ) to the settings as
 * one-line JSON. Non-ASCII characters are written as JSON \uXXXX escapes (the same document), so
 * the file is pure ASCII: identical whether a tool reads it as ANSI, UTF-8 or "Unicode", with no
 * BOM or UTF-16LE encoding to preserve through S3, MDM uploads or git. CRLF as regedit writes.
 * Throws UnrepresentableSettings when the value is longer than the client reads from the registry.
 */
export function renderRegistryFile(input: RegistryInput): string {
  const value = registryValueJson(input.settings);
  if (value.length > MAX_VALUE_CHARS) {
    throw new UnrepresentableSettings([
      {
        format: "the Windows registry value (.reg)",
        where: "(the whole document)",
        message: `${value.length} characters as one line; the client reads at most ${MAX_VALUE_CHARS} from the registry — shorten the profile (fewer rules, shorter announcements), or ship the file form only`,
      },
    ]);
  }
  return [
    "Windows Registry Editor Version 5.00",
    "",
    `; Claude Code managed settings, profile ${input.profile}, environment ${input.environment}, client ${input.clientVersion}.`,
    `; managed-settings.json sha256 ${input.settingsSha256}`,
    "; The HKLM value outranks C:\\Program Files\\ClaudeCode\\managed-settings.json: the client uses one managed source.",
    "",
    `[${REGISTRY_KEY}]`,
    `"${REGISTRY_VALUE}"=${regString(value)}`,
    "",
  ].join("\r\n");
}

/** The registry value: the settings document as one line of canonical JSON (keys sorted), non-ASCII escaped. */
function registryValueJson(settings: object): string {
  return compactCanonicalJson(settings).replace(
    // eslint-disable-next-line no-control-regex -- every character outside ASCII, as a range
    /[^\x00-\x7f]/g,
    (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`,
  );
}

// regedit's string syntax knows two escapes: \\ and \".
function regString(text: string): string {
  return `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
}
