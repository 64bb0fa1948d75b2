// MCP servers: the user-server allowlist and denylist, and the servers the org ships (managed-mcp.json).
import { SettingChange } from "./model";
import { asRecord, canonicalJson, describeValue, listDifference, sameValue } from "./values";
import { sortedUnique } from "../../components/config/text";

export function diffMcp(
  beforeSettings: unknown,
  afterSettings: unknown,
  beforeServers: Record<string, unknown>,
  afterServers: Record<string, unknown>,
): SettingChange[] {
  return [
    ...diffServerList(
      "allowedMcpServers",
      asRecord(beforeSettings).allowedMcpServers,
      asRecord(afterSettings).allowedMcpServers,
    ),
    ...diffServerList(
      "deniedMcpServers",
      asRecord(beforeSettings).deniedMcpServers,
      asRecord(afterSettings).deniedMcpServers,
    ),
    ...diffManagedServers(beforeServers, afterServers),
  ];
}

/** managed-mcp.json servers from a rollout.json profile: accepts the record or the `{ mcpServers }` document. */
export function managedServers(value: unknown): Record<string, unknown> {
  const record = asRecord(value);
  return "mcpServers" in record ? asRecord(record.mcpServers) : record;
}

/** An allow/deny entry as a reviewer reads it: `github`, `command: npx -y x`, `url: https://…`. */
function describeServerEntry(entry: unknown): string {
  const record = asRecord(entry);
  if (typeof record.serverName === "string") return record.serverName;
  if (Array.isArray(record.serverCommand)) return `command: ${record.serverCommand.join(" ")}`;
  if (typeof record.serverUrl === "string") return `url: ${record.serverUrl}`;
  return canonicalJson(entry);
}

function diffServerList(
  key: "allowedMcpServers" | "deniedMcpServers",
  before: unknown,
  after: unknown,
): SettingChange[] {
  const isAllow = key === "allowedMcpServers";
  const base = { category: "mcp" as const, details: [] };
  if (Array.isArray(before) !== Array.isArray(after)) {
    // An unset allowlist admits every server and an unset denylist blocks none: dropping either widens.
    const dropped = Array.isArray(before);
    const widening = dropped;
    return [
      {
        ...base,
        kind: dropped ? "mcp-list-removed" : "mcp-list-added",
        title: `${isAllow ? "MCP allowlist" : "MCP denylist"} ${dropped ? "removed" : "added"}`,
        subject: key,
        before: before ?? null,
        after: after ?? null,
        risk: widening ? "critical" : "low",
        effect: widening ? "widening" : "tightening",
      },
    ];
  }
  if (!Array.isArray(before) || !Array.isArray(after)) return [];
  const { added, removed } = listDifference(before, after);
  const entryChange = (entry: unknown, operation: "added" | "removed"): SettingChange => {
    const widening = (operation === "added") === isAllow;
    const list = isAllow ? "allowed" : "denied";
    return {
      ...base,
      kind: `mcp-${list}-${operation}`,
      title: operation === "added" ? `MCP server ${list}` : `MCP server no longer ${list}`,
      subject: describeServerEntry(entry),
      risk: widening ? (isAllow ? "high" : "critical") : "low",
      effect: widening ? "widening" : "tightening",
    };
  };
  return [
    ...added.map((entry) => entryChange(entry, "added")),
    ...removed.map((entry) => entryChange(entry, "removed")),
  ];
}

function diffManagedServers(before: Record<string, unknown>, after: Record<string, unknown>): SettingChange[] {
  const names = sortedUnique([...Object.keys(before), ...Object.keys(after)]);
  const changes: SettingChange[] = [];
  for (const name of names) {
    const base = { category: "mcp" as const, subject: name, details: [] as string[] };
    if (!(name in before)) {
      changes.push({
        ...base,
        kind: "managed-mcp-server-added",
        title: "managed MCP server added",
        risk: "high",
        effect: "widening",
        details: [describeServerTarget(after[name])],
      });
    } else if (!(name in after)) {
      changes.push({
        ...base,
        kind: "managed-mcp-server-removed",
        title: "managed MCP server removed",
        risk: "low",
        effect: "tightening",
      });
    } else if (!sameValue(before[name], after[name])) {
      changes.push({
        ...base,
        kind: "managed-mcp-server-changed",
        title: "managed MCP server changed",
        risk: "medium",
        effect: "neutral",
        before: describeServerTarget(before[name]),
        after: describeServerTarget(after[name]),
      });
    }
  }
  return changes;
}

/** Where a managed server points: its URL, or its command line. */
function describeServerTarget(server: unknown): string {
  const record = asRecord(server);
  if (typeof record.url === "string") return record.url;
  if (typeof record.command === "string") {
    const args = Array.isArray(record.args) ? record.args.map(String) : [];
    return [record.command, ...args].join(" ");
  }
  return describeValue(server);
}
