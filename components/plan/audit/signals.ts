import {
  AUDIT_PROFILE_DIMENSION,
  FLAT_KEYS,
  GROUPS_ATTRIBUTE,
  IDENTITY_ATTRIBUTES,
  INSTALL_ID_ATTRIBUTE,
  POLICY_HASH_ATTRIBUTE,
  POLICY_STATUS_KEY,
  PROFILE_ATTRIBUTE,
} from "./names";
import { POLICY_EVENT, POLICY_STATUS } from "./policy-status";

/**
 * Audit signals over the records the `awscloudwatchlogs` exporter writes — one JSON document per
 * client event: `{"body": "claude_code.<event>", "attributes": {...}, "resource": {...}, "scope": {...}}`.
 * Filter patterns only address keys without dots, hence the collector's flat copies (FLAT_KEYS).
 */

export interface MetricFilterSpec {
  /** Stable key: names the Pulumi resources. */
  readonly key: string;
  readonly pattern: string;
  readonly metricName: string;
  /** Dimension name → JSON selector of its value in the record. */
  readonly dimensions?: Readonly<Record<string, string>>;
}

export interface AlarmSpec {
  readonly key: string;
  readonly metricName: string;
  readonly description: string;
  readonly threshold: number;
  readonly periodSeconds: number;
}

export interface AlarmThresholds {
  readonly rejectedDecisions: number;
  readonly bypassModeChanges: number;
  readonly policyDrift: number;
}

export const METRICS = {
  rejectedDecisions: "RejectedToolDecisions",
  bypassModeChanges: "BypassModeChanges",
  policyDrift: "UnshippedPolicySessions",
  unknownProfiles: "UnknownProfileSessions",
} as const;

/** CloudWatch Logs quotas the generated filters must fit. */
const CLOUDWATCH_LIMITS = { patternLength: 1024, metricFiltersPerLogGroup: 100 } as const;

/**
 * A constant set of filters, whatever the number of profiles: the collector stamps each policy
 * event's verdict (policy-status.ts), so a filter matches one value instead of listing profiles.
 */
export function metricFilterSpecs(): MetricFilterSpec[] {
  const policyEvent = `$.body = "${POLICY_EVENT}"`;
  const status = (value: string) => `$.attributes.${POLICY_STATUS_KEY} = "${value}"`;
  return [
    {
      key: "rejected-decisions",
      pattern: `{ $.body = "claude_code.tool_decision" && $.attributes.decision = "reject" }`,
      metricName: METRICS.rejectedDecisions,
    },
    {
      key: "bypass-mode",
      pattern: `{ $.body = "claude_code.permission_mode_changed" && $.attributes.to_mode = "bypassPermissions" }`,
      metricName: METRICS.bypassModeChanges,
    },
    {
      // The alarm's metric: every session not running what was shipped to it, unknown profiles included.
      key: "policy-drift",
      pattern: `{ ${policyEvent} && (${status(POLICY_STATUS.drift)} || ${status(POLICY_STATUS.unknownProfile)}) }`,
      metricName: METRICS.policyDrift,
    },
    {
      // Per profile: the collector stamps `drift` only for shipped profiles, so the dimension's values are bounded.
      key: "policy-drift-by-profile",
      pattern: `{ ${policyEvent} && ${status(POLICY_STATUS.drift)} }`,
      metricName: METRICS.policyDrift,
      dimensions: { [AUDIT_PROFILE_DIMENSION]: `$.resource.${FLAT_KEYS.profile}` },
    },
    {
      // No profile dimension: the value is client-supplied, and unbounded dimension values get a filter disabled.
      key: "unknown-profile",
      pattern: `{ ${policyEvent} && ${status(POLICY_STATUS.unknownProfile)} }`,
      metricName: METRICS.unknownProfiles,
    },
  ];
}

/** Throws, naming what to change, if the filters would not fit CloudWatch's quotas (before anything registers). */
export function validateMetricFilters(specs: readonly MetricFilterSpec[]): void {
  for (const spec of specs) {
    if (spec.pattern.length > CLOUDWATCH_LIMITS.patternLength) {
      throw new Error(
        `metric filter ${spec.key}: pattern is ${spec.pattern.length} characters, CloudWatch allows ${CLOUDWATCH_LIMITS.patternLength} — shorten it in components/plan/audit/signals.ts (match a value the collector stamps instead of listing values)`,
      );
    }
  }
  if (specs.length > CLOUDWATCH_LIMITS.metricFiltersPerLogGroup) {
    throw new Error(
      `${specs.length} metric filters on the audit log group, CloudWatch allows ${CLOUDWATCH_LIMITS.metricFiltersPerLogGroup} — combine filters in components/plan/audit/signals.ts (one filter with a dimension instead of one per value)`,
    );
  }
}

export function alarmSpecs(thresholds: AlarmThresholds): AlarmSpec[] {
  return [
    {
      key: "rejected-decisions",
      metricName: METRICS.rejectedDecisions,
      description: `More than ${thresholds.rejectedDecisions - 1} tool calls rejected in 5 minutes: someone may be probing the deny rules. Run the "denied commands" saved query.`,
      threshold: thresholds.rejectedDecisions,
      periodSeconds: 300,
    },
    {
      key: "bypass-mode",
      metricName: METRICS.bypassModeChanges,
      description:
        "A session switched to bypassPermissions although every profile disables it: the device is not running the shipped policy.",
      threshold: thresholds.bypassModeChanges,
      periodSeconds: 300,
    },
    {
      key: "policy-drift",
      metricName: METRICS.policyDrift,
      description: `A session runs a policy no ring runs for its profile (edited or shadowed managed settings, or older than every pinned release), or names a profile this stack does not have; a device of a ring still on an older release does not count, nor a client that refused to start (rollout-status counts those). Per profile: ${METRICS.policyDrift} by ${AUDIT_PROFILE_DIMENSION}; unknown profiles: ${METRICS.unknownProfiles}. Run the "policy drift" saved query.`,
      threshold: thresholds.policyDrift,
      periodSeconds: 900,
    },
  ];
}

/** A Logs Insights query saved as a query definition. */
export interface SavedQuery {
  readonly title: string;
  readonly query: string;
}

/** Logs Insights queries an investigator starts from (saved as query definitions). */
export function savedQueries(): Record<string, SavedQuery> {
  return {
    "user-activity": {
      title: "Everything one user did (set the time range; replace the UPN)",
      query: [
        "fields @timestamp, body, resource.claude_code_rollout.profile, attributes.session.id, attributes.tool_name, attributes.decision, attributes.tool_parameters",
        `| filter attributes.${IDENTITY_ATTRIBUTES.email} = "someone@example.com"`,
        "| sort @timestamp asc",
      ].join("\n"),
    },
    "denied-commands": {
      title: "Every denied or rejected tool call, with who and what",
      query: [
        `fields @timestamp, attributes.${IDENTITY_ATTRIBUTES.email}, resource.${PROFILE_ATTRIBUTE}, attributes.tool_name, attributes.source, attributes.tool_parameters`,
        `| filter body = "claude_code.tool_decision" and attributes.decision = "reject"`,
        "| sort @timestamp desc",
      ].join("\n"),
    },
    "policy-drift": {
      // A device is a user's install (install id): each row is one device on one hash.
      title: "Devices and the policy they resolved, per profile",
      query: [
        `fields @timestamp, attributes.${IDENTITY_ATTRIBUTES.email}, attributes.${INSTALL_ID_ATTRIBUTE}, resource.${PROFILE_ATTRIBUTE}, resource.${GROUPS_ATTRIBUTE}, resource.${POLICY_HASH_ATTRIBUTE}, attributes.${FLAT_KEYS.resolvedSha256}, attributes.${POLICY_STATUS_KEY}`,
        `| filter body = "${POLICY_EVENT}"`,
        `| stats count(*) as sessions, latest(@timestamp) as last_seen by attributes.${POLICY_STATUS_KEY}, attributes.${IDENTITY_ATTRIBUTES.email}, resource.${PROFILE_ATTRIBUTE}, attributes.${FLAT_KEYS.resolvedSha256}, attributes.${INSTALL_ID_ATTRIBUTE}`,
      ].join("\n"),
    },
  };
}
