import { ResourceRuleSpec, RuleContext } from "../../lib/define";
import { SettingsDocument, settingsPolicy } from "../../lib/settings-document";
import { isRecord } from "../../lib/values";

/**
 * A published managed-settings document with what its bucket key says about it: the profile
 * (`profiles/<profile>/<sha256>/…`) and the OS family (Windows documents sit under `windows/`,
 * where the client has no command sandbox).
 */
export interface PublishedSettings {
  readonly document: SettingsDocument;
  readonly os: "posix" | "windows";
  readonly profile?: string;
}

const PUBLISHED_KEY = /(?:^|\/)profiles\/([^/]+)\/[^/]+\/(windows\/)?managed-settings\.json$/;

export interface IntentRuleSpec<C> extends Omit<ResourceRuleSpec<C>, "types" | "validate"> {
  readonly validate: (settings: PublishedSettings, context: RuleContext<C>) => void;
}

/** Like settingsPolicy, but the rule also learns the profile and OS family from the object key. */
export function intentSettingsPolicy<C extends object>(spec: IntentRuleSpec<C>) {
  return settingsPolicy<C>({
    ...spec,
    validate: (document, context, key) => {
      const match = PUBLISHED_KEY.exec(key);
      spec.validate({ document, os: match?.[2] ? "windows" : "posix", profile: match?.[1] }, context);
    },
  });
}

/** A nested object of the document, or an empty one. */
export function objectAt(value: unknown, ...path: string[]): Record<string, unknown> {
  let current: unknown = value;
  for (const key of path) current = isRecord(current) ? current[key] : undefined;
  return isRecord(current) ? current : {};
}

/** A string list of the document; non-strings left out. */
export function stringsAt(value: unknown, ...path: string[]): string[] {
  const parent = objectAt(value, ...path.slice(0, -1));
  const list = parent[path[path.length - 1]];
  return Array.isArray(list) ? list.filter((v): v is string => typeof v === "string") : [];
}
