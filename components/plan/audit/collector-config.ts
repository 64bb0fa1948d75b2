import { stringify } from "yaml";
import { tenantIssuer } from "../names";
import {
  CLIENT_IDENTITY_KEYS,
  EVENTS_STREAM,
  FLAT_KEYS,
  HEALTH_PORT,
  IDENTITY_ATTRIBUTES,
  IDENTITY_SOURCE,
  METRIC_NAMESPACE,
  METRICS_STREAM,
  OTLP_HTTP_PORT,
  POLICY_HASH_ATTRIBUTE,
  PROFILE_ATTRIBUTE,
  RESOLVED_SHA256_ATTRIBUTE,
} from "./names";
import { POLICY_EVENT, PolicyStatusStatements } from "./policy-status";

/**
 * The OpenTelemetry Collector (contrib distribution) configuration, generated from typed data.
 *
 * Every OTLP request must carry a v2 Entra access token for the telemetry app; the `oidc`
 * authenticator verifies signature, issuer and audience and puts the token's claims into the
 * request context. Processors then drop whatever identity the client claimed and stamp the
 * verified one, so a record's user cannot be forged. The processors run before `batch`, which
 * would otherwise lose the per-request context. `transform/policy_status` stamps each policy event's
 * verdict against what this stack shipped (policy-status.ts), so the alarms' filters stay constant.
 */

export interface CollectorConfigInput {
  /** Entra tenant (GUID); the issuer is its v2.0 endpoint. */
  readonly tenantId: string;
  /** Client id of the telemetry app: the `aud` of a v2 access token. */
  readonly audience: string;
  readonly region: string;
  /** The audit log group (KMS-encrypted, retention set by the component). */
  readonly logGroupName: string;
  /** The verdict statements (policyStatusStatements of what each profile was shipped), computed once by the plan. */
  readonly policyStatus: PolicyStatusStatements;
}

export function buildCollectorConfig(input: CollectorConfigInput): Record<string, unknown> {
  const policyStatus = input.policyStatus;
  const processors = ["memory_limiter", "resource/identity", "attributes/identity", "resource/flatten"];
  return {
    extensions: {
      health_check: { endpoint: `0.0.0.0:${HEALTH_PORT}` },
      oidc: {
        providers: [
          {
            // The v2.0 issuer, as IAM's OIDC provider names it: v1 tokens (`https://sts.windows.net/<tenant>/`) are rejected.
            issuer_url: tenantIssuer(input.tenantId),
            audience: input.audience,
            // The object id: immutable and never reused, unlike a UPN.
            username_claim: "oid",
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
      "resource/identity": { attributes: CLIENT_IDENTITY_KEYS.map((key) => ({ key, action: "delete" })) },
      "attributes/identity": { actions: identityActions() },
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
 * 64 KiB in all. It grows by about 420 bytes per profile with two resolved hashes (≈ 30 KB at 60).
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

/** Drop the client's identity claims, then stamp the verified ones from the token. */
function identityActions(): Record<string, unknown>[] {
  return [
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
