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
  return sha256Hex(compactCanonicalJson(settings));
}

/** Canonical JSON on one line: equal values give equal strings, whatever their key order. */
export function compactCanonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

/**
 * A profile's policy hash: the POSIX document without its own stamp, and the managed MCP servers it
 * ships (their addresses are not in the settings), so a release record cannot repoint a server
 * and keep its hash. A profile without managed servers hashes its document alone.
 */
export function policyHashOf(unstampedPosix: unknown, managedMcp: unknown): string {
  return sha256Hex(
    renderCanonicalJson(managedMcp === undefined ? unstampedPosix : { managedMcp, settings: unstampedPosix }),
  );
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

/**
 * A UUID that is the same for the same seed on every run and machine (RFC 9562 version 8, bits from
 * sha256): ids that name things — app roles, scopes, profile payloads — must never be random.
 */
export function stableUuid(seed: string): string {
  const hex = sha256Hex(seed).slice(0, 32).split("");
  hex[12] = "8";
  hex[16] = ((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16);
  const h = hex.join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
