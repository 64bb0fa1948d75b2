import type { ResourceValidationArgs, ResourceValidationPolicy } from "@pulumi/policy";
import { resourcePolicy, ResourceRuleSpec, RuleContext } from "./define";
import { isRecord } from "./values";

/** Object types that publish managed-settings documents (the legacy class too, so switching classes cannot bypass the rules). */
export const SETTINGS_OBJECT_TYPES = [
  "aws:s3/bucketObjectv2:BucketObjectv2",
  "aws:s3/bucketObject:BucketObject",
] as const;
const SETTINGS_KEY_SUFFIX = "/managed-settings.json";

export type SettingsDocument = Record<string, unknown>;

export type ParsedSettings = { ok: true; document: SettingsDocument } | { ok: false; error: string };

export interface SettingsRuleSpec<C> extends Omit<ResourceRuleSpec<C>, "types" | "validate"> {
  /** `key` is the object's bucket key (it says which profile and OS family the document is for). */
  readonly validate: (document: SettingsDocument, context: RuleContext<C>, key: string) => void;
}

/**
 * A policy over published managed-settings documents. Objects whose key does not end with
 * `/managed-settings.json` are not applicable; a document that is not a JSON object is not
 * applicable here either, because `settings-json-object` reports it.
 */
export function settingsPolicy<C extends object>(spec: SettingsRuleSpec<C>): ResourceValidationPolicy {
  return resourcePolicy({
    ...spec,
    types: SETTINGS_OBJECT_TYPES,
    validate: (props, args, context) => {
      const parsed = parseSettingsObject(props, args);
      if (!parsed.ok) {
        return args.notApplicable(`Not a valid managed-settings document (${parsed.error}); see settings-json-object`);
      }
      spec.validate(parsed.document, context, String(props.key));
    },
  });
}

/** Reads `content` of a managed-settings object; not applicable for any other object. */
export function parseSettingsObject(
  props: ResourceValidationArgs["props"],
  args: ResourceValidationArgs,
): ParsedSettings {
  const key = props.key;
  if (typeof key !== "string" || !key.endsWith(SETTINGS_KEY_SUFFIX)) {
    args.notApplicable(`Only objects whose key ends with ${SETTINGS_KEY_SUFFIX} carry managed settings`);
  }
  const content = props.content;
  if (typeof content !== "string") {
    return { ok: false, error: "content must be the JSON text of the document (source files are not inspected)" };
  }
  let value: unknown;
  try {
    value = JSON.parse(content);
  } catch (e) {
    return { ok: false, error: `content is not valid JSON: ${(e as Error).message}` };
  }
  return isRecord(value) ? { ok: true, document: value } : { ok: false, error: "content is JSON but not an object" };
}

/** The `permissions` block, or an empty one. */
export function permissionsOf(document: SettingsDocument): Record<string, unknown> {
  return isRecord(document.permissions) ? document.permissions : {};
}

/** A rule list (`allow`, `ask`, `deny`) as strings; non-strings are left out. */
export function rulesOf(document: SettingsDocument, list: "allow" | "ask" | "deny"): string[] {
  const rules = permissionsOf(document)[list];
  return Array.isArray(rules) ? rules.filter((r): r is string => typeof r === "string") : [];
}

/** The `env` block with values as the client sees them (coerced to strings). */
export function envOf(document: SettingsDocument): Record<string, string> {
  if (!isRecord(document.env)) {
    return {};
  }
  return Object.fromEntries(
    Object.entries(document.env).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
  );
}
