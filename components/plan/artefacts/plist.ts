import { stableUuid } from "../../settings";
import { FormatProblem, UnrepresentableSettings } from "./unrepresentable";

const FORMAT = "the macOS configuration profile (.mobileconfig)";

/** What the macOS configuration profile is rendered from. */
export interface MobileconfigInput {
  readonly profile: string;
  readonly environment: string;
  readonly clientVersion: string;
  /** The managed-settings.json document, parsed (its canonical bytes are the file the payload ships). */
  readonly settings: object;
  /** sha256 of managed-settings.json, recorded in the profile's description. */
  readonly settingsSha256: string;
}

/** The managed preferences domain the client reads (docs; the reader is not in the Linux build). */
const MACOS_PREFERENCE_DOMAIN = "com.anthropic.claudecode";

/**
 * A configuration profile (.mobileconfig, XML plist) whose one payload has PayloadType
 * com.anthropic.claudecode and carries the settings as native plist types, so macOS writes them
 * to /Library/Managed Preferences/com.anthropic.claudecode.plist. PayloadUUIDs are derived from
 * environment, profile and settings hash: stable for the same settings, new for new settings.
 * Throws UnrepresentableSettings listing every value a plist cannot carry.
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
  const problems: FormatProblem[] = [];
  for (const [key, value] of canonicalEntries(input.settings)) {
    if (key.startsWith("Payload"))
      problems.push({
        format: FORMAT,
        where: key,
        message: "the key is reserved by configuration profiles; the client has no such setting",
      });
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
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">',
    '<plist version="1.0">',
    "<dict>",
    "\t<key>PayloadContent</key>",
    "\t<array>",
    ...dictLines(settingsPayload, "\t\t", "", problems),
    "\t</array>",
    ...outer.flatMap(([key, value]) => entryLines(key, value, "\t", "", problems)),
    "</dict>",
    "</plist>",
    "",
  ];
  if (problems.length) throw new UnrepresentableSettings(problems);
  return lines.join("\n");
}

// `where` is the JSON path, so an unrepresentable value names the setting to fix; every one is collected.
function plistLines(value: unknown, indent: string, where: string, problems: FormatProblem[]): string[] {
  if (typeof value === "string") return [`${indent}<string>${xmlText(value, where, problems)}</string>`];
  if (typeof value === "boolean") return [`${indent}<${value}/>`];
  if (typeof value === "number") {
    if (!Number.isFinite(value) || (Number.isInteger(value) && !Number.isSafeInteger(value)))
      problems.push({ format: FORMAT, where, message: `${value} has no exact plist form; use a smaller number` });
    return [Number.isInteger(value) ? `${indent}<integer>${value}</integer>` : `${indent}<real>${value}</real>`];
  }
  if (Array.isArray(value)) {
    if (value.length === 0) return [`${indent}<array/>`];
    return [
      `${indent}<array>`,
      ...value.flatMap((item, i) => plistLines(item, `${indent}\t`, `${where}[${i}]`, problems)),
      `${indent}</array>`,
    ];
  }
  if (typeof value === "object" && value !== null) return dictLines(canonicalEntries(value), indent, where, problems);
  problems.push({
    format: FORMAT,
    where,
    message: `${value === null ? "null" : typeof value} has no plist form; remove the key or give it a value`,
  });
  return [];
}

/**
 * Entries in the key order of the canonical document (managed-settings.json): sorted, and, as in any
 * object built from them, array-index keys first. The same settings give the same profile whatever
 * order the compiler built them in.
 */
function canonicalEntries(value: object): [string, unknown][] {
  return Object.entries(Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))));
}

function dictLines(entries: [string, unknown][], indent: string, where: string, problems: FormatProblem[]): string[] {
  if (entries.length === 0) return [`${indent}<dict/>`];
  return [
    `${indent}<dict>`,
    ...entries.flatMap(([key, value]) => entryLines(key, value, `${indent}\t`, where, problems)),
    `${indent}</dict>`,
  ];
}

function entryLines(key: string, value: unknown, indent: string, parent: string, problems: FormatProblem[]): string[] {
  const where = parent ? `${parent}.${key}` : key;
  return [`${indent}<key>${xmlText(key, where, problems)}</key>`, ...plistLines(value, indent, where, problems)];
}

// XML 1.0 forbids most control characters, and parsers turn a literal CR into LF, so CR is
// written as a character reference to survive the round trip.
function xmlText(text: string, where: string, problems: FormatProblem[]): string {
  // eslint-disable-next-line no-control-regex -- matching the characters XML forbids is the point
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/.test(text))
    problems.push({
      format: FORMAT,
      where,
      message: "contains a control character that XML (and so a .mobileconfig) cannot carry",
    });
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\r/g, "&#13;");
}
