// Permission rules (allow / ask / deny) and the default mode: what a reviewer must weigh.
import { Risk, SettingChange } from "./model";
import { asRecord, listDifference, stringList } from "./values";

/** Tools whose new allow rules run code, change files or reach the network: higher risk. */
const HIGH_RISK_ALLOW_TOOLS = new Set(["Bash", "PowerShell", "Edit", "WebFetch"]);

/** Default modes from the most to the least restrictive; a later index is wider. */
const MODE_WIDTH = ["plan", "dontAsk", "default", "acceptEdits", "auto", "bypassPermissions"];

export function diffPermissionRules(beforeSettings: unknown, afterSettings: unknown): SettingChange[] {
  const before = asRecord(asRecord(beforeSettings).permissions);
  const after = asRecord(asRecord(afterSettings).permissions);
  const changes: SettingChange[] = [];
  for (const list of ["allow", "ask", "deny"] as const) {
    const { added, removed } = listDifference(stringList(before[list]), stringList(after[list]));
    for (const rule of added) changes.push(ruleChange(list, "added", rule));
    for (const rule of removed) changes.push(ruleChange(list, "removed", rule));
  }
  const mode = diffDefaultMode(before.defaultMode, after.defaultMode);
  if (mode) changes.push(mode);
  return changes;
}

/** The tool a rule names: `Bash(npm test *)` → Bash, `mcp__github__get_issue` → mcp. */
function ruleTool(rule: string): string {
  if (rule.startsWith("mcp__")) return "mcp";
  const open = rule.indexOf("(");
  return open === -1 ? rule : rule.slice(0, open);
}

/** Risk of a new allow rule: a whole-tool shell allow is critical, code/network/MCP tools high. */
export function allowRuleRisk(rule: string): Risk {
  const tool = ruleTool(rule);
  if ((tool === "Bash" || tool === "PowerShell") && (rule === tool || rule === `${tool}(*)`)) return "critical";
  return HIGH_RISK_ALLOW_TOOLS.has(tool) || tool === "mcp" ? "high" : "medium";
}

function ruleChange(list: "allow" | "ask" | "deny", operation: "added" | "removed", rule: string): SettingChange {
  const base = {
    category: "permissions" as const,
    kind: `rule-${operation}`,
    title: `${list} rule ${operation}`,
    subject: rule,
    details: [],
  };
  if (list === "allow") {
    return operation === "added"
      ? { ...base, risk: allowRuleRisk(rule), effect: "widening" }
      : { ...base, risk: "low", effect: "tightening" };
  }
  if (operation === "removed") return { ...base, risk: list === "deny" ? "critical" : "high", effect: "widening" };
  return { ...base, risk: "low", effect: "tightening" };
}

function diffDefaultMode(before: unknown, after: unknown): SettingChange | undefined {
  if (before === after) return undefined;
  const width = (mode: unknown) =>
    MODE_WIDTH.indexOf(mode === "manual" || mode === undefined ? "default" : String(mode));
  const wider = width(after) > width(before);
  // A default mode is only a default the user can change, so even a wider one is medium.
  return {
    risk: wider ? "medium" : "low",
    effect: wider ? "widening" : width(after) < width(before) ? "tightening" : "neutral",
    category: "permissions",
    kind: "default-mode-changed",
    title: "default mode changed",
    subject: "permissions.defaultMode",
    before: before ?? null,
    after: after ?? null,
    details: [],
  };
}
