import { UnknownValueError } from "@pulumi/policy";
import { isRecord } from "../../components/config/json";

// The core's plain-object check, here beside the other readers of resource props the rules use.
export { isRecord };

/**
 * During `pulumi preview` values computed by other resources are unknown and reading them throws
 * `UnknownValueError`. Presence checks treat an unknown value as "will be set"; matching treats it
 * as "no value to compare" (and falls back to property dependencies).
 */
export function readKnown<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (e) {
    if (e instanceof UnknownValueError) {
      return undefined;
    }
    throw e;
  }
}

/** True when the value is a non-empty string/array/object or is unknown until apply. */
export function isPresent(read: () => unknown): boolean {
  try {
    const value = read();
    if (typeof value === "string") {
      return value.trim() !== "";
    }
    if (Array.isArray(value)) {
      return value.length > 0;
    }
    return value !== undefined && value !== null;
  } catch (e) {
    if (e instanceof UnknownValueError) {
      return true;
    }
    throw e;
  }
}

/** True when the value passes `predicate` or is unknown until apply (judged again by `pulumi up`). */
export function satisfies(read: () => unknown, predicate: (value: unknown) => boolean): boolean {
  try {
    return predicate(read());
  } catch (e) {
    if (e instanceof UnknownValueError) {
      return true;
    }
    throw e;
  }
}

/** A value as a list: arrays as-is, a single value as a one-element list, absent as empty. */
export function asList(value: unknown): unknown[] {
  if (value === undefined || value === null) {
    return [];
  }
  return Array.isArray(value) ? value : [value];
}
