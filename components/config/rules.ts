/**
 * The Claude Code permission-rule grammar (reference/claude-code-settings.md §2.2), checked here so a
 * rule the client would silently skip or never match is a config error instead.
 */

import { unknownName } from "./suggest";
import { BUILTIN_TOOLS, PATH_RULE_TOOL, REMOVED_TOOLS, RENAMED_TOOLS } from "./tools.generated";

export type RuleList = "allow" | "ask" | "deny";

export interface ParsedRule {
  /** The tool name (`Bash`, `Read`, …) or, for MCP rules, the whole `mcp__…` name. */
  readonly tool: string;
  /** The text between the parentheses; undefined for a bare tool or an MCP rule. */
  readonly specifier?: string;
  readonly mcp: boolean;
}

export type RuleCheck = { ok: true; rule: ParsedRule; warnings: string[] } | { ok: false; error: string };

/** Built-in tool names of the pinned client that permission rules may name (generated from the client). */
export const KNOWN_TOOLS: readonly string[] = BUILTIN_TOOLS;

const FILE_TOOLS = new Set(["Read", "Edit"]);
const SHELL_TOOLS = new Set(["Bash", "PowerShell"]);
const MCP_NAME = /^mcp__[A-Za-z0-9_*-]+(__[A-Za-z0-9_*.-]+)?$/;
const TOOL_FORM = /^([A-Za-z][A-Za-z0-9_]*)(?:\((.*)\))?$/s;

/** Checks one rule as the client's validator would, for the list it sits in. */
export function checkRule(text: string, list: RuleList): RuleCheck {
  if (text !== text.trim() || text === "")
    return { ok: false, error: "a rule may not be empty or have surrounding spaces" };
  if (text.startsWith("mcp__")) return checkMcpRule(text, list);

  const open = text.indexOf("(");
  if (open >= 0 && !text.endsWith(")")) {
    return {
      ok: false,
      error: `unbalanced parentheses: the rule must end with ")" — write "${text.slice(0, open)}(${text.slice(open + 1).replace(/\)+$/, "")})"`,
    };
  }
  const form = ruleForm(text);
  if (!form) return { ok: false, error: `not a rule: expected Tool or Tool(specifier), e.g. "Bash(npm test *)"` };
  const { tool, specifier } = form;

  if (!/^[A-Z]/.test(tool)) {
    const fixed = KNOWN_TOOLS.find((t) => t.toLowerCase() === tool.toLowerCase());
    return { ok: false, error: `tool names start uppercase — use "${fixed ?? tool[0].toUpperCase() + tool.slice(1)}"` };
  }
  const unknown = checkToolName(tool, specifier);
  if (unknown) return { ok: false, error: unknown };
  if (specifier === undefined) return { ok: true, rule: { tool, mcp: false }, warnings: [] };
  if (specifier === "")
    return {
      ok: false,
      error: `"${tool}()" is invalid — write "${tool}" to match every use, or put a specifier inside the parentheses`,
    };

  const ignoredFor = PATH_RULE_TOOL[tool];
  if (ignoredFor)
    return { ok: false, error: `the client never consults ${tool}(…) rules — use "${ignoredFor}(${specifier})"` };

  const rule: ParsedRule = { tool, specifier, mcp: false };
  if (SHELL_TOOLS.has(tool)) return checkShellSpecifier(rule, specifier, list);
  if (FILE_TOOLS.has(tool) && specifier.includes(":*")) {
    return {
      ok: false,
      error: `":*" is only for shell prefixes — in ${tool} rules use gitignore globs such as "${tool}(${specifier.replace(":*", "/**")})"`,
    };
  }
  if (tool === "WebFetch") return checkWebFetch(rule, specifier);
  if (tool === "WebSearch" && specifier.includes("*"))
    return { ok: false, error: "WebSearch rules take literal search terms, no wildcards" };
  return { ok: true, rule, warnings: [] };
}

/** Why a rule cannot name this tool (renamed, removed, unknown), or undefined when it can. */
function checkToolName(tool: string, specifier: string | undefined): string | undefined {
  if (KNOWN_TOOLS.includes(tool)) return undefined;
  const withSpecifier = (name: string) => (specifier ? `${name}(${specifier})` : name);
  const renamed = RENAMED_TOOLS[tool];
  if (renamed) return `"${tool}" is the client's old name for ${renamed} — write "${withSpecifier(renamed)}"`;
  if (REMOVED_TOOLS.includes(tool))
    return `the client no longer has a ${tool} tool, so the rule matches nothing — remove it`;
  const coveredBy = PATH_RULE_TOOL[tool];
  if (coveredBy)
    return `the client no longer has a ${tool} tool; ${coveredBy} rules cover what it did — write "${withSpecifier(coveredBy)}"`;
  return unknownName("tool", tool, KNOWN_TOOLS);
}

function checkShellSpecifier(rule: ParsedRule, specifier: string, list: RuleList): RuleCheck {
  if (specifier === ":*")
    return { ok: false, error: `"${rule.tool}(:*)" is invalid — write "${rule.tool}" to match every command` };
  const colonStar = specifier.indexOf(":*");
  if (colonStar >= 0 && colonStar !== specifier.length - 2) {
    return { ok: false, error: `":*" must come last — write "${rule.tool}(${specifier.replace(":*", " *")})"` };
  }
  const warnings: string[] = [];
  if (list === "allow" && /^\S+ \*\s+\S/.test(specifier)) {
    warnings.push(`a "*" before the subcommand also approves injected options (e.g. "git -c …")`);
  }
  return { ok: true, rule, warnings };
}

function checkWebFetch(rule: ParsedRule, specifier: string): RuleCheck {
  if (/^https?:/i.test(specifier)) {
    const host = specifier.replace(/^https?:\/\//i, "").split("/")[0];
    return { ok: false, error: `WebFetch rules take a domain, not a URL — write "WebFetch(domain:${host})"` };
  }
  if (!/^domain:(\*\.)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*$/.test(specifier)) {
    return {
      ok: false,
      error: `WebFetch rules have the form "WebFetch(domain:example.com)" or "WebFetch(domain:*.example.com)"`,
    };
  }
  return { ok: true, rule, warnings: [] };
}

function checkMcpRule(text: string, list: RuleList): RuleCheck {
  if (text.includes("(") || text.includes(")")) {
    return { ok: false, error: `MCP rules take no parentheses — write "mcp__<server>__<tool>" or "mcp__<server>__*"` };
  }
  if (!MCP_NAME.test(text))
    return {
      ok: false,
      error: `MCP rules have the form "mcp__<server>", "mcp__<server>__<tool>" or "mcp__<server>__*"`,
    };
  if (list === "allow" && ruleForm(text)!.server!.includes("*")) {
    return {
      ok: false,
      error: `in allow rules a wildcard may only follow a literal server — write "mcp__<server>__*"`,
    };
  }
  return { ok: true, rule: { tool: text, mcp: true }, warnings: [] };
}

/** A rule's parts as the client splits them: an MCP rule and its server, or a tool and its specifier. */
export interface RuleForm {
  /** The tool name (`Bash`, `Read`, …) or, for MCP rules, the whole `mcp__…` name. */
  readonly tool: string;
  /** The text between the parentheses; undefined for a bare tool or an MCP rule. */
  readonly specifier?: string;
  readonly mcp: boolean;
  /** For MCP rules: the server part of `mcp__<server>__<tool>` (may hold a wildcard or be empty). */
  readonly server?: string;
}

/**
 * The form of a rule: `mcp__<server>[__<tool>]`, or `Tool` / `Tool(specifier)`; undefined for text of
 * neither form. Lenient on purpose: checkRule builds its checks on it, and the policy pack reads
 * published documents, which may hold rules checkRule would reject.
 */
export function ruleForm(text: string): RuleForm | undefined {
  if (text.startsWith("mcp__")) return { tool: text, mcp: true, server: text.slice("mcp__".length).split("__")[0] };
  const match = TOOL_FORM.exec(text);
  return match ? { tool: match[1], specifier: match[2], mcp: false } : undefined;
}
