// Reading untyped JSON (parsed files, recorded inputs, published documents): which values are plain objects.

/** A plain object: not null, not an array. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The value when it is a plain object, else an empty one (older or partial inputs read as "nothing set"). */
export function asRecord(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

/**
 * `table[key]` only when the table itself defines `key`: stack-file text such as "constructor" or
 * "__proto__" must not reach Object.prototype through a lookup table.
 */
export function ownValue<V>(table: Readonly<Record<string, V>>, key: string): V | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}
