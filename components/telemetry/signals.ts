import { FLAT_KEYS, IDENTITY_ATTRIBUTES, POLICY_HASH_ATTRIBUTE, PROFILE_ATTRIBUTE } from "./names";

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

/** Which policies a session may run: per profile, the hashes its shipped documents resolve to. */
export interface PolicyExpectation {
  /** Profile → policy hash stamped into its documents (claude_code_rollout.policy_hash). */
  readonly policyHashes: Readonly<Record<string, string>>;
  /** Profile → resolved_sha256 values the client reports for the shipped documents (from `npm run verify`). */
  readonly resolvedSha256?: Readonly<Record<string, string | readonly string[]>>;
}

export const METRICS = {
  rejectedDecisions: "RejectedToolDecisions",
  bypassModeChanges: "BypassModeChanges",
  policyDrift: "UnshippedPolicySessions",
} as const;

/** CloudWatch's limit on one filter pattern. */
const MAX_PATTERN_LENGTH = 1024;

export function metricFilterSpecs(expectation: PolicyExpectation): MetricFilterSpec[] {
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
    ...driftFilters(expectation),
  ].map(checkedLength);
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
      description: "A session switched to bypassPermissions although every profile disables it: the device is not running the shipped policy.",
      threshold: thresholds.bypassModeChanges,
      periodSeconds: 300,
    },
    {
      key: "policy-drift",
      metricName: METRICS.policyDrift,
      description: "A session runs a policy that was not shipped to its profile (edited, stale or shadowed managed settings). Run the \"policy drift\" saved query.",
      threshold: thresholds.policyDrift,
      periodSeconds: 900,
    },
  ];
}

/** Logs Insights queries an investigator starts from (saved as query definitions). */
export function savedQueries(): Record<string, { readonly title: string; readonly query: string }> {
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
      title: "Sessions and the policy they resolved, per profile",
      query: [
        `fields @timestamp, attributes.${IDENTITY_ATTRIBUTES.email}, resource.${PROFILE_ATTRIBUTE}, resource.${POLICY_HASH_ATTRIBUTE}, attributes.${FLAT_KEYS.resolvedSha256}`,
        `| filter body = "claude_code.managed_settings_resolved"`,
        `| stats count(*) as sessions, latest(@timestamp) as last_seen by attributes.${IDENTITY_ATTRIBUTES.email}, resource.${PROFILE_ATTRIBUTE}, attributes.${FLAT_KEYS.resolvedSha256}`,
      ].join("\n"),
    },
  };
}

/**
 * Sessions whose policy is not what their profile shipped: per profile, the resolved hash the client
 * reports (when `npm run verify` recorded it) or else the policy hash stamped into the document;
 * plus sessions naming a profile this stack does not ship.
 */
function driftFilters(expectation: PolicyExpectation): MetricFilterSpec[] {
  const event = `$.body = "claude_code.managed_settings_resolved"`;
  const profiles = Object.keys(expectation.policyHashes).sort();
  const resolved = expectation.resolvedSha256 ?? {};
  for (const profile of Object.keys(resolved)) {
    if (!profiles.includes(profile)) throw new Error(`expectedResolvedSha256.${profile}: no such profile — re-run \`npm run verify\` for this stack`);
  }
  const perProfile = profiles.map((profile) => {
    const mismatch = resolved[profile] === undefined
      ? `$.resource.${FLAT_KEYS.policyHash} != "${expectation.policyHashes[profile]}"`
      : [...new Set([resolved[profile]].flat())].sort().map((sha) => `$.attributes.${FLAT_KEYS.resolvedSha256} != "${sha}"`).join(" && ");
    return { key: `drift-${profile}`, pattern: `{ ${event} && $.resource.${FLAT_KEYS.profile} = "${profile}" && ${mismatch} }`, metricName: METRICS.policyDrift };
  });
  const unknownProfile = profiles.map((p) => `$.resource.${FLAT_KEYS.profile} != "${p}"`).join(" && ");
  return [...perProfile, { key: "drift-unknown-profile", pattern: `{ ${event} && ${unknownProfile} }`, metricName: METRICS.policyDrift }];
}

function checkedLength(spec: MetricFilterSpec): MetricFilterSpec {
  if (spec.pattern.length > MAX_PATTERN_LENGTH) {
    throw new Error(`metric filter ${spec.key}: pattern is ${spec.pattern.length} characters, CloudWatch allows ${MAX_PATTERN_LENGTH} — use fewer profiles or accepted hashes`);
  }
  return spec;
}
