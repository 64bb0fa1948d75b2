// One `claude_code.managed_settings_resolved` record as the collector stored it, reduced to what
// fleet conformance needs. Only what the collector stamps identifies a device: the verified user
// (`user.id`), the install id it kept, and the resource's profile and token roles. The client's own
// copies of those keys (it repeats OTEL_RESOURCE_ATTRIBUTES on every log record) are never read.
import {
  GROUPS_ATTRIBUTE,
  IDENTITY_ATTRIBUTES,
  IDENTITY_SOURCE,
  INSTALL_ID_ATTRIBUTE,
  PROFILE_ATTRIBUTE,
  RESOLVED_SHA256_ATTRIBUTE,
} from "../../components/plan/audit/names";
import { POLICY_EVENT } from "../../components/plan/audit/policy-status";

/** Event attributes of managed_settings_resolved, as the pinned client sends them (test/fixtures/otlp). */
const TRIGGER_ATTRIBUTE = "managed_settings.trigger";
const ERROR_TYPE_ATTRIBUTE = "error.type";
const SEQUENCE_ATTRIBUTE = "event.sequence";
const EVENT_TIMESTAMP_ATTRIBUTE = "event.timestamp";

/** A log record with plain attribute values (strings, numbers, booleans, arrays), whatever store it came from. */
export interface StoredRecord {
  readonly body: unknown;
  readonly attributes: Readonly<Record<string, unknown>>;
  readonly resource: Readonly<Record<string, unknown>>;
  /** When the record was made (ms since the epoch), if the store says. */
  readonly timeMs: number | undefined;
}

export interface PolicyEvent {
  /** (verified user, install id): one device; the install id alone is anonymous and forgeable. */
  readonly device: string;
  readonly userId: string;
  readonly installId: string | undefined;
  /** Server-stamped from the token's audience; undefined when the record carries no stamp. */
  readonly profile: string | undefined;
  /** The token's app roles (ClaudeCode.Group.<key> per assigned group of the user, ClaudeCode.Automation, …). */
  readonly roles: readonly string[];
  /** `startup`, `change`, or `refused` (the client would not start under the policy). */
  readonly trigger: string;
  readonly resolvedSha256: string | undefined;
  /** Why the client refused (`helper_failed`, `version_below_minimum`, …). */
  readonly errorType: string | undefined;
  readonly timeMs: number;
  readonly sequence: number;
}

/** A policy event, `skipped` with the reason when it cannot be attributed, or undefined for any other record. */
export type PolicyEventOrSkip = { readonly event: PolicyEvent } | { readonly skipped: string } | undefined;

export function policyEventOf(record: StoredRecord): PolicyEventOrSkip {
  if (record.body !== POLICY_EVENT) return undefined;
  // The collector drops any identity.source a client sends and stamps its own: without it, nothing
  // in the record (user, profile, groups) was verified.
  if (record.attributes[IDENTITY_ATTRIBUTES.source] !== IDENTITY_SOURCE)
    return { skipped: `not through the collector (no ${IDENTITY_ATTRIBUTES.source}=${IDENTITY_SOURCE})` };
  const userId = text(record.attributes[IDENTITY_ATTRIBUTES.userId]);
  if (userId === undefined) return { skipped: `no ${IDENTITY_ATTRIBUTES.userId}` };
  const timeMs = record.timeMs ?? isoTimeMs(record.attributes[EVENT_TIMESTAMP_ATTRIBUTE]);
  if (!Number.isFinite(timeMs)) return { skipped: "no timestamp" };
  const installId = text(record.attributes[INSTALL_ID_ATTRIBUTE]);
  const errorType = text(record.attributes[ERROR_TYPE_ATTRIBUTE]);
  const trigger = text(record.attributes[TRIGGER_ATTRIBUTE]) ?? "";
  return {
    event: {
      // Both parts can hold spaces (the install id is the client's): joined as JSON, no two devices share a key.
      device: JSON.stringify([userId, installId ?? null]),
      userId,
      installId,
      profile: text(record.resource[PROFILE_ATTRIBUTE]),
      roles: roles(record.resource[GROUPS_ATTRIBUTE]),
      trigger: trigger === "" && errorType !== undefined ? "refused" : trigger,
      resolvedSha256: text(record.attributes[RESOLVED_SHA256_ATTRIBUTE])?.toLowerCase(),
      errorType,
      timeMs,
      sequence: Number(record.attributes[SEQUENCE_ATTRIBUTE] ?? 0) || 0,
    },
  };
}

/**
 * The roles claim as stamped: an OTLP array of strings, or one joined string (`,`, or `;` as the
 * collector's oidc extension joins it before splitting). Role values hold neither; case is kept.
 */
function roles(value: unknown): string[] {
  const items = Array.isArray(value) ? value : typeof value === "string" ? value.split(/[,;]/) : [];
  const values = items.flatMap((item) => (typeof item === "string" && item.trim() !== "" ? [item.trim()] : []));
  return [...new Set(values)].sort();
}

/**
 * The client's event.timestamp (`2026-12-01T08:00:00.000Z`): only an ISO-8601 time with its zone, since
 * Date.parse reads other shapes in the machine's local time, and the count must not depend on it.
 */
function isoTimeMs(value: unknown): number {
  if (
    typeof value !== "string" ||
    !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(value)
  )
    return Number.NaN;
  return Date.parse(value);
}

function text(value: unknown): string | undefined {
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return typeof value === "string" && value !== "" ? value : undefined;
}
