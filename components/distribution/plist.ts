import { stableUuid } from "../settings";

/** What the macOS configuration profile is rendered from. */
export interface MobileconfigInput {
  readonly profile: string;
  readonly environment: string;
  readonly clientVersion: string;
  /** The managed-settings.json document as an object. */
  readonly settings: Record<string, unknown>;
  /** sha256 of managed-settings.json, recorded in the profile's description. */
  readonly settingsSha256: string;
}

/** The managed preferences domain the client reads (docs; the reader is not in the Linux build). */
export const MACOS_PREFERENCE_DOMAIN = "com.anthropic.claudecode";

/**
 * A configuration profile (.mobileconfig, XML plist) whose one payload has PayloadType
 * com.anthropic.claudecode and carries the settings as native plist types, so macOS writes them
 * to /Library/Managed Preferences/com.anthropic.claudecode.plist. PayloadUUIDs are derived from
 * environment, profile and settings hash: stable for the same settings, new for new settings.
 */
export function renderMobileconfig(input: MobileconfigInput): string {
  const identifier = `claude-code-rollout.${input.environment}.${input.profile}`;
  const seed = `${identifier}/${input.settingsSha256}`;
  const settingsPayload: [string, unknown][] = [
    ["PayloadDisplayName", `Claude Code managed settings (${input.profile})`],
    ["PayloadIdentifier", `${identifier}.settings`],
    ["PayloadType", MACOS_PREFERENCE_DOMAIN],
    ["PayloadUUID", stableUuid(`${seed}/settings`).toUpperCase()],
    ["PayloadVersion", 1],
  ];
  for (const [key, value] of Object.entries(input.settings)) {
    if (key.startsWith("Payload")) {
      throw new Error(
        `managed-settings.json: key "${key}" is reserved by configuration profiles; the client has no such setting`,
      );
    }
    settingsPayload.push([key, value]);
  }
  const outer: [string, unknown][] = [
    [
      "PayloadDescription",
      `Claude Code managed settings, profile ${input.profile}, environment ${input.environment}, ` +
        `client ${input.clientVersion}. managed-settings.json sha256 ${input.settingsSha256}.`,
    ],
    ["PayloadDisplayName", `Claude Code: ${input.profile} (${input.environment})`],
    ["PayloadIdentifier", identifier],
    ["PayloadScope", "System"],
    ["PayloadType", "Configuration"],
    ["PayloadUUID", stableUuid(`${seed}/profile`).toUpperCase()],
    ["PayloadVersion", 1],
  ];
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    '<plist version="1.0">',
    "<dict>",
    "\t<key>PayloadContent</key>",
    "\t<array>",
    ...dictLines(settingsPayload, "\t\t", "managed-settings.json"),
    "\t</array>",
    ...outer.flatMap(([key, value]) => entryLines(key, value, "\t", "mobileconfig")),
    "</dict>",
    "</plist>",
    "",
  ].join("\n");
}

// `where` is the JSON path, so an unrepresentable value names the setting to fix.
function plistLines(value: unknown, indent: string, where: string): string[] {
  if (typeof value === "string") return [`${indent}<string>${xmlText(value, where)}</string>`];
  if (typeof value === "boolean") return [`${indent}<${value}/>`];
  if (typeof value === "number") {
    if (!Number.isFinite(value) || (Number.isInteger(value) && !Number.isSafeInteger(value))) {
      throw new Error(`${where}: ${value} has no exact plist form; use a smaller number`);
    }
    return [Number.isInteger(value) ? `${indent}<integer>${value}</integer>` : `${indent}<real>${value}</real>`];
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return [`${indent}<array/>`];
    return [
      `${indent}<array>`,
      ...value.flatMap((item, i) => plistLines(item, `${indent}\t`, `${where}[${i}]`)),
      `${indent}</array>`,
    ];
  }
  if (typeof value === "object" && value !== null) return dictLines(Object.entries(value), indent, where);
  throw new Error(
    `${where}: ${value === null ? "null" : typeof value} has no plist form; remove the key or give it a value`,
  );
}

function dictLines(entries: [string, unknown][], indent: string, where: string): string[] {
  if (entries.length === 0) return [`${indent}<dict/>`];
  return [
    `${indent}<dict>`,
    ...entries.flatMap(([key, value]) => entryLines(key, value, `${indent}\t`, where)),
    `${indent}</dict>`,
  ];
}

function entryLines(key: string, value: unknown, indent: string, where: string): string[] {
  return [`${indent}<key>${xmlText(key, `${where}.${key}`)}</key>`, ...plistLines(value, indent, `${where}.${key}`)];
}

// XML 1.0 forbids most control characters, and parsers turn a literal CR into LF, so CR is
// written as a character reference to survive the round trip.
function xmlText(text: string, where: string): string {
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.test(text)) {
    throw new Error(`${where}: contains a control character that XML (and so a .mobileconfig) cannot carry`);
  }
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\r/g, "&#13;");
}
