import { createHash } from "crypto";

/**
 * Canonical JSON: keys sorted at every depth, two-space indent, LF, trailing newline. The same
 * document always renders to the same bytes, so hashes and diffs mean something.
 */
export function renderCanonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value), null, 2) + "\n";
}

/**
 * The client's own `managed_settings.resolved_sha256` (read from the 2.1.329 bundle, confirmed by
 * `npm run verify`): compact JSON with keys sorted at every depth, arrays in order. It covers the
 * policy the client kept, so a device reporting this value took the document whole.
 */
export function resolvedSha256(settings: unknown): string {
  return sha256Hex(JSON.stringify(sortKeys(settings)));
}

export function sha256Hex(text: string): string {
  return createHash("sha256").update(text, "utf8").digest("hex");
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
    );
  }
  return value;
}
