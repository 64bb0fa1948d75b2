// The sandbox session runs every Bash attack from one script, as a repository's own code would run
// (`npm test`, a Makefile): one sandboxed command instead of dozens keeps the session fast, and the
// permission layer, already attacked call by call under acceptEdits, sees only `./<script>`. Each
// attack's output is reduced to the markers it printed, so nothing is lost to output truncation.
// Pure.
import { MARKER_PATTERN } from "./secrets";

export const ATTACK_SCRIPT = "verify-attacks.sh";
const SECTION = "== verify-attack ";

/** The script: one section per attack, headed by its id; only leaked markers are printed. */
export function attackScript(attacks: readonly { readonly id: string; readonly command: string }[]): string {
  const sections = attacks.map(({ id, command }) =>
    [
      `echo '${SECTION}${id}'`,
      "{",
      command,
      `} </dev/null 2>&1 | grep -o -E '${MARKER_PATTERN}-[0-9a-f]+-[0-9]{3}' | sort -u`,
    ].join("\n"),
  );
  return [
    "#!/bin/bash",
    "# verify: attacks that only the sandbox can stop once a user approves them",
    ...sections,
    "exit 0",
    "",
  ].join("\n");
}

/** The script's output split back into each attack's section (id → the markers it printed). */
export function splitScriptOutput(output: string): Map<string, string> {
  const sections = new Map<string, string>();
  let current: string | undefined;
  for (const line of output.split("\n")) {
    if (line.startsWith(SECTION)) {
      current = line.slice(SECTION.length).trim();
      sections.set(current, "");
    } else if (current !== undefined && line.trim() !== "") {
      sections.set(current, `${sections.get(current)}${line}\n`);
    }
  }
  return sections;
}
