import { ownValue } from "../../../components/config/json";
import { HOOK_EVENTS } from "../../../components/config/hooks";
import type { NoSettings } from "../../lib/define";
import { settingsPolicy } from "../../lib/settings-document";
import { isRecord } from "../../lib/values";

/** Events whose invalid managed hook makes the client refuse to start. */
const GUARD_EVENTS = new Set(["PreToolUse", "PermissionRequest"]);

/** Required string fields per hook type. */
const REQUIRED_FIELDS: Record<string, string[]> = {
  command: ["command"],
  prompt: ["prompt"],
  agent: ["prompt"],
  http: ["url"],
  mcp_tool: ["server", "tool"],
};

/** An invalid managed PreToolUse/PermissionRequest hook stops every client (reference §5, §13). */
export const settingsHooksValid = settingsPolicy<NoSettings>({
  name: "settings-hooks-valid",
  description:
    "Managed hooks are structurally valid: known events, matcher groups with hook lists, each hook with its type's required fields.",
  enforcementLevel: "mandatory",
  severity: "critical",
  remediationSteps:
    'Shape hooks as {"<Event>": [{"matcher": "<tool pattern>", "hooks": [{"type": "command", "command": "..."}]}]}.',
  settings: {},
  validate: (document, { report }) => {
    if (document.hooks === undefined) {
      return;
    }
    if (!isRecord(document.hooks)) {
      report("hooks is not an object of event → matcher groups.");
      return;
    }
    for (const [event, groups] of Object.entries(document.hooks)) {
      const consequence = GUARD_EVENTS.has(event) ? "; the client refuses to start" : "";
      if (!(HOOK_EVENTS as readonly string[]).includes(event)) {
        report(`hooks.${event} is not a hook event of the pinned client; it is ignored.`);
        continue;
      }
      for (const problem of groupProblems(groups)) {
        report(`hooks.${event}${problem}${consequence}.`);
      }
    }
  },
});

function groupProblems(groups: unknown): string[] {
  if (!Array.isArray(groups)) {
    return [" must be a list of matcher groups"];
  }
  return groups.flatMap((group, g) => {
    if (!isRecord(group)) {
      return [`[${g}] must be an object { matcher, hooks }`];
    }
    const problems: string[] = [];
    if (group.matcher !== undefined && typeof group.matcher !== "string") {
      problems.push(`[${g}].matcher must be a string`);
    }
    if (!Array.isArray(group.hooks) || group.hooks.length === 0) {
      return [...problems, `[${g}].hooks must be a non-empty list`];
    }
    group.hooks.forEach((hook, h) => problems.push(...hookProblems(hook).map((p) => `[${g}].hooks[${h}]${p}`)));
    return problems;
  });
}

function hookProblems(hook: unknown): string[] {
  if (!isRecord(hook)) {
    return [" must be an object"];
  }
  const required = typeof hook.type === "string" ? ownValue(REQUIRED_FIELDS, hook.type) : undefined;
  if (!required) {
    return [`.type ${JSON.stringify(hook.type)} must be one of ${Object.keys(REQUIRED_FIELDS).join(", ")}`];
  }
  const problems = required
    .filter((field) => typeof hook[field] !== "string" || (hook[field] as string).trim() === "")
    .map((field) => `.${field} is required for a ${hook.type} hook`);
  if (hook.timeout !== undefined && !(typeof hook.timeout === "number" && hook.timeout > 0)) {
    problems.push(".timeout must be a positive number of seconds");
  }
  if (hook.args !== undefined && !(Array.isArray(hook.args) && hook.args.every((a) => typeof a === "string"))) {
    problems.push(".args must be a list of strings");
  }
  if (hook.shell !== undefined && hook.shell !== "bash" && hook.shell !== "powershell") {
    problems.push('.shell must be "bash" or "powershell"');
  }
  if (hook.onFailure !== undefined && hook.onFailure !== "continue" && hook.onFailure !== "block") {
    problems.push('.onFailure must be "continue" or "block"');
  }
  return problems;
}
