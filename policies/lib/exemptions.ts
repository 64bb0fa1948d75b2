import type { PolicyConfigJSONSchema } from "@pulumi/policy/schema";
import { isRecord } from "../../components/config/json";
import { matchesGlob } from "./glob";

/**
 * Exemptions live in each policy's own config (`"<policy>": { "exemptions": [...] }`): CrossGuard's
 * `getConfig()` only exposes a policy's own entry, so a pack-wide list would be invisible to the
 * policies in a real preview. The same entries drive the real pack and the offline evaluator.
 */
export interface Exemption {
  /** Optional; when given it must name the policy whose config holds the entry. */
  readonly policy?: string;
  /** URN or logical name of the exempted resource; `*` and `?` are globs. */
  readonly resource: string;
  /** Why the violation is acceptable; required. */
  readonly reason: string;
  /** Last day (UTC, `YYYY-MM-DD`) the exemption applies; required. */
  readonly expires: string;
}

export type ExemptionState =
  | { readonly state: "active"; readonly exemption: Exemption }
  | { readonly state: "expired"; readonly exemption: Exemption }
  | { readonly state: "invalid"; readonly problems: readonly string[]; readonly raw: unknown };

/** What happened to a violation that matched an exemption; the offline report lists these. */
export interface ExemptionEvent {
  readonly kind: "applied" | "expired" | "invalid";
  readonly policy: string;
  readonly resource: string;
  readonly message: string;
  readonly exemption: Partial<Exemption>;
}

/** The `exemptions` property added to every policy's configSchema; the CLI rejects bad entries. */
export const exemptionsSchema: PolicyConfigJSONSchema = {
  type: "array",
  description: "Resources this policy does not apply to, each with a reason and a last valid day.",
  default: [],
  items: {
    type: "object",
    required: ["resource", "reason", "expires"],
    additionalProperties: false,
    properties: {
      policy: { type: "string", description: "The policy name (optional; must match)." },
      resource: { type: "string", minLength: 1, description: "URN or logical name; * and ? are globs." },
      reason: { type: "string", pattern: "\\S", description: "Why the violation is acceptable." },
      expires: { type: "string", pattern: "^\\d{4}-\\d{2}-\\d{2}$", description: "Last valid day, YYYY-MM-DD (UTC)." },
    },
  },
};

/** Classifies one configured entry for `policyName` on `today`. */
export function classifyExemption(policyName: string, raw: unknown, today: Date): ExemptionState {
  const problems = exemptionProblems(policyName, raw);
  if (problems.length > 0) {
    return { state: "invalid", problems, raw };
  }
  const exemption = raw as Exemption;
  return exemption.expires < utcDay(today) ? { state: "expired", exemption } : { state: "active", exemption };
}

/** Why an entry is unusable, each problem naming the field and the fix; empty when valid. */
export function exemptionProblems(policyName: string, raw: unknown): string[] {
  if (!isRecord(raw)) {
    return ["must be an object { resource, reason, expires }"];
  }
  const entry = raw;
  const problems: string[] = [];
  if (typeof entry.resource !== "string" || entry.resource.trim() === "") {
    problems.push("resource: required — the URN or logical name (globs allowed) of the exempted resource");
  }
  if (typeof entry.reason !== "string" || entry.reason.trim() === "") {
    problems.push("reason: required — say why the violation is acceptable");
  }
  if (entry.expires === undefined) {
    problems.push("expires: required — the last day the exemption applies, YYYY-MM-DD");
  } else if (typeof entry.expires !== "string" || !isCalendarDay(entry.expires)) {
    problems.push(`expires: ${JSON.stringify(entry.expires)} is not a calendar day — use YYYY-MM-DD`);
  }
  if (entry.policy !== undefined && entry.policy !== policyName) {
    problems.push(
      `policy: ${JSON.stringify(entry.policy)} does not match "${policyName}" — move the entry under that policy or fix the name`,
    );
  }
  return problems;
}

/** True when `pattern` (globs `*`, `?`) matches the resource's URN or logical name. */
export function exemptionMatches(pattern: string, resource: { urn: string; name?: string }): boolean {
  return matchesGlob(pattern, resource.urn) || (resource.name !== undefined && matchesGlob(pattern, resource.name));
}

/** Milliseconds in a day: the unit of every lifetime and expiry the policies compare. */
export const DAY_MS = 24 * 60 * 60 * 1000;

/** The UTC calendar day of `date` as `YYYY-MM-DD`. */
export function utcDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function isCalendarDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    return false;
  }
  const parsed = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(parsed.getTime()) && utcDay(parsed) === value;
}
