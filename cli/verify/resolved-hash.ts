// The client's `managed_settings.resolved_sha256`, computed offline. Pure.
//
// Read from the 2.1.329 bundle and confirmed against the client's own events (see README, verify):
//   resolved_sha256 = sha256hex(JSON.stringify(sortKeysDeep(policySettings)))
// where policySettings is the policy the client resolved: for a document the client accepts whole
// (valid fields, rules and entries, string env values) that is exactly the parsed document. Arrays
// keep their order; only object keys are sorted. A client that drops or coerces anything reports
// a different hash, so equality also proves the document was taken in full.
import { createHash } from "node:crypto";

export function resolvedSha256(settings: unknown): string {
  return createHash("sha256").update(JSON.stringify(sortKeysDeep(settings))).digest("hex");
}

/** Deterministic document bytes as the compiler writes them: sorted keys, 2-space indent, LF. */
export function canonicalJson(value: unknown): string {
  return `${JSON.stringify(sortKeysDeep(value), null, 2)}\n`;
}

function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value !== null && typeof value === "object") {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) sorted[key] = sortKeysDeep((value as Record<string, unknown>)[key]);
    return sorted;
  }
  return value;
}
