import { ownValue } from "./json";
import { OPTION_SYNTAX, WORD_ALIASES } from "./shell-commands";

/**
 * The compiler ships a shell deny or ask in every combination of its words' other names
 * (`kubectl delete namespace` also as `… ns`), so one rule of many aliased words multiplies: six
 * words with two aliases each are 729 combinations, thousands of spellings and minutes of compile.
 * A rule past this many combinations is refused; one rule per resource type says the same.
 */
export const MAX_ALIAS_COMBINATIONS = 64;

/** How many word-alias combinations the compiler spells a Bash or PowerShell specifier in. */
export function aliasCombinations(specifier: string): number {
  const normalised = specifier.endsWith(":*") ? `${specifier.slice(0, -2)} *` : specifier;
  if (normalised.startsWith("*")) return 1;
  const [command, ...rest] = normalised.replace(/ \*$/, "").split(/\s+/);
  if (ownValue(OPTION_SYNTAX, command) !== "anywhere") return 1;
  const aliases = ownValue(WORD_ALIASES, command) ?? {};
  return rest.reduce((count, word) => count * (1 + (ownValue(aliases, word)?.length ?? 0)), 1);
}
