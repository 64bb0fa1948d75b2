import { RolloutConfig } from "../config";
import { CLIENT_HELPERS, helperCommand, OsFamily } from "./client-helpers";
import { profileAppUri } from "./profile-app-names";
import { EffectiveProfile } from "./resolve";

export interface TelemetrySettings {
  readonly env: Record<string, string>;
  /** Prints the OTLP auth header from the user's own short-lived Entra token; see components/telemetry. */
  readonly otelHeadersHelper?: string;
}

/**
 * How often the client re-runs the headers helper. The Azure CLI hands out a cached token only while
 * it has more than 5 minutes left, so re-asking every 4 minutes never sends an expired one (the
 * client's own default, 29 minutes, would outlive the token's last cached window).
 */
const HEADERS_HELPER_DEBOUNCE_MS = 240_000;

/** Telemetry switches and exporters every session of a profile runs with (reference §7). */
export function telemetrySettings(config: RolloutConfig, profile: EffectiveProfile, os: OsFamily): TelemetrySettings {
  const telemetry = config.telemetry;
  if (!telemetry) return { env: {} };
  const env: Record<string, string> = {
    CLAUDE_CODE_ENABLE_TELEMETRY: "1",
    CLAUDE_CODE_OTEL_HEADERS_HELPER_DEBOUNCE_MS: String(HEADERS_HELPER_DEBOUNCE_MS),
    OTEL_METRICS_EXPORTER: "otlp",
    OTEL_LOGS_EXPORTER: "otlp",
    OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf",
    OTEL_EXPORTER_OTLP_ENDPOINT: collectorUrl(telemetry.hostname),
    // Without it the client never sends managed_settings_resolved.resolved_sha256, and a device
    // running another policy than the one shipped stays invisible to the drift alarm.
    OTEL_LOG_MANAGED_SETTINGS: "1",
  };
  if (profile.logUserPrompts) env.OTEL_LOG_USER_PROMPTS = "1";
  if (profile.logToolDetails) env.OTEL_LOG_TOOL_DETAILS = "1";
  // The helper is the same file everywhere; its one argument is the profile's own Entra app, whose
  // token both exchanges for Bedrock credentials and tells the collector the profile (its audience).
  const helper = helperCommand(
    CLIENT_HELPERS.otelHeaders,
    os,
    profileAppUri(config.tenantId, config.environment, profile.name),
  );
  return { env, otelHeadersHelper: helper };
}

/** Where clients send OTLP: the collector's HTTPS listener. */
export function collectorUrl(hostname: string): string {
  return `https://${hostname}`;
}

/** Resource attributes that tell telemetry which policy a session actually runs. */
export function policyAttributes(environment: string, profile: string, policyHash: string): string {
  return [
    `deployment.environment=${environment}`,
    `claude_code_rollout.profile=${profile}`,
    `claude_code_rollout.policy_hash=${policyHash}`,
  ].join(",");
}
