// Each Bash deny of a document, respelled the ways 2.1.329's matcher does not see through on its own
// (observed: global options before the subcommand, `bash -c`, `sh -c`; it already sees through
// `env`, `VAR=1`, `&&`, `( )`, `command`, absolute paths, `nice`, `timeout`, `xargs`). Every
// spelling must come back *denied*: an ask can be approved. Pure.
import { ownValue } from "../../components/config/json";
import { sortedUnique } from "../../components/config/text";
import { permissionRules } from "./intent";
import { shellQuote } from "./shell-quote";

/** Options each tool accepts before its subcommand, with a harmless value. */
const GLOBAL_OPTIONS: Record<string, readonly string[]> = {
  docker: ["--context verify"],
  git: ["-C .", "-c verify.key=value", "--no-pager"],
  helm: ["--kube-context verify"],
  kubectl: ["--context verify", "-n verify"],
  terraform: ["-chdir=."],
};

/** The respelled commands for every `Bash(...)` deny of the document and the required set; sorted. */
export function denySpellings(settings: Record<string, unknown>, requiredDenies: readonly string[] = []): string[] {
  const commands = [...permissionRules(settings, "deny"), ...requiredDenies].flatMap((rule) => {
    const command = canonicalCommand(rule);
    return command === undefined ? [] : spellings(command);
  });
  return sortedUnique(commands);
}

/** A concrete command the rule matches (`Bash(git push *)` → `git push verify-arg`), if any. */
export function canonicalCommand(rule: string): string | undefined {
  const pattern = /^Bash\((.+)\)$/.exec(rule)?.[1];
  // Only a plain rule — literal words, at most a trailing ` *` / `:*` — states a command to respell;
  // a rule with inner wildcards (`git -* push *`, `* git push*`) is already a compiled respelling.
  const plain = pattern === undefined ? undefined : /^([A-Za-z0-9._/-][A-Za-z0-9._/ =-]*?)(?: \*|:\*)?$/.exec(pattern);
  if (plain === null || plain === undefined) return undefined;
  return pattern === plain[1] ? plain[1] : `${plain[1]} verify-arg`;
}

function spellings(command: string): string[] {
  const [program, ...rest] = command.split(" ");
  // A rule that already spells options before the subcommand is itself a respelling: not multiplied again.
  const options = rest.length > 0 && !rest[0].startsWith("-") ? (ownValue(GLOBAL_OPTIONS, program) ?? []) : [];
  return [
    command,
    ...options.map((option) => [program, option, ...rest].join(" ")),
    `bash -c ${shellQuote(command)}`,
    `sh -c ${shellQuote(command)}`,
  ];
}
