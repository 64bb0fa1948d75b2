import { envOf, settingsPolicy } from "../../lib/settings-document";

const CONTENT_LOGGING_VARIABLES = [
  "OTEL_LOG_USER_PROMPTS",
  "OTEL_LOG_ASSISTANT_RESPONSES",
  "OTEL_LOG_TOOL_CONTENT",
  "OTEL_LOG_RAW_API_BODIES",
] as const;
export type ContentLoggingVariable = (typeof CONTENT_LOGGING_VARIABLES)[number];

export interface PromptLoggingConfig {
  /** Content-logging variables a reviewed decision allows to be on. */
  allowedVariables: ContentLoggingVariable[];
}

const OFF_VALUES = new Set(["", "0", "false", "no", "off"]);

/** Prompt and response text in telemetry is personal data and may carry secrets; off unless decided. */
export const settingsPromptLogging = settingsPolicy<PromptLoggingConfig>({
  name: "settings-prompt-logging-off",
  description:
    "Telemetry does not carry prompt or response text (OTEL_LOG_USER_PROMPTS and friends are off) unless policy config allows it.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Remove the variable from the profile's env, or record the decision by listing it in allowedVariables in policy config.",
  settings: {
    allowedVariables: {
      schema: {
        type: "array",
        items: { type: "string", enum: [...CONTENT_LOGGING_VARIABLES] },
        description: "Content-logging variables allowed on.",
      },
      default: [],
    },
  },
  validate: (document, { config, report }) => {
    const env = envOf(document);
    for (const variable of CONTENT_LOGGING_VARIABLES) {
      const value = env[variable];
      if (
        value !== undefined &&
        !OFF_VALUES.has(value.trim().toLowerCase()) &&
        !config.allowedVariables.includes(variable)
      ) {
        report(`env.${variable} is ${JSON.stringify(value)}: telemetry would carry conversation content.`);
      }
    }
  },
});
