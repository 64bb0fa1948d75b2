import { compareCodePoints } from "../config/text";
import { CompiledRollout } from "./compile";
import { ruleSpellings } from "./spellings";
import { markdownCellCode, markdownCode, markdownText } from "./markdown";

/**
 * Markdown, one section per profile: the groups it serves and what it permits. Every stack value is
 * escaped (markdown.ts) and every order is by code point, so the page is the same in any locale.
 */
export function renderPermissionMatrix(rollout: CompiledRollout): string {
  const byName = new Map(rollout.profiles.map((p) => [p.name, p]));
  const lines = [
    `# Permission matrix — ${markdownText(rollout.environment)}`,
    "",
    `Pinned client ${markdownText(rollout.clientVersion)}. A user in several groups gets the highest-priority profile.`,
    "",
    "| group | profile | priority | policy hash |",
    "| --- | --- | --- | --- |",
    ...[...rollout.assignments]
      .sort((a, b) => compareCodePoints(a.group, b.group))
      .map((a) => {
        const profile = byName.get(a.profile)!;
        return `| ${markdownText(a.group)} | ${markdownText(a.profile)} | ${profile.priority} | ${markdownCellCode(profile.policyHash.slice(0, 12))} |`;
      }),
  ];
  for (const profile of [...rollout.profiles].reverse()) {
    const s = profile.settings;
    const locks = [
      ...Object.keys(s).filter((k) => k.startsWith("allowManaged") && s[k as keyof typeof s] === true),
      ...(s.permissions.disableBypassPermissionsMode ? ["disableBypassPermissionsMode"] : []),
      ...(s.permissions.disableAutoMode ? ["disableAutoMode"] : []),
      ...(s.enforceAvailableModels ? ["enforceAvailableModels"] : []),
    ].sort(compareCodePoints);
    lines.push(
      "",
      `## ${markdownText(profile.name)} (priority ${profile.priority})`,
      "",
      // After a label, so no description can start a line as a heading, list or quote.
      `- description: ${markdownText(profile.description)}`,
      `- groups: ${profile.assignedGroups.length ? profile.assignedGroups.map(markdownText).join(", ") : "none"}`,
      `- MDM: include ${markdownCode(profile.includeGroup)}, exclude ${list(profile.excludeGroups)}`,
      `- default mode: ${markdownText(s.permissions.defaultMode ?? "default")}`,
      `- allow: ${list(s.permissions.allow)}`,
      `- ask: ${rules(s.permissions.ask)}`,
      `- deny: ${rules(s.permissions.deny)}`,
      `- locks: ${locks.length ? locks.join(", ") : "none"}`,
      `- MCP servers: ${list(s.allowedMcpServers.map((e) => ("serverName" in e ? e.serverName : JSON.stringify(e))))}`,
      `- models: ${s.availableModels ? s.availableModels.map(markdownText).join(", ") : "any"}`,
    );
  }
  return lines.join("\n") + "\n";
}

/**
 * A rule list without the spellings the compiler generated from its other rules (`git -* push *`
 * from `git push *`): reviewers read what was written, and the count says how much more ships.
 */
function rules(items: readonly string[]): string {
  const generated = new Set(items.flatMap((rule) => ruleSpellings(rule).slice(1)));
  const written = items.filter((rule) => !generated.has(rule));
  const extra = items.length - written.length;
  return list(written) + (extra ? ` (+${extra} other spellings of these)` : "");
}

function list(items: readonly string[]): string {
  return items.length ? items.map(markdownCode).join(", ") : "none";
}
