import { ownValue } from "../config/json";
import { ResolvedIntent } from "../config/intent";
import {
  commandName,
  CREDENTIAL_READS,
  NETWORK_COMMANDS,
  NETWORK_TOOLS,
  ruleRunsRepositoryCode,
  shellWords,
  WRITE_COMMAND_FORMS,
  WRITE_TOOLS,
} from "../config/shell-commands";
import { OsFamily } from "./client-helpers";
import { sortedUnique } from "../config/text";
import { ruleSpellings } from "./spellings";

/**
 * A profile's permission rules with its intent expanded: the secret paths, the write tools and
 * write-capable commands of a read-only profile, the credential reads of every allowed CLI, each
 * deny and ask in every spelling. What the compiled profile promises (`CompiledProfile.intent`).
 */
export interface ProfileIntent {
  readonly edits: "none" | "workdir";
  /** [] = no network. */
  readonly network: { readonly domains: readonly string[] };
  readonly writablePaths: readonly string[];
  readonly secretPaths: readonly string[];
}

export interface IntentRules {
  readonly allow: string[];
  readonly ask: string[];
  readonly deny: string[];
  /** Allows left out of this document because nothing can contain the code they run here. */
  readonly withheld: string[];
}

interface ProfileRules {
  readonly allow: readonly string[];
  readonly ask: readonly string[];
  readonly deny: readonly string[];
}

export function profileIntent(intent: ResolvedIntent): ProfileIntent {
  return {
    edits: intent.edits,
    network: { domains: intent.domains },
    writablePaths: intent.writablePaths,
    secretPaths: intent.secretPaths,
  };
}

/** The rule lists one document ships; sorted and unique. */
export function intentRules(rules: ProfileRules, intent: ResolvedIntent, os: OsFamily): IntentRules {
  // Windows has no command sandbox: code from the repository would run with the user's full rights.
  const withheld = os === "windows" ? rules.allow.filter(ruleRunsRepositoryCode) : [];
  const allow = rules.allow.filter((rule) => !withheld.includes(rule));
  const deny = [
    ...rules.deny,
    ...secretRules(intent),
    ...(intent.edits === "none" ? [...WRITE_TOOLS, ...WRITE_COMMAND_FORMS.map(bash)] : []),
    ...(intent.network.length === 0 ? NETWORK_TOOLS : []),
    ...credentialReads([...rules.allow, ...rules.ask]),
    ...(os === "posix" ? ["PowerShell"] : windowsOnlyDenies(intent)),
  ];
  return {
    allow: sortedUnique(allow),
    ask: sortedUnique(everySpelling(rules.ask, os)),
    deny: sortedUnique(everySpelling(deny, os)),
    withheld: sortedUnique(withheld),
  };
}

/** Read and Edit denies for every secret: the path itself and everything under it. */
function secretRules(intent: ResolvedIntent): string[] {
  return intent.secretPaths.flatMap((path) => {
    const rulePath = path.startsWith("/") ? `/${path}` : path;
    const forms = path.startsWith("./") ? [rulePath] : [rulePath, `${rulePath}/**`];
    return forms.flatMap((p) => [`Read(${p})`, `Edit(${p})`]);
  });
}

/** A CLI the profile allows or asks for gets the denies that keep it from printing credentials. */
function credentialReads(rules: readonly string[]): string[] {
  const commands = new Set(
    rules.flatMap((rule) => {
      const words = shellWords(rule);
      return words ? [commandName(words[0])] : [];
    }),
  );
  return [...commands].flatMap((command) => (ownValue(CREDENTIAL_READS, command) ?? []).map(bash));
}

/**
 * Without a sandbox the rules are all there is: commands that name a secret path, and (for
 * network: none) the commands that reach the network, are denied outright.
 */
function windowsOnlyDenies(intent: ResolvedIntent): string[] {
  return [...new Set(intent.secretPaths.map(secretMention))]
    .filter((name) => !name.includes("*"))
    .map((name) => bash(`*${name}*`))
    .concat(intent.network.length === 0 ? NETWORK_COMMANDS.map(bash) : []);
}

/** The part of a secret path a command must name to reach it: `.ssh`, `.config/gh`, `.env`, or an absolute path whole. */
function secretMention(path: string): string {
  if (path.startsWith("/")) return path;
  const parts = path.replace(/^(~|\.)\/(\*\*\/)?/, "").split("/");
  return parts[0] === ".config" && parts.length > 1 ? `${parts[0]}/${parts[1]}` : parts[0];
}

/** Shell rules in every spelling; on Windows mirrored to PowerShell, the other shell tool there. */
function everySpelling(rules: readonly string[], os: OsFamily): string[] {
  const spelled = rules.flatMap(ruleSpellings);
  return os === "windows"
    ? spelled.flatMap((rule) => (rule.startsWith("Bash(") ? [rule, `PowerShell${rule.slice(4)}`] : [rule]))
    : spelled;
}

function bash(specifier: string): string {
  return `Bash(${specifier})`;
}
