import { checkRule } from "../config/rules";
import { OPTION_SYNTAX, WORD_ALIASES } from "../config/shell-commands";
import { ruleCovers } from "../config/rule-covers";
import { ownValue } from "../config/json";
import { specifierWords } from "../config/spelling-budget";

/**
 * The client matches a Bash rule against the command text as written, so `deny git push *` does not
 * stop `git -C . push`, `env git push` or `bash -c "git push"`. A deny or ask therefore ships in
 * every spelling that reaches the same command: global options (by the command's option syntax),
 * flags between words, short names, and the command hidden behind a wrapper, a quote or a path.
 * Over-matching is the safe side for deny and ask: a false hit asks or refuses, a miss runs.
 */

/** What can stand right before a command name that a wrapper (env, xargs, sudo, sh -c "…", $(…), /usr/bin/) hides. */
const HIDING_PREFIXES: readonly string[] = [" ", '"', "'", "/", "(", "`"];

/** Pure and asked for the same rules many times (every profile, both documents). */
const cache = new Map<string, readonly string[]>();

/** Every spelling of one Bash/PowerShell specifier, the original first; the rest sorted. */
export function shellSpellings(specifier: string): string[] {
  if (!cache.has(specifier)) cache.set(specifier, spell(specifier));
  return [...cache.get(specifier)!];
}

function spell(specifier: string): string[] {
  const words = specifierWords(specifier);
  // A pattern that already starts with "*" matches anywhere in the command line.
  if (!words) return [specifier];
  const { command, rest, tail } = words;
  const forms = new Set([[command, ...rest].join(" ") + tail]);
  const syntax = ownValue(OPTION_SYNTAX, command);
  if (rest.length && syntax === "before") forms.add(`${command} -* ${rest.join(" ")}${tail}`);
  if (rest.length && syntax === "anywhere") {
    for (const variant of aliasVariants(command, rest)) {
      forms.add(
        `${command} ${variant.map((w) => (w.startsWith("*") ? w : `*${w}`)).join(" ")}${tail && !variant[variant.length - 1].endsWith("*") ? "*" : ""}`,
      );
    }
  }
  // Behind a wrapper the command may end in a closing quote or parenthesis, so the end stays open.
  const open = (form: string) =>
    form.endsWith(" *") ? `${form.slice(0, -2)}*` : form.endsWith("*") ? form : `${form}*`;
  const hidden = [...forms].flatMap((form) => HIDING_PREFIXES.map((prefix) => `*${prefix}${open(form)}`));
  const all = [...new Set([...forms, ...hidden])].filter((s) => s !== specifier);
  // A spelling another one already matches adds nothing.
  const rules = all.map((s) => `Bash(${s})`);
  const needed = all.filter((_, i) => !rules.some((other, j) => j !== i && ruleCovers(other, rules[i])));
  return [specifier, ...needed.sort()];
}

/** The words with each replaced by its other names, in every combination (aliases are few and short). */
function aliasVariants(command: string, words: readonly string[]): string[][] {
  const aliases = ownValue(WORD_ALIASES, command) ?? {};
  return words.reduce<string[][]>(
    (variants, word) => {
      const names = [word, ...(ownValue(aliases, word) ?? [])];
      return variants.flatMap((v) => names.map((name) => [...v, name]));
    },
    [[]],
  );
}

/** Every spelling of a whole rule: shell rules expanded, every other rule as it is. */
export function ruleSpellings(rule: string): string[] {
  const checked = checkRule(rule, "deny");
  if (
    !checked.ok ||
    (checked.rule.tool !== "Bash" && checked.rule.tool !== "PowerShell") ||
    checked.rule.specifier === undefined
  )
    return [rule];
  const { tool, specifier } = checked.rule;
  return shellSpellings(specifier).map((spec) => `${tool}(${spec})`);
}
