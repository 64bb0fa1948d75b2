import type { PolicyResource } from "@pulumi/policy";
import { readKnown } from "./values";

/**
 * True when `dependent.props[property]` refers to `target`. Works in three settings:
 * - real preview: values may be unknown, but the engine records `propertyDependencies`;
 * - real update: values are outputs (`bucket` = the bucket's name/id, or an ARN);
 * - offline synth: inputs carry the mock runtime's id (`<logical name>-id`), which the offline
 *   evaluator puts in `props.id` as the engine does for outputs.
 */
function refersTo(dependent: PolicyResource, property: string, target: PolicyResource): boolean {
  if ((dependent.propertyDependencies[property] ?? []).some((r) => r.urn === target.urn)) {
    return true;
  }
  const value = readKnown(() => dependent.props[property]);
  return typeof value === "string" && identifiersOf(target).has(stripArn(value));
}

/** The resources of one of `types` whose `property` refers to `target`. */
export function dependentsOf(
  resources: PolicyResource[],
  types: readonly string[],
  property: string,
  target: PolicyResource,
) {
  return resources.filter((r) => types.includes(r.type) && refersTo(r, property, target));
}

/** Every known way other resources may name `resource`: its id, name-like outputs and ARN. */
function identifiersOf(resource: PolicyResource): Set<string> {
  const ids = new Set<string>();
  for (const key of ["id", "bucket", "name", "arn"]) {
    const value = readKnown(() => resource.props[key]);
    if (typeof value === "string" && value !== "") {
      ids.add(stripArn(value));
    }
  }
  return ids;
}

/** `arn:aws:s3:::name` → `name`; other ARNs and plain ids stay as they are. */
function stripArn(value: string): string {
  const s3 = /^arn:aws[a-z-]*:s3:::([^/]+)$/.exec(value);
  return s3 ? s3[1] : value;
}
