import { RolloutConfig } from "../config";
import { helperCommand, OsFamily } from "./helpers";
import { EffectiveProfile } from "./resolve";

export interface TelemetrySettings {
  readonly env: Record<string, string>;
  /** Prints the OTLP auth header from the user's own short-lived Entra token; see components/telemetry. */
  readonly otelHeadersHelper?: string;
}

/** Telemetry switches and exporters every session of a profile runs with (reference §7). */
export function telemetrySettings(config: RolloutConfig, profile: EffectiveProfile, os: OsFamily): TelemetrySettings {
  const telemetry = config.telemetry;
  if (!telemetry) return { env: {} };
  const env: Record<string, string> = {
    CLAUDE_CODE_ENABLE_TELEMETRY: "1",
    OTEL_METRICS_EXPORTER: "otlp",
    OTEL_LOGS_EXPORTER: "otlp",
    OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf",
    OTEL_EXPORTER_OTLP_ENDPOINT: `https://${telemetry.hostname}`,
  };
  if (profile.logUserPrompts) env.OTEL_LOG_USER_PROMPTS = "1";
  if (profile.logToolDetails) env.OTEL_LOG_TOOL_DETAILS = "1";
  return { env, otelHeadersHelper: helperCommand(os, "otel-headers") };
}

/** Resource attributes that tell telemetry which policy a session actually runs. */
export function policyAttributes(environment: string, profile: string, policyHash: string): string {
  return [
    `deployment.environment=${environment}`,
    `claude_code_rollout.profile=${profile}`,
    `claude_code_rollout.policy_hash=${policyHash}`,
  ].join(",");
}
