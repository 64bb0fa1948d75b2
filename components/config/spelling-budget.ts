import { ownValue } from "./json";
import { OPTION_SYNTAX, WORD_ALIASES } from "./shell-commands";

/**
 * The compiler ships a shell deny or ask in every combination of its words' other names
 * (`kubectl delete namespace` also as `… ns`), so one rule of many aliased words multiplies: six
 * words with two aliases each are 729 combinations, thousands of spellings and minutes of compile.
 * A rule past this many combinations is refused; one rule per resource type says the same.
 */
export const MAX_ALIAS_COMBINATIONS = 64;

/** A shell specifier's words as the compiler spells them (`x:*` read as `x *`), and its open end. */
export interface SpecifierWords {
  readonly command: string;
  readonly rest: readonly string[];
  /** " *" when the specifier ends open, else "". */
  readonly tail: "" | " *";
}

/** The words of a Bash or PowerShell specifier; undefined for one starting with "*" (it matches anywhere as it is). */
export function specifierWords(specifier: string): SpecifierWords | undefined {
  const normalised = specifier.endsWith(":*") ? `${specifier.slice(0, -2)} *` : specifier;
  if (normalised.startsWith("*")) return undefined;
  const tail = normalised.endsWith(" *") ? " *" : "";
  const [command, ...rest] = (tail ? normalised.slice(0, -2) : normalised).split(/\s+/);
  return { command, rest, tail };
}

/** How many word-alias combinations the compiler spells a Bash or PowerShell specifier in. */
export function aliasCombinations(specifier: string): number {
  const words = specifierWords(specifier);
  if (!words) return 1;
  const { command, rest } = words;
  if (ownValue(OPTION_SYNTAX, command) !== "anywhere") return 1;
  const aliases = ownValue(WORD_ALIASES, command) ?? {};
  return rest.reduce((count, word) => count * (1 + (ownValue(aliases, word)?.length ?? 0)), 1);
}
