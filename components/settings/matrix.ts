import { CompiledRollout } from "./compile";

/** Markdown, one section per assigned group: the profile it gets and what that profile permits. */
export function renderPermissionMatrix(rollout: CompiledRollout): string {
  const byName = new Map(rollout.profiles.map((p) => [p.name, p]));
  const lines = [
    `# Permission matrix — ${rollout.environment}`,
    "",
    `Pinned client ${rollout.clientVersion}. A user in several groups gets the highest-priority profile.`,
    "",
    "| group | profile | priority | policy hash |",
    "| --- | --- | --- | --- |",
    ...[...rollout.assignments]
      .sort((a, b) => a.group.localeCompare(b.group, "en"))
      .map((a) => `| ${cell(a.group)} | ${a.profile} | ${byName.get(a.profile)!.priority} | \`${byName.get(a.profile)!.policyHash.slice(0, 12)}\` |`),
  ];
  for (const profile of [...rollout.profiles].reverse()) {
    const s = profile.settings;
    const locks = [
      ...Object.keys(s).filter((k) => k.startsWith("allowManaged") && s[k as keyof typeof s] === true),
      ...(s.permissions.disableBypassPermissionsMode ? ["disableBypassPermissionsMode"] : []),
      ...(s.permissions.disableAutoMode ? ["disableAutoMode"] : []),
      ...(s.enforceAvailableModels ? ["enforceAvailableModels"] : []),
    ].sort();
    lines.push(
      "",
      `## ${profile.name} (priority ${profile.priority})`,
      "",
      profile.description,
      "",
      `- groups: ${profile.assignedGroups.length ? profile.assignedGroups.map(cell).join(", ") : "none"}`,
      `- MDM: include \`${profile.includeGroup}\`, exclude ${profile.excludeGroups.length ? profile.excludeGroups.map((g) => `\`${g}\``).join(", ") : "none"}`,
      `- default mode: ${s.permissions.defaultMode ?? "default"}`,
      `- allow: ${list(s.permissions.allow)}`,
      `- ask: ${list(s.permissions.ask)}`,
      `- deny: ${list(s.permissions.deny)}`,
      `- locks: ${locks.length ? locks.join(", ") : "none"}`,
      `- MCP servers: ${list(s.allowedMcpServers.map((e) => ("serverName" in e ? e.serverName : JSON.stringify(e))))}`,
      `- models: ${s.availableModels ? s.availableModels.join(", ") : "any"}`,
    );
  }
  return lines.join("\n") + "\n";
}

function list(items: readonly string[]): string {
  return items.length ? items.map((i) => `\`${i}\``).join(", ") : "none";
}

function cell(text: string): string {
  return text.replace(/\|/g, "\\|");
}
