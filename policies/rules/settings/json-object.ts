import { resourcePolicy } from "../../lib/define";
import { parseSettingsObject, SETTINGS_OBJECT_TYPES } from "../../lib/settings-document";

export interface SettingsJsonObjectConfig {
  /** Largest document accepted, in bytes. */
  maxBytes: number;
}

/** A managed document that is not a JSON object makes the client refuse to start (reference §13). */
export const settingsJsonObject = resourcePolicy<SettingsJsonObjectConfig>({
  name: "settings-json-object",
  description:
    "Published managed-settings.json is a JSON object of bounded size; anything else stops every client that reads it.",
  enforcementLevel: "mandatory",
  severity: "critical",
  remediationSteps:
    "Publish the compiler's settingsJson unchanged as the object's `content` (inline text, not `source`).",
  settings: {
    maxBytes: {
      schema: { type: "integer", minimum: 1, description: "Largest document accepted, in bytes." },
      default: 2 * 1024 * 1024,
    },
  },
  types: SETTINGS_OBJECT_TYPES,
  validate: (props, args, { config, report }) => {
    const parsed = parseSettingsObject(props, args);
    if (!parsed.ok) {
      report(`Managed settings document is unusable: ${parsed.error}. The client refuses to start with it.`);
      return;
    }
    const bytes = Buffer.byteLength(props.content as string, "utf8");
    if (bytes > config.maxBytes) {
      report(`Managed settings document is ${bytes} bytes; the limit is ${config.maxBytes}.`);
    }
  },
});
