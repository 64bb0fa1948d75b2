import { ruleForm } from "../../../components/config/rules";
import { ruleRunsRepositoryCode } from "../../../components/config/shell-commands";
import { rulesOf, settingsPolicy } from "../../lib/settings-document";

export interface NoUnboundedAllowConfig {
  /** Further allow rules to reject verbatim, on top of the built-in unbounded forms. */
  extraForbiddenRules: string[];
}

/**
 * An allow rule that matches every use of a tool (or every path, domain or MCP server) turns the
 * tool's prompt off for good; deny rules are then the only brake.
 */
export const settingsNoUnboundedAllow = settingsPolicy<NoUnboundedAllowConfig>({
  name: "settings-no-unbounded-allow",
  description:
    "Allow rules are bounded: no bare tool (Bash, Edit(*), WebFetch), no root path glob (Read(//**)), no wildcard MCP server, no repository code with free arguments (npm test *).",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Replace the rule with specific commands, paths or domains (e.g. Bash(npm test), Edit(./src/**), WebFetch(domain:docs.example.com)).",
  settings: {
    extraForbiddenRules: {
      schema: {
        type: "array",
        items: { type: "string", minLength: 1 },
        description: "Allow rules to reject verbatim.",
      },
      default: [],
    },
  },
  validate: (document, { config, report }) => {
    for (const rule of rulesOf(document, "allow")) {
      const why = config.extraForbiddenRules.includes(rule) ? "is forbidden by policy config" : unboundedReason(rule);
      if (why) {
        report(`permissions.allow rule ${JSON.stringify(rule)} ${why}.`);
      }
    }
  },
});

/** Why `rule` allows without bound, or undefined when it is bounded. */
export function unboundedReason(rule: string): string | undefined {
  const trimmed = rule.trim();
  // The core's reading of a rule (components/config/rules.ts), so the pack judges the parts the compiler sees.
  const form = ruleForm(trimmed);
  if (!form) {
    return undefined;
  }
  if (form.mcp) {
    return form.server!.includes("*") || form.server === "" ? "allows tools of every MCP server" : undefined;
  }
  const { tool, specifier } = form;
  if (specifier === undefined || /^[\s*:]*$/.test(specifier)) {
    return `allows every use of ${tool}`;
  }
  if (tool === "WebFetch" && /^domain:\s*\*$/.test(specifier.trim())) {
    return "allows fetching from every domain";
  }
  // A wildcard also approves injected options (--node-options, --script-shell, --report-path).
  if (specifier.includes("*") && ruleRunsRepositoryCode(trimmed)) {
    return "runs repository-controlled code with any arguments; allow the exact command";
  }
  if (/^(\/\/|~\/|\/)[\s*/]*$/.test(specifier.trim()) && specifier.includes("*")) {
    return `allows ${tool} on every path under ${specifier.trim().replace(/[*/\s]+$/, "/") || "/"}`;
  }
  return undefined;
}
