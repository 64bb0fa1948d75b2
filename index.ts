import * as pulumi from "@pulumi/pulumi";
import { loadRolloutConfig } from "./components/config";
import { compileRollout, PINNED_CLIENT_VERSION } from "./components/settings";

/**
 * The program: read the stack config once, validate and compile it before any resource exists,
 * then hand typed values to the components.
 */

const PROJECT = "claude-code-rollout";
/** Keys the components read themselves with `getSecret`, so plaintext never enters the config model. */
const SECRET_KEYS: readonly string[] = [];
const stack = pulumi.getStack();

const config = loadRolloutConfig(readProjectConfig(), stack);
const rollout = compileRollout(config, PINNED_CLIENT_VERSION);
for (const warning of rollout.warnings) pulumi.log.warn(warning);

/** Per profile: what a reviewer and the MDM need, no secrets. */
export const profiles = Object.fromEntries(rollout.profiles.map((p) => [p.name, {
  priority: p.priority,
  policyHash: p.policyHash,
  settingsSha256: p.settingsSha256,
  includeGroup: p.includeGroup,
  excludeGroups: p.excludeGroups,
  assignedGroups: p.assignedGroups,
  settings: p.settings,
}]));
export const clientVersion = PINNED_CLIENT_VERSION;

/** Every `claude-code-rollout:*` key except the secret ones. */
function readProjectConfig(): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(pulumi.runtime.allConfig())) {
    const name = key.slice(PROJECT.length + 1);
    if (!key.startsWith(`${PROJECT}:`) || SECRET_KEYS.includes(name)) continue;
    raw[name] = parseConfigValue(value);
  }
  return raw;
}

/** Structured values arrive JSON-encoded; plain strings (ids, versions) do not. */
function parseConfigValue(value: string): unknown {
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === "object" ? parsed : value;
  } catch {
    return value;
  }
}
