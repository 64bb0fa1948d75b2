/**
 * What the pinned client really emits (reference claude-code-settings.md §7.4/§7.5, seen in the
 * 2.1.329 binary) and the names the pipeline gives things. Dashboards, filters and queries may only
 * name signals listed here; a test holds them to it.
 */

/** OTLP metrics the client sends. */
export const CLIENT_METRICS = [
  "claude_code.active_time.total",
  "claude_code.code_edit_tool.decision",
  "claude_code.commit.count",
  "claude_code.cost.usage",
  "claude_code.lines_of_code.count",
  "claude_code.pull_request.count",
  "claude_code.session.count",
  "claude_code.token.usage",
] as const;

/** Log-record bodies the client sends (`claude_code.<event>`). */
export const CLIENT_EVENTS = [
  "claude_code.api_error",
  "claude_code.api_request",
  "claude_code.managed_settings_resolved",
  "claude_code.permission_mode_changed",
  "claude_code.tool_decision",
  "claude_code.tool_result",
  "claude_code.user_prompt",
] as const;

export type ClientMetric = (typeof CLIENT_METRICS)[number];
export type ClientEvent = (typeof CLIENT_EVENTS)[number];

/**
 * Resource attributes the settings compiler stamps (components/settings/telemetry.ts). The collector
 * replaces the profile with the one of the verified token's audience.
 */
export const PROFILE_ATTRIBUTE = "claude_code_rollout.profile";
/** Resource attribute the collector stamps: the verified token's audience, a profile app's client id. */
export const AUDIENCE_ATTRIBUTE = "claude_code_rollout.audience";
export const POLICY_HASH_ATTRIBUTE = "claude_code_rollout.policy_hash";
/** Event attribute of managed_settings_resolved: the hash of the policy the client resolved. */
export const RESOLVED_SHA256_ATTRIBUTE = "managed_settings.resolved_sha256";
/** Event attribute of managed_settings_resolved: `startup`, `change`, or `refused` (the client would not start; no hash). */
export const POLICY_TRIGGER_ATTRIBUTE = "managed_settings.trigger";

/**
 * CloudWatch filter patterns cannot address JSON keys that contain dots, so the collector copies
 * the dotted attributes the alarms need to these flat keys (see collector-config.ts).
 */
export const FLAT_KEYS = {
  profile: "rollout_profile",
  policyHash: "rollout_policy_hash",
  resolvedSha256: "resolved_sha256",
} as const;

/**
 * Resource attribute the collector stamps: the verified token's `roles` claim (an array of strings).
 * A user token holds ClaudeCode.Group.<membership key> for each group assigned to the profile app
 * that the user is in (rollout-status maps it back to the stack's group and ring; group-roles.ts),
 * and ClaudeCode.User when the user is in the profile's own group; a machine client's holds
 * ClaudeCode.Automation.
 */
export const GROUPS_ATTRIBUTE = "claude_code_rollout.groups";
/**
 * Log attribute the collector stamps: the `user.id` the client sent — its own anonymous install id —
 * kept before `user.id` becomes the verified user. Client-reported: it tells one user's devices apart.
 */
export const INSTALL_ID_ATTRIBUTE = "claude_code_rollout.install_id";

/** Log attribute the collector stamps on policy events: expected / drift / refused / unknown_profile (policy-status.ts). */
export const POLICY_STATUS_KEY = "rollout_policy_status";
/** Dimension of the per-profile drift metric; its values are the shipped profiles only. */
export const AUDIT_PROFILE_DIMENSION = "profile";

/** Identity attributes the collector owns: whatever a client sends under these keys is dropped. */
export const IDENTITY_ATTRIBUTES = {
  /** Entra object id of the token's user: immutable, never reassigned. */
  userId: "user.id",
  endUserId: "enduser.id",
  /** The token's preferred_username (the UPN) — readable, but an account can be renamed. */
  email: "user.email",
  /** Says the identity above was verified by the collector, not reported by the client. */
  source: "identity.source",
} as const;
/** Client-reported identity keys that would contradict the verified identity. */
export const CLIENT_IDENTITY_KEYS = [...Object.values(IDENTITY_ATTRIBUTES), "user.groups"] as const;
export const IDENTITY_SOURCE = "entra-oidc-collector";

/** Namespace of the EMF metrics (client metrics) and the metric-filter metrics (audit signals). */
export const METRIC_NAMESPACE = "ClaudeCode";
export const AUDIT_NAMESPACE = "ClaudeCode/Audit";

/** Log streams the collector writes in the audit log group. */
export const EVENTS_STREAM = "events";
export const METRICS_STREAM = "metrics/{TaskId}";

/** Ports inside the task. */
export const OTLP_HTTP_PORT = 4318;
export const HEALTH_PORT = 13133;

/** The Firehose delivery role's name: fixed, so operators and reviewers can find it by name. */
export function firehoseRoleName(environment: string): string {
  return `claude-code-${environment}-telemetry-firehose`;
}

/** The fixed names the pipeline gives its resources (auto-named ones aside), known from the stack name alone. */
export interface TelemetryNames {
  /** KMS-encrypted log group the collector writes audit records to. */
  readonly auditLogGroup: string;
  /** The collector's own logs. */
  readonly collectorLogGroup: string;
  readonly keyAlias: string;
  readonly dashboard: string;
  /** ECS task family of the collector. */
  readonly taskFamily: string;
  readonly firehoseRole: string;
  /** Prefix of every alarm's and saved query's name. */
  readonly alarmPrefix: string;
  readonly queryPrefix: string;
}

export function telemetryNames(environment: string): TelemetryNames {
  const auditLogGroup = `/claude-code-rollout/${environment}/audit`;
  return {
    auditLogGroup,
    collectorLogGroup: `/claude-code-rollout/${environment}/collector`,
    keyAlias: `alias/${auditLogGroup.replace(/^\//, "").replace(/\//g, "-")}`,
    dashboard: `claude-code-rollout-${environment}`,
    taskFamily: `claude-code-rollout-${environment}-collector`,
    firehoseRole: firehoseRoleName(environment),
    alarmPrefix: `claude-code-rollout-${environment}-`,
    queryPrefix: `claude-code-rollout/${environment}/`,
  };
}
