// Telemetry: the OTEL env the client runs with. Losing the audit trail is as serious as losing a deny.
import { Risk, SettingChange, valueChanges } from "./model";
import { asRecord } from "./values";

const change = valueChanges("telemetry");

/** Stamped by the settings compiler on every policy change; a moved hash is not a telemetry change. */
const POLICY_HASH_ATTRIBUTE = "claude_code_rollout.policy_hash";

/** Exporters and the risk of one that stops shipping: logs carry the tool-decision audit events. */
const EXPORTER_LOSS_RISK: Record<string, Risk> = {
  OTEL_LOGS_EXPORTER: "critical",
  OTEL_METRICS_EXPORTER: "high",
  OTEL_TRACES_EXPORTER: "medium",
};

/** Switches that send conversation content off the device when on. */
const CONTENT_LOGGING = new Set([
  "OTEL_LOG_USER_PROMPTS",
  "OTEL_LOG_ASSISTANT_RESPONSES",
  "OTEL_LOG_TOOL_CONTENT",
  "OTEL_LOG_RAW_API_BODIES",
]);

/** Switch that adds tool parameters (the Bash command line) to the audit events. */
const AUDIT_DETAIL = "OTEL_LOG_TOOL_DETAILS";

export function isTelemetryEnv(name: string): boolean {
  return (
    name === "CLAUDE_CODE_ENABLE_TELEMETRY" ||
    name.startsWith("OTEL_") ||
    name.startsWith("CLAUDE_CODE_OTEL_") ||
    name === "CLAUDE_CODE_ENHANCED_TELEMETRY_BETA" ||
    name === "DISABLE_TELEMETRY" ||
    name === "DISABLE_ERROR_REPORTING"
  );
}

export function diffTelemetry(beforeSettings: unknown, afterSettings: unknown): SettingChange[] {
  const before = asRecord(asRecord(beforeSettings).env);
  const after = asRecord(asRecord(afterSettings).env);
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter(isTelemetryEnv).sort();
  const changes: SettingChange[] = [];
  for (const name of names) {
    if (name === "OTEL_RESOURCE_ATTRIBUTES") changes.push(...diffResourceAttributes(before[name], after[name]));
    else if (before[name] !== after[name]) changes.push(telemetryVariableChange(name, before[name], after[name]));
  }
  const helperBefore = asRecord(beforeSettings).otelHeadersHelper;
  const helperAfter = asRecord(afterSettings).otelHeadersHelper;
  if (helperBefore !== helperAfter) {
    changes.push(
      change(
        "medium",
        "neutral",
        "telemetry-auth-changed",
        "telemetry auth helper changed",
        "otelHeadersHelper",
        helperBefore,
        helperAfter,
      ),
    );
  }
  return changes;
}

function telemetryVariableChange(name: string, before: unknown, after: unknown): SettingChange {
  const make = (risk: Risk, effect: SettingChange["effect"], kind: string, title: string) =>
    change(risk, effect, kind, title, `env.${name}`, before, after);
  const turnedOn = !isOn(before) && isOn(after);
  const turnedOff = isOn(before) && !isOn(after);
  if (name === "CLAUDE_CODE_ENABLE_TELEMETRY") {
    if (turnedOff) return make("critical", "widening", "telemetry-disabled", "telemetry disabled");
    if (turnedOn) return make("low", "tightening", "telemetry-enabled", "telemetry enabled");
  } else if (name in EXPORTER_LOSS_RISK) {
    if (ships(before) && !ships(after))
      return make(
        EXPORTER_LOSS_RISK[name],
        "widening",
        "telemetry-exporter-disabled",
        "telemetry exporter stopped shipping",
      );
    return make("medium", "neutral", "telemetry-exporter-changed", "telemetry exporter changed");
  } else if (CONTENT_LOGGING.has(name)) {
    if (turnedOn) return make("high", "widening", "content-logging-enabled", "conversation content logging enabled");
    if (turnedOff)
      return make("low", "tightening", "content-logging-disabled", "conversation content logging disabled");
  } else if (name === AUDIT_DETAIL) {
    if (turnedOff) return make("high", "widening", "audit-detail-reduced", "tool parameters no longer audited");
    if (turnedOn) return make("low", "tightening", "audit-detail-increased", "tool parameters audited");
  } else if (/_(ENDPOINT|PROTOCOL|HEADERS)$/.test(name)) {
    return make("medium", "neutral", "telemetry-endpoint-changed", "telemetry destination changed");
  }
  return make("low", "neutral", "telemetry-setting-changed", "telemetry setting changed");
}

function diffResourceAttributes(before: unknown, after: unknown): SettingChange[] {
  const beforeAttributes = parseAttributes(before);
  const afterAttributes = parseAttributes(after);
  const keys = [...new Set([...beforeAttributes.keys(), ...afterAttributes.keys()])]
    .filter((key) => key !== POLICY_HASH_ATTRIBUTE)
    .sort();
  return keys
    .filter((key) => beforeAttributes.get(key) !== afterAttributes.get(key))
    .map((key) =>
      change(
        "low",
        "neutral",
        "telemetry-attribute-changed",
        "telemetry resource attribute changed",
        `env.OTEL_RESOURCE_ATTRIBUTES ${key}`,
        beforeAttributes.get(key),
        afterAttributes.get(key),
      ),
    );
}

/** `k=v,k2=v2` → map; values may contain `=`. */
function parseAttributes(value: unknown): Map<string, string> {
  const attributes = new Map<string, string>();
  if (typeof value !== "string") return attributes;
  for (const pair of value.split(",")) {
    const eq = pair.indexOf("=");
    if (eq > 0) attributes.set(pair.slice(0, eq).trim(), pair.slice(eq + 1).trim());
  }
  return attributes;
}

function isOn(value: unknown): boolean {
  return value === "1" || value === "true" || value === true || value === 1;
}

/** Whether an exporter sends records off the device (console and none do not). */
function ships(value: unknown): boolean {
  return (
    typeof value === "string" &&
    value.split(",").some((exporter) => exporter.trim() === "otlp" || exporter.trim() === "prometheus")
  );
}
