// What the program reads from the stack besides the config model: the same for `pulumi up` and for synth.
import { SECRET_CONFIG_KEYS, SiemTokenSupply } from "../config/telemetry";

export const PROJECT = "claude-code-rollout";

/** The stack's config as the Pulumi runtime holds it: `ns:key` → string (objects JSON-encoded). */
export interface StackConfigSource {
  readonly config: Readonly<Record<string, string>>;
  /** Whether the key was given as a secret (`secure:`). */
  isSecret(key: string): boolean;
}

/** The stack values the plan checks that never enter the config model. */
export interface StackInputs {
  /** Whether the stack file holds siemToken, as a secret or in plaintext (an empty one counts as none). */
  readonly siemToken: SiemTokenSupply;
  /** `aws:allowedAccountIds` as written (JSON), or undefined when unset. */
  readonly allowedAccountIds: string | undefined;
  /** `aws:region`: where the provider deploys, or undefined when unset. */
  readonly awsRegion: string | undefined;
}

/** Every `claude-code-rollout:*` key except the secret ones, structured values parsed. */
export function projectConfig(source: StackConfigSource): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(source.config)) {
    const name = key.slice(PROJECT.length + 1);
    if (!key.startsWith(`${PROJECT}:`) || SECRET_CONFIG_KEYS.includes(name)) continue;
    raw[name] = parseConfigValue(value);
  }
  return raw;
}

export function stackInputs(source: StackConfigSource): StackInputs {
  const tokenKey = `${PROJECT}:siemToken`;
  const siemToken = !source.config[tokenKey]?.trim() ? "absent" : source.isSecret(tokenKey) ? "secret" : "plaintext";
  return {
    siemToken,
    allowedAccountIds: source.config["aws:allowedAccountIds"],
    awsRegion: source.config["aws:region"],
  };
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
