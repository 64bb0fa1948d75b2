import { stringify } from "yaml";
import { tenantIssuer } from "../names";
import {
  CLIENT_IDENTITY_KEYS,
  EVENTS_STREAM,
  FLAT_KEYS,
  GROUPS_ATTRIBUTE,
  HEALTH_PORT,
  IDENTITY_ATTRIBUTES,
  IDENTITY_SOURCE,
  INSTALL_ID_ATTRIBUTE,
  METRIC_NAMESPACE,
  METRICS_STREAM,
  OTLP_HTTP_PORT,
  AUDIENCE_ATTRIBUTE,
  POLICY_HASH_ATTRIBUTE,
  PROFILE_ATTRIBUTE,
  RESOLVED_SHA256_ATTRIBUTE,
} from "./names";
import { POLICY_EVENT, PolicyStatusStatements } from "./policy-status";

/**
 * The OpenTelemetry Collector (contrib distribution) configuration, generated from typed data.
 *
 * Every OTLP request must carry a v2 Entra access token for a profile's app; the `oidc`
 * authenticator verifies signature, issuer and expiry and puts the token's claims into the request
 * context. It takes one audience per issuer and every profile app shares the tenant's issuer, so
 * the audience is checked here instead: processors drop whatever identity, profile and groups the
 * client claimed, stamp the verified user and roles, map the token's audience to its profile
 * (server-stamped: a device cannot claim another profile) and drop every record whose audience is
 * no profile app's. So a record's user, groups and profile cannot be forged. The processors run
 * before `batch`, which would otherwise lose the per-request context. `transform/policy_status`
 * stamps each policy event's verdict against every release a ring pins (policy-status.ts), so the
 * alarms' filters stay constant.
 *
 * How the authenticator exposes the token (confirmed in opentelemetry-collector-contrib's
 * extension/oidcauthextension/{extension,authdata}.go and internal/coreinternal/attraction/attraction.go):
 * `auth.subject` is the `username_claim`; `auth.membership` is the `groups_claim` as a string list;
 * `auth.<claim>` is any other claim by name. `from_context` takes a string as is and joins a string
 * list with ";", but yields nothing for a JSON array claim, so the roles come through `groups_claim`
 * and transform/profile splits them back into an array. With `groups_claim` set, a token without
 * that claim fails authentication (getGroupsFromClaims: errGroupsClaimNotFound), so it names the
 * `roles` claim, which every token of a profile app has: assignment is required, a user gets the
 * role of each assigned group it is in (ClaudeCode.Group.<key>, group-roles.ts) or ClaudeCode.User,
 * and a machine client's app-only token ClaudeCode.Automation. A `groups` claim would lock machine
 * clients (CI, headless `claude -p`) out of the audit trail: app-only tokens have none.
 */

export interface CollectorConfigInput {
  /** Entra tenant (GUID); the issuer is its v2.0 endpoint. */
  readonly tenantId: string;
  /** Per profile, the client id of its app: the `aud` of the v2 access tokens its users send. */
  readonly audiences: Readonly<Record<string, string>>;
  readonly region: string;
  /** The audit log group (KMS-encrypted, retention set by the component). */
  readonly logGroupName: string;
  /** The verdict statements (policyStatusStatements of what each profile was shipped), computed once by the plan. */
  readonly policyStatus: PolicyStatusStatements;
}

export function buildCollectorConfig(input: CollectorConfigInput): Record<string, unknown> {
  const policyStatus = input.policyStatus;
  const profile = [{ statements: profileStatements(input.audiences) }];
  const processors = [
    "memory_limiter",
    "resource/identity",
    "attributes/identity",
    "transform/profile",
    "filter/audience",
    "resource/flatten",
  ];
  return {
    extensions: {
      health_check: { endpoint: `0.0.0.0:${HEALTH_PORT}` },
      oidc: {
        providers: [
          {
            // The v2.0 issuer, as IAM's OIDC provider names it: v1 tokens (`https://sts.windows.net/<tenant>/`) are rejected.
            issuer_url: tenantIssuer(input.tenantId),
            // One audience per issuer is all it takes; transform/profile and filter/audience check it.
            ignore_audience: true,
            // The object id: immutable and never reused, unlike a UPN.
            username_claim: "oid",
            // The token's app roles: per assigned group the user is in, its group role (rollout-status maps
            // it to the group's ring); ClaudeCode.Automation for a machine client. Never absent, unlike `groups`.
            groups_claim: "roles",
          },
        ],
      },
    },
    receivers: {
      otlp: {
        protocols: {
          http: { endpoint: `0.0.0.0:${OTLP_HTTP_PORT}`, auth: { authenticator: "oidc" } },
        },
      },
    },
    processors: {
      memory_limiter: { check_interval: "1s", limit_percentage: 80, spike_limit_percentage: 20 },
      "resource/identity": {
        attributes: [
          ...[...CLIENT_IDENTITY_KEYS, ...SERVER_STAMPED_KEYS].map((key) => ({ key, action: "delete" })),
          { key: AUDIENCE_ATTRIBUTE, action: "insert", from_context: "auth.aud" },
          // The roles joined with ";" (from_context joins a list): transform/profile makes them an array.
          { key: GROUPS_ATTRIBUTE, action: "insert", from_context: "auth.membership" },
        ],
      },
      "attributes/identity": { actions: identityActions() },
      // One list for both signals: the YAML names it once (an anchor), which keeps the config in its budget.
      "transform/profile": { error_mode: "ignore", log_statements: profile, metric_statements: profile },
      // A token of any other app of the tenant verifies too: without a profile app's audience nothing is kept.
      "filter/audience": {
        error_mode: "ignore",
        logs: { log_record: [UNKNOWN_AUDIENCE] },
        metrics: { metric: [UNKNOWN_AUDIENCE] },
      },
      "resource/flatten": {
        attributes: [
          ...flatten(FLAT_KEYS.profile, PROFILE_ATTRIBUTE),
          ...flatten(FLAT_KEYS.policyHash, POLICY_HASH_ATTRIBUTE),
        ],
      },
      "attributes/flatten": { actions: flatten(FLAT_KEYS.resolvedSha256, RESOLVED_SHA256_ATTRIBUTE) },
      "transform/policy_status": {
        error_mode: "ignore",
        log_statements: [
          { statements: policyStatus.all },
          { conditions: [`log.body == "${POLICY_EVENT}"`], statements: policyStatus.policyEvent },
        ],
      },
      batch: { send_batch_size: 512, timeout: "5s" },
    },
    exporters: {
      // One JSON document per record: {"body", "attributes", "resource", "scope", ...}.
      awscloudwatchlogs: { region: input.region, log_group_name: input.logGroupName, log_stream_name: EVENTS_STREAM },
      awsemf: {
        region: input.region,
        log_group_name: input.logGroupName,
        log_stream_name: METRICS_STREAM,
        namespace: METRIC_NAMESPACE,
        // Resource attributes (profile, policy hash) become labels, so they can be dimensions.
        resource_to_telemetry_conversion: { enabled: true },
        dimension_rollup_option: "NoDimensionRollup",
        metric_declarations: METRIC_DECLARATIONS,
      },
    },
    service: {
      extensions: ["health_check", "oidc"],
      pipelines: {
        logs: {
          receivers: ["otlp"],
          processors: [...processors, "attributes/flatten", "transform/policy_status", "batch"],
          exporters: ["awscloudwatchlogs"],
        },
        metrics: { receivers: ["otlp"], processors: [...processors, "batch"], exporters: ["awsemf"] },
      },
    },
  };
}

/** The configuration as the collector reads it (`--config=env:COLLECTOR_CONFIG`). */
export function renderCollectorConfig(input: CollectorConfigInput): string {
  return stringify(buildCollectorConfig(input), { sortMapEntries: true, lineWidth: 0 });
}

/**
 * Budget for the rendered configuration: it travels in the task definition, which ECS caps at
 * 64 KiB in all. It grows by about 540 bytes per profile with one release (two resolved hashes) and
 * 670 with two releases pinned (four): about 80 profiles fit, 65 while every profile has two releases.
 */
export const MAX_COLLECTOR_CONFIG_BYTES = 48 * 1024;

/**
 * Which metrics become CloudWatch metrics, with which dimensions. Only low-cardinality labels:
 * session and user ids stay in the EMF log records, queryable but not dimensions.
 */
const METRIC_DECLARATIONS = [
  {
    metric_name_selectors: ["^claude_code\\.session\\.count$"],
    dimensions: [[PROFILE_ATTRIBUTE], [POLICY_HASH_ATTRIBUTE]],
  },
  {
    metric_name_selectors: ["^claude_code\\.cost\\.usage$"],
    dimensions: [[PROFILE_ATTRIBUTE], [PROFILE_ATTRIBUTE, "model"]],
  },
  {
    metric_name_selectors: ["^claude_code\\.token\\.usage$"],
    dimensions: [[PROFILE_ATTRIBUTE], [PROFILE_ATTRIBUTE, "type"]],
  },
  {
    metric_name_selectors: ["^claude_code\\.active_time\\.total$", "^claude_code\\.lines_of_code\\.count$"],
    dimensions: [[PROFILE_ATTRIBUTE]],
  },
];

/**
 * The profile each verified audience stands for, on the resource (metric dimensions and record
 * attributes read it); and the verified token's roles as an array (role values hold no ";").
 */
function profileStatements(audiences: Readonly<Record<string, string>>): string[] {
  const groups = `resource.attributes["${GROUPS_ATTRIBUTE}"]`;
  return [
    ...Object.keys(audiences)
      .sort()
      .map(
        (profile) =>
          `set(resource.attributes["${PROFILE_ATTRIBUTE}"], ${ottlString(profile)}) where resource.attributes["${AUDIENCE_ATTRIBUTE}"] == ${ottlString(audiences[profile])}`,
      ),
    `set(${groups}, Split(${groups}, ";")) where ${groups} != nil`,
  ];
}

/** Set by transform/profile exactly when the token's audience is a profile app's. */
const UNKNOWN_AUDIENCE = `resource.attributes["${PROFILE_ATTRIBUTE}"] == nil`;

/** An OTTL string literal (profile names and client ids are plain, but the quoting must not depend on it). */
function ottlString(value: string): string {
  return JSON.stringify(value);
}

/**
 * Keys only the collector writes: a device must not claim a profile or groups, nor an install id
 * other than the `user.id` it sends. The client copies its resource attributes onto every record
 * too, so they are dropped at both levels and a record names only the verified ones.
 */
const SERVER_STAMPED_KEYS = [PROFILE_ATTRIBUTE, AUDIENCE_ATTRIBUTE, GROUPS_ATTRIBUTE, INSTALL_ID_ATTRIBUTE] as const;

/**
 * Drop what the client may not claim; keep its own `user.id` (its anonymous install id, which tells
 * one user's devices apart) as the install id; then replace the identity with the token's.
 */
function identityActions(): Record<string, unknown>[] {
  return [
    ...SERVER_STAMPED_KEYS.map((key) => ({ key, action: "delete" })),
    { key: INSTALL_ID_ATTRIBUTE, action: "insert", from_attribute: IDENTITY_ATTRIBUTES.userId },
    ...CLIENT_IDENTITY_KEYS.map((key) => ({ key, action: "delete" })),
    // `auth.subject` is the username_claim (oid); other claims are read by name from the token.
    { key: IDENTITY_ATTRIBUTES.userId, action: "insert", from_context: "auth.subject" },
    { key: IDENTITY_ATTRIBUTES.endUserId, action: "insert", from_context: "auth.subject" },
    { key: IDENTITY_ATTRIBUTES.email, action: "insert", from_context: "auth.preferred_username" },
    { key: IDENTITY_ATTRIBUTES.source, action: "insert", value: IDENTITY_SOURCE },
  ];
}

/** Copy a dotted attribute to a flat key filter patterns can address; a client-sent flat key is dropped first. */
function flatten(flatKey: string, dottedKey: string): Record<string, unknown>[] {
  return [
    { key: flatKey, action: "delete" },
    { key: flatKey, action: "insert", from_attribute: dottedKey },
  ];
}
