// The semantic diff of one profile's managed settings (+ its managed MCP servers) against another.
// Used both for a profile across two outputs and for a group moved from one profile to another.
import { documentEnvProblem } from "../../components/config/env-guard";
import { diffLocks, LOCKS } from "./locks";
import { diffMcp } from "./mcp";
import { SettingChange } from "./model";
import { diffModels, isProviderEnv } from "./models";
import { diffPermissionRules } from "./rules";
import { diffTelemetry, isTelemetryEnv } from "./telemetry";
import { asRecord, listDifference, sameValue, stringList } from "./values";

export interface ProfileView {
  settings: Record<string, unknown>;
  mcpServers: Record<string, unknown>;
}

export const EMPTY_PROFILE: ProfileView = { settings: {}, mcpServers: {} };

export function diffProfileSettings(before: ProfileView, after: ProfileView): SettingChange[] {
  return escalateGuardedEnv(before.settings, after.settings, [
    ...diffPermissionRules(before.settings, after.settings),
    ...diffLocks(before.settings, after.settings),
    ...diffMcp(before.settings, after.settings, before.mcpServers, after.mcpServers),
    ...diffModels(before.settings, after.settings),
    ...diffTelemetry(before.settings, after.settings),
    ...diffOtherSettings(before.settings, after.settings),
  ]);
}

/**
 * A change to an env variable the guard refuses in a compiled document (it redirects the provider,
 * proxy or telemetry, loads code or swaps the shell, in any letter case) is critical whatever the
 * comparison above made of it, and widening while the variable stays set; the guard's reason
 * becomes a detail line.
 */
function escalateGuardedEnv(
  beforeSettings: Record<string, unknown>,
  afterSettings: Record<string, unknown>,
  changes: SettingChange[],
): SettingChange[] {
  const afterEnv = asRecord(afterSettings.env);
  const problems = new Map<string, { problem: string; stillSet: boolean }>();
  for (const name of new Set([...Object.keys(asRecord(beforeSettings.env)), ...Object.keys(afterEnv)])) {
    const problem = documentEnvProblem(name);
    if (problem !== undefined) problems.set(`env.${name}`, { problem, stillSet: name in afterEnv });
  }
  return changes.map((change) => {
    const guarded = problems.get(change.subject);
    if (guarded === undefined) return change;
    return {
      ...change,
      risk: "critical",
      effect: guarded.stillSet ? "widening" : change.effect,
      details: [...change.details, guarded.problem],
    };
  });
}

/** Paths the specialised comparisons above already cover. */
const COVERED_PATHS = new Set([
  ...LOCKS.map((lock) => lock.path),
  "permissions.allow",
  "permissions.ask",
  "permissions.deny",
  "permissions.defaultMode",
  "allowedMcpServers",
  "deniedMcpServers",
  "availableModels",
  "allowedProviders",
  "model",
  "otelHeadersHelper",
  "apiKeyHelper",
  "awsAuthRefresh",
  "awsCredentialExport",
  "gcpAuthRefresh",
]);

/** Every other key, so that no change to the shipped document goes unreported. */
function diffOtherSettings(
  beforeSettings: Record<string, unknown>,
  afterSettings: Record<string, unknown>,
): SettingChange[] {
  const before = flatten(beforeSettings);
  const after = flatten(afterSettings);
  const paths = [...new Set([...before.keys(), ...after.keys()])].filter((path) => !COVERED_PATHS.has(path)).sort();
  const changes: SettingChange[] = [];
  for (const path of paths) {
    const [from, to] = [before.get(path), after.get(path)];
    if (sameValue(from, to)) continue;
    if (path === "permissions.additionalDirectories") changes.push(...diffAdditionalDirectories(from, to));
    else changes.push(settingChange(path, from, to));
  }
  return changes;
}

/** Top-level keys as paths, with `permissions` and `env` opened one level (their entries matter one by one). */
function flatten(settings: Record<string, unknown>): Map<string, unknown> {
  const paths = new Map<string, unknown>();
  for (const [key, value] of Object.entries(settings)) {
    if (key === "permissions") {
      for (const [sub, subValue] of Object.entries(asRecord(value))) paths.set(`permissions.${sub}`, subValue);
    } else if (key === "env") {
      for (const [name, envValue] of Object.entries(asRecord(value))) {
        if (!isTelemetryEnv(name) && !isProviderEnv(name)) paths.set(`env.${name}`, envValue);
      }
    } else {
      paths.set(key, value);
    }
  }
  return paths;
}

function diffAdditionalDirectories(before: unknown, after: unknown): SettingChange[] {
  const { added, removed } = listDifference(stringList(before), stringList(after));
  const base = { category: "permissions" as const, details: [] };
  return [
    ...added.map((dir): SettingChange => ({
      ...base,
      risk: "medium",
      effect: "widening",
      kind: "directory-added",
      title: "additional working directory added",
      subject: dir,
    })),
    ...removed.map((dir): SettingChange => ({
      ...base,
      risk: "low",
      effect: "tightening",
      kind: "directory-removed",
      title: "additional working directory removed",
      subject: dir,
    })),
  ];
}

function settingChange(path: string, before: unknown, after: unknown): SettingChange {
  // Hooks run commands on every matching event, so a change there outranks cosmetic keys.
  const risk = path === "hooks" ? "medium" : "low";
  return {
    risk,
    effect: "neutral",
    category: "settings",
    kind: "setting-changed",
    title: "setting changed",
    subject: path,
    before: before ?? null,
    after: after ?? null,
    details: [],
  };
}
