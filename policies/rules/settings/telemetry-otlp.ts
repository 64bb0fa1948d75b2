import type { NoSettings } from "../../lib/define";
import { envOf, settingsPolicy } from "../../lib/settings-document";

/**
 * Audit telemetry needs the client's OTLP exporters on. Advisory by default until the telemetry
 * pipeline is deployed; set `"settings-telemetry-otlp": "mandatory"` in policy config after that.
 */
export const settingsTelemetryOtlp = settingsPolicy<NoSettings>({
  name: "settings-telemetry-otlp",
  description:
    "Telemetry is on and exports metrics and events over OTLP (CLAUDE_CODE_ENABLE_TELEMETRY=1, OTEL_METRICS_EXPORTER and OTEL_LOGS_EXPORTER include otlp).",
  enforcementLevel: "advisory",
  severity: "medium",
  remediationSteps:
    "Configure the telemetry section of the stack so the compiler stamps the OTLP variables into every profile's env.",
  settings: {},
  validate: (document, { report }) => {
    const env = envOf(document);
    if (env.CLAUDE_CODE_ENABLE_TELEMETRY !== "1") {
      report(
        `env.CLAUDE_CODE_ENABLE_TELEMETRY is ${JSON.stringify(env.CLAUDE_CODE_ENABLE_TELEMETRY)}; it must be "1".`,
      );
    }
    for (const variable of ["OTEL_METRICS_EXPORTER", "OTEL_LOGS_EXPORTER"]) {
      const exporters = (env[variable] ?? "").split(",").map((e) => e.trim());
      if (!exporters.includes("otlp")) {
        report(`env.${variable} is ${JSON.stringify(env[variable])}; it must include "otlp".`);
      }
    }
  },
});
