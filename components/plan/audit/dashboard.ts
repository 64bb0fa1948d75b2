import { renderCanonicalJson } from "../../settings/render";
import {
  AUDIT_NAMESPACE,
  AUDIT_PROFILE_DIMENSION,
  ClientEvent,
  ClientMetric,
  FLAT_KEYS,
  IDENTITY_ATTRIBUTES,
  INSTALL_ID_ATTRIBUTE,
  METRIC_NAMESPACE,
  POLICY_HASH_ATTRIBUTE,
  POLICY_STATUS_KEY,
  PROFILE_ATTRIBUTE,
} from "./names";
import { METRICS } from "./signals";

export interface DashboardInput {
  readonly region: string;
  readonly logGroupName: string;
}

/**
 * The CloudWatch dashboard: adoption, spend and guardrail hits by profile. Metric widgets read the
 * EMF metrics the collector derives from the client's own metrics; log widgets query the client's
 * events. Canonical JSON (sorted keys), so the same input always gives the same body.
 */
export function renderDashboardBody(input: DashboardInput): string {
  const row = (y: number, widgets: Record<string, unknown>[]) =>
    widgets.map((w, i) => ({ ...w, x: i * 12, y, width: 12, height: 6 }));
  const widgets = [
    ...row(0, [
      metricSearch(input, "Sessions by profile", "claude_code.session.count", [PROFILE_ATTRIBUTE], "Sum"),
      logTable(
        input,
        "Active users per day",
        "claude_code.api_request",
        `stats count_distinct(attributes.${IDENTITY_ATTRIBUTES.userId}) as active_users by bin(1d) as day`,
      ),
    ]),
    ...row(6, [
      metricSearch(input, "Cost (USD) by profile", "claude_code.cost.usage", [PROFILE_ATTRIBUTE], "Sum"),
      metricSearch(input, "Tokens by profile and type", "claude_code.token.usage", [PROFILE_ATTRIBUTE, "type"], "Sum"),
    ]),
    ...row(12, [
      metricSearch(
        input,
        "Sessions by policy hash (adoption of the shipped policy)",
        "claude_code.session.count",
        [POLICY_HASH_ATTRIBUTE],
        "Sum",
      ),
      logTable(
        input,
        "Devices per profile and resolved policy (each ring's release, drift, refusals)",
        "claude_code.managed_settings_resolved",
        `stats count_distinct(attributes.${INSTALL_ID_ATTRIBUTE}) as devices, count(*) as sessions, latest(@timestamp) as last_seen by attributes.${POLICY_STATUS_KEY}, resource.${PROFILE_ATTRIBUTE}, resource.${POLICY_HASH_ATTRIBUTE}, attributes.${FLAT_KEYS.resolvedSha256}`,
      ),
    ]),
    ...row(18, [
      auditMetrics(input),
      logTable(
        input,
        "Denied decisions by profile and tool",
        "claude_code.tool_decision",
        `filter attributes.decision = "reject" | stats count(*) as denied by resource.${PROFILE_ATTRIBUTE}, attributes.tool_name, attributes.source | sort denied desc`,
      ),
    ]),
    ...row(24, [driftByProfile(input)]),
  ];
  return renderCanonicalJson({ widgets });
}

function metricSearch(
  input: DashboardInput,
  title: string,
  metric: ClientMetric,
  dimensions: readonly string[],
  stat: "Sum",
): Record<string, unknown> {
  const schema = [METRIC_NAMESPACE, ...dimensions].map((d) => `"${d}"`).join(",");
  return {
    type: "metric",
    properties: {
      title,
      region: input.region,
      view: "timeSeries",
      stacked: true,
      period: 3600,
      metrics: [[{ expression: `SEARCH('{${schema}} MetricName="${metric}"', '${stat}', 3600)`, id: "e1" }]],
    },
  };
}

function auditMetrics(input: DashboardInput): Record<string, unknown> {
  return {
    type: "metric",
    properties: {
      title: "Guardrail signals (alarmed)",
      region: input.region,
      view: "timeSeries",
      stacked: false,
      period: 300,
      stat: "Sum",
      metrics: Object.values(METRICS).map((name) => [AUDIT_NAMESPACE, name]),
    },
  };
}

/** The per-profile series of the drift metric (the alarm watches its total). */
function driftByProfile(input: DashboardInput): Record<string, unknown> {
  const search = `SEARCH('{"${AUDIT_NAMESPACE}","${AUDIT_PROFILE_DIMENSION}"} MetricName="${METRICS.policyDrift}"', 'Sum', 300)`;
  return {
    type: "metric",
    properties: {
      title: "Sessions on a policy no ring runs, by profile",
      region: input.region,
      view: "timeSeries",
      stacked: true,
      period: 300,
      metrics: [[{ expression: search, id: "e1" }]],
    },
  };
}

function logTable(input: DashboardInput, title: string, event: ClientEvent, pipeline: string): Record<string, unknown> {
  return {
    type: "log",
    properties: {
      title,
      region: input.region,
      view: "table",
      query: `SOURCE '${input.logGroupName}' | filter body = "${event}" | ${pipeline}`,
    },
  };
}
