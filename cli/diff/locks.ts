// Locks: managed switches whose weakening removes an enforcement, not just a default.
import { Risk, SettingChange } from "./model";
import { asRecord } from "./values";

interface Lock {
  /** Dotted path in the managed settings document. */
  path: string;
  /** Whether the value enforces the guardrail. */
  holds: (value: unknown) => boolean;
  /** Risk when a value that held stops holding. */
  weakenedRisk: Risk;
}

const isTrue = (value: unknown) => value === true;
const isDisable = (value: unknown) => value === "disable";

export const LOCKS: readonly Lock[] = [
  { path: "permissions.disableBypassPermissionsMode", holds: isDisable, weakenedRisk: "critical" },
  { path: "permissions.disableAutoMode", holds: isDisable, weakenedRisk: "critical" },
  { path: "disableAutoMode", holds: isDisable, weakenedRisk: "critical" },
  { path: "allowManagedPermissionRulesOnly", holds: isTrue, weakenedRisk: "critical" },
  { path: "allowManagedHooksOnly", holds: isTrue, weakenedRisk: "critical" },
  { path: "allowManagedMcpServersOnly", holds: isTrue, weakenedRisk: "critical" },
  // Unset means false: the lock holds until someone turns auto-approval of project servers on.
  { path: "enableAllProjectMcpServers", holds: (value) => value !== true, weakenedRisk: "critical" },
  { path: "enforceAvailableModels", holds: isTrue, weakenedRisk: "high" },
  { path: "disableSideloadFlags", holds: isTrue, weakenedRisk: "high" },
  { path: "disableClaudeAiConnectors", holds: isTrue, weakenedRisk: "high" },
  { path: "permissions.denyInsteadOfPrompting", holds: isTrue, weakenedRisk: "high" },
  { path: "permissions.blockReadsOutsideWorkingDirectories", holds: isTrue, weakenedRisk: "high" },
  { path: "permissions.blockWritesOutsideWorkingDirectories", holds: isTrue, weakenedRisk: "high" },
];

export function diffLocks(beforeSettings: unknown, afterSettings: unknown): SettingChange[] {
  const changes: SettingChange[] = [];
  for (const lock of LOCKS) {
    const before = valueAt(beforeSettings, lock.path);
    const after = valueAt(afterSettings, lock.path);
    if (before === after) continue;
    const held = lock.holds(before);
    const holds = lock.holds(after);
    const base = {
      category: "locks" as const,
      subject: lock.path,
      before: before ?? null,
      after: after ?? null,
      details: [],
    };
    if (held && !holds)
      changes.push({
        ...base,
        risk: lock.weakenedRisk,
        effect: "widening",
        kind: "lock-weakened",
        title: "lock weakened",
      });
    else if (!held && holds)
      changes.push({ ...base, risk: "low", effect: "tightening", kind: "lock-tightened", title: "lock tightened" });
    else changes.push({ ...base, risk: "info", effect: "neutral", kind: "lock-changed", title: "lock value changed" });
  }
  return changes;
}

/** Value at a dotted path of a settings document; undefined when any step is missing. */
function valueAt(settings: unknown, path: string): unknown {
  let current: unknown = settings;
  for (const step of path.split(".")) current = asRecord(current)[step];
  return current;
}
