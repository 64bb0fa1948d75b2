// The verification copy of a compiled document: only the keys that pin the model provider, its
// credentials and the telemetry destination are replaced by loopback equivalents; permissions,
// locks, MCP policy, hooks and every other key stay exactly as shipped. Pure.
//
// Why a copy is needed (observed with 2.1.329): the managed `env` overrides the process
// environment, `allowedProviders` admits a custom endpoint only when the same managed source pins
// it, and once managed settings claim an OTLP variable the client drops the per-signal variants
// from lower scopes ("lower-trust scopes cannot redirect the logs signal"). So a document that pins
// Bedrock and a corporate collector cannot be pointed at loopback from outside.
import { renderCanonicalJson } from "../../components/settings";

export interface VerificationCopy {
  /** The copy as an object and as canonical bytes (what is installed for the scenario session). */
  readonly settings: Record<string, unknown>;
  readonly json: string;
  /** Each replaced or removed key, e.g. `env.CLAUDE_CODE_USE_BEDROCK (removed)`; sorted. */
  readonly substitutions: string[];
}

/** Top-level keys that run provider or telemetry credential helpers, or pin the provider or login. */
const PROVIDER_KEYS = [
  "allowedProviders",
  "apiKeyHelper",
  "awsAuthRefresh",
  "awsCredentialExport",
  "forceLoginGatewayUrl",
  "forceLoginMethod",
  "forceLoginOrgUUID",
  "gcpAuthRefresh",
  "otelHeadersHelper",
  "proxyAuthHelper",
];

/** env names that choose the provider, its endpoint or credentials. */
const PROVIDER_ENV =
  /^(CLAUDE_CODE_USE_(?!POWERSHELL_TOOL$)[A-Z_]+|CLAUDE_CODE_SKIP_[A-Z_]+_AUTH|ANTHROPIC_([A-Z]+_)?BASE_URL|ANTHROPIC_API_KEY|ANTHROPIC_AUTH_TOKEN|ANTHROPIC_(VERTEX|FOUNDRY|BEDROCK)_[A-Z_]+|AWS_[A-Z_]+|CLOUD_ML_REGION|VERTEX_REGION_[A-Z0-9_]+)$/;
/** env names that choose where and how telemetry is exported. */
const TELEMETRY_ENV =
  /^(CLAUDE_CODE_ENABLE_TELEMETRY|OTEL_(LOGS|METRICS|TRACES)_EXPORTER|OTEL_EXPORTER_OTLP_[A-Z_]+|OTEL_LOG_MANAGED_SETTINGS)$/;

/** True when the document pins anything that would keep the session away from loopback. */
export function pinsProviderOrTelemetry(settings: Record<string, unknown>): boolean {
  const env = envOf(settings);
  return (
    PROVIDER_KEYS.some((key) => key in settings) ||
    Object.keys(env).some((name) => PROVIDER_ENV.test(name) || TELEMETRY_ENV.test(name))
  );
}

/**
 * The copy for a session against `baseUrl` (the loopback model API and OTLP receiver): provider
 * keys removed, `allowedProviders: ["customEndpoint"]` with `env.ANTHROPIC_BASE_URL` pinned, and
 * telemetry pinned to loopback http/json with the managed-settings audit event on.
 */
export function verificationCopy(settings: Record<string, unknown>, baseUrl: string): VerificationCopy {
  const substitutions: string[] = [];
  const copy: Record<string, unknown> = { ...settings };
  for (const key of PROVIDER_KEYS) {
    if (!(key in copy)) continue;
    delete copy[key];
    substitutions.push(`${key} (removed)`);
  }
  copy.allowedProviders = ["customEndpoint"];
  substitutions.push(`allowedProviders = ["customEndpoint"]`);

  const env: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(envOf(settings))) {
    if (PROVIDER_ENV.test(name) || TELEMETRY_ENV.test(name)) substitutions.push(`env.${name} (removed)`);
    else env[name] = value;
  }
  const pinned: Record<string, string> = {
    ANTHROPIC_BASE_URL: baseUrl,
    CLAUDE_CODE_ENABLE_TELEMETRY: "1",
    OTEL_EXPORTER_OTLP_ENDPOINT: baseUrl,
    OTEL_EXPORTER_OTLP_PROTOCOL: "http/json",
    OTEL_LOGS_EXPORTER: "otlp",
    OTEL_LOG_MANAGED_SETTINGS: "1",
    OTEL_METRICS_EXPORTER: "none",
  };
  for (const [name, value] of Object.entries(pinned)) {
    env[name] = value;
    substitutions.push(`env.${name} = ${JSON.stringify(value.replace(baseUrl, "<loopback>"))}`);
  }
  copy.env = env;
  return { settings: copy, json: renderCanonicalJson(copy), substitutions: dedupeByKey(substitutions) };
}

/**
 * Keys whose JSON differs between the shipped document and the copy, other than the provider and
 * telemetry keys (env entries are compared one by one). Always empty for a copy made here; the
 * session asserts it, so the claim "everything else is byte-identical" is checked, not assumed.
 */
export function unexpectedDifferences(original: Record<string, unknown>, copy: Record<string, unknown>): string[] {
  const keys = new Set([...Object.keys(original), ...Object.keys(copy)]);
  const topLevel = [...keys]
    .filter((key) => key !== "env" && !PROVIDER_KEYS.includes(key))
    .filter((key) => JSON.stringify(original[key]) !== JSON.stringify(copy[key]));
  const [originalEnv, copyEnv] = [envOf(original), envOf(copy)];
  const envNames = new Set([...Object.keys(originalEnv), ...Object.keys(copyEnv)]);
  const env = [...envNames]
    .filter((name) => !PROVIDER_ENV.test(name) && !TELEMETRY_ENV.test(name))
    .filter((name) => originalEnv[name] !== copyEnv[name])
    .map((name) => `env.${name}`);
  return [...topLevel, ...env].sort();
}

function envOf(settings: Record<string, unknown>): Record<string, unknown> {
  const env = settings.env;
  return env !== null && typeof env === "object" && !Array.isArray(env) ? (env as Record<string, unknown>) : {};
}

/** A key removed and then pinned again is reported once, as its new value. */
function dedupeByKey(entries: string[]): string[] {
  const byKey = new Map<string, string>();
  for (const entry of entries) byKey.set(entry.split(" ")[0], entry);
  return [...byKey.values()].sort();
}
