// Small value helpers shared by the comparisons: canonical JSON, equality, list differences.
import { compareCodePoints as compareText } from "../../components/config/text";
import { compactCanonicalJson as canonicalJson } from "../../components/settings/render";

/** One order for every output: by code point, whatever the locale. */
export { canonicalJson, compareText };

export function sameValue(a: unknown, b: unknown): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

/** Items of `after` missing from `before` (added) and the reverse (removed), sorted, by canonical JSON. */
export function listDifference<T>(before: readonly T[], after: readonly T[]): { added: T[]; removed: T[] } {
  const beforeKeys = new Set(before.map(canonicalJson));
  const afterKeys = new Set(after.map(canonicalJson));
  const added = uniqueSorted(after.filter((item) => !beforeKeys.has(canonicalJson(item))));
  const removed = uniqueSorted(before.filter((item) => !afterKeys.has(canonicalJson(item))));
  return { added, removed };
}

/** An array of strings, or [] when the value is anything else (older or partial outputs). */
export function stringList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === "string") : [];
}

// The core's reader, here beside the diff's other value helpers.
export { asRecord } from "../../components/config/json";

/** Hash prefix shown in a review: enough to tell releases and published documents apart. */
const SHORT_HASH = 12;

export function shortHash(hash: string): string {
  return hash.slice(0, SHORT_HASH);
}

/** Compact text for a value in a message: strings bare, everything else as canonical JSON. */
export function describeValue(value: unknown): string {
  if (value === undefined || value === null) return "unset";
  return typeof value === "string" ? value : canonicalJson(value);
}

function uniqueSorted<T>(items: T[]): T[] {
  const byKey = new Map(items.map((item) => [canonicalJson(item), item] as const));
  return [...byKey.keys()].sort(compareText).map((key) => byKey.get(key) as T);
}
