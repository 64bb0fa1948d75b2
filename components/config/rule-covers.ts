import { checkRule } from "./rules";

/**
 * Whether one permission rule matches everything another matches. The client evaluates
 * deny → ask → allow and the first match wins, so an allow covered by a deny or ask is dead.
 * Conservative: "covers" is only claimed when the pattern provably matches the other's text.
 */
export function ruleCovers(general: string, specific: string): boolean {
  if (general === specific) return true;
  const g = checkRule(general, "deny");
  const s = checkRule(specific, "deny");
  if (!g.ok || !s.ok) return false;

  if (g.rule.mcp || s.rule.mcp) {
    if (!g.rule.mcp || !s.rule.mcp) return false;
    // `mcp__server` covers every tool of that server.
    if (!general.slice("mcp__".length).includes("__") && specific.startsWith(`${general}__`)) return true;
    return globToRegExp(general, "*").test(specific);
  }
  if (g.rule.tool !== s.rule.tool) return false;
  if (g.rule.specifier === undefined || g.rule.specifier === "*") return true;
  if (s.rule.specifier === undefined) return false;

  const pattern =
    g.rule.tool === "Read" || g.rule.tool === "Edit" ? pathPattern(g.rule.specifier) : commandPattern(g.rule.specifier);
  return pattern.test(s.rule.specifier);
}

/** Bash/PowerShell: `*` spans anything (spaces too), a trailing ` *` is optional, `:*` is a word prefix. */
function commandPattern(specifier: string): RegExp {
  if (specifier.endsWith(":*")) {
    const prefix = escape(specifier.slice(0, -2));
    return new RegExp(`^${prefix}(\\s.*)?$`, "s");
  }
  const optionalTail = specifier.endsWith(" *");
  const body = optionalTail ? specifier.slice(0, -2) : specifier;
  return new RegExp(`^${body.split("*").map(escape).join(".*")}${optionalTail ? "( .*)?" : ""}$`, "s");
}

/** Read/Edit: gitignore-style, `**` crosses folders and `*` does not. */
function pathPattern(specifier: string): RegExp {
  const parts = specifier.split("**").map((chunk) => chunk.split("*").map(escape).join("[^/]*"));
  return new RegExp(`^${parts.join(".*")}$`, "s");
}

function globToRegExp(glob: string, wildcard: string): RegExp {
  return new RegExp(`^${glob.split(wildcard).map(escape).join(".*")}$`, "s");
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
