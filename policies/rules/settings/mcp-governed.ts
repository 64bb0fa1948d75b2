import { settingsPolicy } from "../../lib/settings-document";
import { isRecord } from "../../lib/values";

export type ManagedLock = "allowManagedMcpServersOnly" | "allowManagedPermissionRulesOnly" | "allowManagedHooksOnly";

export interface McpGovernedConfig {
  /** `allowManaged*Only` switches that must be true in every document. */
  requiredLocks: ManagedLock[];
}

const SERVER_NAME = /^[a-zA-Z0-9_-]+$/;

/** Without a managed allowlist every MCP server a user or repository configures is allowed (reference §3). */
export const settingsMcpGoverned = settingsPolicy<McpGovernedConfig>({
  name: "settings-mcp-governed",
  description:
    "MCP servers are governed: a valid allowedMcpServers list, no blanket project-server approval, and the required managed-only locks.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Give every profile an allowedMcpServers list (empty for none), keep enableAllProjectMcpServers false and set the required allowManaged*Only switches to true.",
  settings: {
    requiredLocks: {
      schema: {
        type: "array",
        items: {
          type: "string",
          enum: ["allowManagedMcpServersOnly", "allowManagedPermissionRulesOnly", "allowManagedHooksOnly"],
        },
        description: "allowManaged*Only switches that must be true.",
      },
      default: ["allowManagedMcpServersOnly"],
    },
  },
  validate: (document, { config, report }) => {
    const allowed = document.allowedMcpServers;
    if (!Array.isArray(allowed)) {
      report(
        allowed === undefined
          ? "allowedMcpServers is missing, so every MCP server is allowed; list the approved servers ([] for none)."
          : "allowedMcpServers is not a list; the client enforces it as [] and reports an error.",
      );
    } else {
      allowed.forEach((entry, i) => {
        const problem = entryProblem(entry);
        if (problem) {
          report(`allowedMcpServers[${i}] ${problem}; the client drops it.`);
        }
      });
    }
    if (document.enableAllProjectMcpServers === true) {
      report("enableAllProjectMcpServers is true: every server in a repository's .mcp.json is approved automatically.");
    }
    for (const lock of config.requiredLocks) {
      if (document[lock] !== true) {
        report(`${lock} is ${JSON.stringify(document[lock])}; policy config requires true.`);
      }
    }
  },
});

function entryProblem(entry: unknown): string | undefined {
  if (!isRecord(entry)) {
    return "is not an object";
  }
  const fields = Object.keys(entry).filter((k) => ["serverName", "serverCommand", "serverUrl"].includes(k));
  if (fields.length !== 1 || Object.keys(entry).length !== 1) {
    return "must have exactly one of serverName, serverCommand, serverUrl";
  }
  if (fields[0] === "serverName" && (typeof entry.serverName !== "string" || !SERVER_NAME.test(entry.serverName))) {
    return `serverName ${JSON.stringify(entry.serverName)} must match ${SERVER_NAME.source}`;
  }
  if (
    fields[0] === "serverCommand" &&
    !(
      Array.isArray(entry.serverCommand) &&
      entry.serverCommand.length > 0 &&
      entry.serverCommand.every((s) => typeof s === "string")
    )
  ) {
    return "serverCommand must be a non-empty list of strings";
  }
  if (fields[0] === "serverUrl" && (typeof entry.serverUrl !== "string" || entry.serverUrl === "")) {
    return "serverUrl must be a non-empty string";
  }
  return undefined;
}
