import { RolloutConfig } from "../config";
import { EffectiveProfile } from "./resolve";

/** Telemetry switches and exporters every session of a profile runs with (reference §7). */
export function telemetryEnv(config: RolloutConfig, profile: EffectiveProfile): Record<string, string> {
  const telemetry = config.telemetry;
  if (!telemetry) return {};
  const env: Record<string, string> = {
    CLAUDE_CODE_ENABLE_TELEMETRY: "1",
    OTEL_METRICS_EXPORTER: "otlp",
    OTEL_LOGS_EXPORTER: "otlp",
    OTEL_EXPORTER_OTLP_PROTOCOL: "http/protobuf",
    OTEL_EXPORTER_OTLP_ENDPOINT: `https://${telemetry.hostname}`,
  };
  if (profile.logUserPrompts) env.OTEL_LOG_USER_PROMPTS = "1";
  if (profile.logToolDetails) env.OTEL_LOG_TOOL_DETAILS = "1";
  return env;
}

/** Resource attributes that tell telemetry which policy a session actually runs. */
export function policyAttributes(environment: string, profile: string, policyHash: string): string {
  return [
    `deployment.environment=${environment}`,
    `claude_code_rollout.profile=${profile}`,
    `claude_code_rollout.policy_hash=${policyHash}`,
  ].join(",");
}
