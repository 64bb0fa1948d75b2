import { domainsOf } from "./domains";
import { IntentConfig, SECRET_OR_WRITABLE_PATH } from "./intent-schema";
import { ruleCovers } from "./rule-covers";
import { checkRule } from "./rules";
import type { ParsedRolloutConfig, ProfileConfig } from "./schema";
import { ruleRunsRepositoryCode, shellWords, WRITE_COMMAND_FORMS, WRITE_TOOLS } from "./shell-commands";
import { unknownName } from "./suggest";
import { sortedUnique } from "./text";

/** Credential files and folders no profile may read, whatever the stack says. */
export const BUILTIN_SECRET_PATHS: readonly string[] = [
  "~/.ssh",
  "~/.aws",
  "~/.azure",
  "~/.config/gcloud",
  "~/.kube",
  "~/.docker/config.json",
  "~/.netrc",
  "~/.npmrc",
  "~/.pypirc",
  "~/.gnupg",
  "~/.git-credentials",
  "~/.config/gh",
  "~/.vault-token",
  "~/.terraform.d/credentials.tfrc.json",
  "~/.cargo/credentials.toml",
  "~/.gem/credentials",
];

/** Secret files inside the working directory, as Read/Edit patterns (relative: the sandbox gets them from the Read denies). */
const BUILTIN_PROJECT_SECRETS: readonly string[] = ["./.env", "./.env.*", "./**/.env", "./**/.env.*"];

/** A profile's intent after inheritance. */
export interface ResolvedIntent {
  readonly edits: "none" | "workdir";
  /** Catalogue names; [] = no network. */
  readonly network: readonly string[];
  readonly domains: readonly string[];
  readonly writablePaths: readonly string[];
  /** Home/absolute secret paths (normalised, no trailing /**), then the project patterns. */
  readonly secretPaths: readonly string[];
}

/** The path without a trailing `/**` or `/`: what the sandbox takes and what Read(…) rules are built from. */
export function normalisePath(path: string): string {
  return path.replace(/\/\*\*$/, "").replace(/\/+$/, "");
}

/** Every secret path a profile protects: built-ins, the baseline's, and its own Read denies on home/absolute paths. */
function secretPathsOf(config: ParsedRolloutConfig, readDenies: readonly string[]): string[] {
  const fromRules = readDenies.flatMap((rule) => {
    const checked = checkRule(rule, "deny");
    const spec = checked.ok && checked.rule.tool === "Read" ? checked.rule.specifier : undefined;
    // `//abs` is absolute and `~/` is home; `/x` and `./x` are relative, which the sandbox cannot take from a managed file.
    const path = spec?.startsWith("~/") ? spec : spec?.startsWith("//") ? spec.slice(1) : undefined;
    return path !== undefined && SECRET_OR_WRITABLE_PATH.test(path) ? [normalisePath(path)] : [];
  });
  const home = [...new Set([...BUILTIN_SECRET_PATHS, ...config.baseline.secretPaths.map(normalisePath), ...fromRules])];
  // A path inside another secret path is already covered.
  const outermost = home.filter((path) => !home.some((other) => path.startsWith(`${other}/`)));
  return [...outermost.sort(), ...BUILTIN_PROJECT_SECRETS];
}

/** The nearest-first chain of intents from the profile to its root (only levels that state one). */
function intentChain(config: ParsedRolloutConfig, chain: readonly string[]): { name: string; intent: IntentConfig }[] {
  return chain.flatMap((name) => {
    const intent = config.profiles[name]?.intent;
    return intent ? [{ name, intent }] : [];
  });
}

/** Nearest stated value wins; the loader has already made sure each level only tightens. */
export function resolveIntent(
  config: ParsedRolloutConfig,
  chain: readonly string[],
  readDenies: readonly string[],
): ResolvedIntent {
  const levels = intentChain(config, chain);
  const edits = levels.find((l) => l.intent.edits !== undefined)?.intent.edits ?? "none";
  const networkValue = levels.find((l) => l.intent.network !== undefined)?.intent.network ?? "none";
  const network = networkValue === "none" ? [] : sortedUnique(networkValue);
  const writable =
    edits === "none" ? [] : (levels.find((l) => l.intent.writablePaths !== undefined)?.intent.writablePaths ?? []);
  return {
    edits,
    network,
    domains: domainsOf(config.networkDomains, network),
    writablePaths: sortedUnique(writable.map(normalisePath)),
    secretPaths: secretPathsOf(config, readDenies),
  };
}

type Report = (path: string, message: string) => void;

/** Required at roots, tighten-only below, catalogue names known, and rules consistent with the intent. */
export function checkIntent(config: ParsedRolloutConfig, name: string, chain: readonly string[], report: Report): void {
  const profile = config.profiles[name];
  const path = `profiles.${name}.intent`;
  const own = profile.intent;
  if (profile.extends === undefined) {
    if (!own)
      return report(
        path,
        "required on a profile without extends — state what it may do, e.g. intent: { edits: none, network: none }",
      );
    if (own.edits === undefined) report(`${path}.edits`, 'required on a profile without extends — "none" or "workdir"');
    if (own.network === undefined)
      report(`${path}.network`, 'required on a profile without extends — "none" or a list of networkDomains names');
  }
  const catalogue = Object.keys(config.networkDomains);
  if (Array.isArray(own?.network)) {
    own.network.forEach((entry, i) => {
      if (!config.networkDomains[entry])
        report(`${path}.network[${i}]`, unknownName("networkDomains entry", entry, catalogue));
    });
  }
  const parent =
    profile.extends !== undefined && config.profiles[profile.extends]
      ? resolveIntent(config, chain.slice(1), [])
      : undefined;
  if (own && parent) checkTightening(path, own, parent, profile.extends!, report);
  const mine = resolveIntent(config, chain, []);
  if (own?.writablePaths?.length && mine.edits === "none") {
    report(
      `${path}.writablePaths`,
      'only a profile with edits: "workdir" may write — remove writablePaths or set edits: "workdir"',
    );
  }
  checkRulesAgainstIntent(profile, name, mine, report);
}

function checkTightening(path: string, own: IntentConfig, parent: ResolvedIntent, parentName: string, report: Report) {
  if (own.edits === "workdir" && parent.edits === "none") {
    report(`${path}.edits`, `"workdir" loosens the parent "${parentName}" (none) — use "none" or drop extends`);
  }
  if (Array.isArray(own.network)) {
    const extra = own.network.filter((n) => !parent.network.includes(n));
    if (extra.length) {
      const had = parent.network.length ? parent.network.join(", ") : "none";
      report(
        `${path}.network`,
        `${extra.map((n) => `"${n}"`).join(", ")} loosens the parent "${parentName}" (${had}) — name a subset of the parent's entries or "none"`,
      );
    }
  }
  if (own.writablePaths && parent.edits === "workdir") {
    const extra = own.writablePaths.map(normalisePath).filter((p) => !parent.writablePaths.includes(p));
    if (extra.length) {
      report(
        `${path}.writablePaths`,
        `${extra.map((p) => `"${p}"`).join(", ")} loosens the parent "${parentName}" — name a subset of its writablePaths`,
      );
    }
  }
}

/** Allow rules and folders that would break the intent. */
function checkRulesAgainstIntent(profile: ProfileConfig, name: string, intent: ResolvedIntent, report: Report) {
  const path = `profiles.${name}`;
  profile.permissions.allow.forEach((rule, i) => {
    const checked = checkRule(rule, "allow");
    if (!checked.ok) return;
    const { tool, specifier } = checked.rule;
    if (intent.edits === "none" && canWrite(rule)) {
      report(
        `${path}.permissions.allow[${i}]`,
        `"${rule}" can change files, but intent.edits is "none" — remove the rule, or set edits: "workdir"`,
      );
    }
    if (specifier === undefined) return;
    if (tool === "WebFetch") {
      const host = specifier.slice("domain:".length);
      if (!intent.domains.includes(host)) {
        report(
          `${path}.permissions.allow[${i}]`,
          `"${rule}" reaches a host outside intent.network (${intent.domains.join(", ") || "none"}) — add a networkDomains entry with it to intent.network, or remove the rule`,
        );
      }
    }
    if (specifier.includes("*") && ruleRunsRepositoryCode(rule)) {
      const exact = shellWords(rule)!
        .filter((w) => !w.includes("*"))
        .join(" ");
      report(
        `${path}.permissions.allow[${i}]`,
        `"${rule}" runs repository-controlled code with any arguments (e.g. --node-options, a hostile script) — allow the exact command instead: "${tool}(${exact})"`,
      );
    }
  });
  const secretIn = (dir: string) =>
    intent.secretPaths.find((s) => dir === s || dir.startsWith(`${s}/`) || s.startsWith(`${dir}/`));
  (profile.permissions.additionalDirectories ?? []).forEach((dir, i) => {
    const secret = secretIn(dir);
    if (secret)
      report(
        `${path}.permissions.additionalDirectories[${i}]`,
        `"${dir}" overlaps the secret path "${secret}" — choose a folder without credentials`,
      );
  });
  (profile.intent?.writablePaths ?? []).forEach((p, i) => {
    const secret = secretIn(normalisePath(p));
    if (secret)
      report(
        `${path}.intent.writablePaths[${i}]`,
        `"${p}" overlaps the secret path "${secret}" — name a narrower folder`,
      );
  });
}

/** Whether an allow rule lets a file change: a write tool, or a shell rule overlapping a write-capable form either way. */
export function canWrite(rule: string): boolean {
  if (WRITE_TOOLS.some((tool) => ruleCovers(tool, rule))) return true;
  const asBash = rule.replace(/^PowerShell\(/, "Bash(");
  return (
    asBash.startsWith("Bash") &&
    WRITE_COMMAND_FORMS.some((form) => ruleCovers(`Bash(${form})`, asBash) || ruleCovers(asBash, `Bash(${form})`))
  );
}
