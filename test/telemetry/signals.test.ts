import * as assert from "assert";
import { renderDashboardBody } from "../../components/plan/audit/dashboard";
import { CLIENT_EVENTS, CLIENT_METRICS } from "../../components/plan/audit/names";
import { POLICY_STATUS } from "../../components/plan/audit/policy-status";
import {
  alarmSpecs,
  metricFilterSpecs,
  METRICS,
  savedQueries,
  validateMetricFilters,
} from "../../components/plan/audit/signals";

const EVENT = '$.body = "claude_code.managed_settings_resolved"';

describe("audit signals", () => {
  const filters = metricFilterSpecs();

  it("counts rejected tool decisions and switches to bypass mode from the exporter's record shape", () => {
    const [rejected, bypass] = filters;
    assert.deepEqual(rejected, {
      key: "rejected-decisions",
      metricName: "RejectedToolDecisions",
      pattern: '{ $.body = "claude_code.tool_decision" && $.attributes.decision = "reject" }',
    });
    assert.deepEqual(bypass, {
      key: "bypass-mode",
      metricName: "BypassModeChanges",
      pattern: '{ $.body = "claude_code.permission_mode_changed" && $.attributes.to_mode = "bypassPermissions" }',
    });
  });

  it("matches the collector's verdict instead of listing profiles: a total for the alarm, drift per profile, unknown profiles", () => {
    assert.deepEqual(filters.slice(2), [
      {
        key: "policy-drift",
        metricName: "UnshippedPolicySessions",
        pattern: `{ ${EVENT} && ($.attributes.rollout_policy_status = "drift" || $.attributes.rollout_policy_status = "unknown_profile") }`,
      },
      {
        key: "policy-drift-by-profile",
        metricName: "UnshippedPolicySessions",
        pattern: `{ ${EVENT} && $.attributes.rollout_policy_status = "drift" }`,
        dimensions: { profile: "$.resource.rollout_profile" },
      },
      {
        key: "unknown-profile",
        metricName: "UnknownProfileSessions",
        pattern: `{ ${EVENT} && $.attributes.rollout_policy_status = "unknown_profile" }`,
      },
    ]);
  });

  it("matches only verdicts the collector stamps", () => {
    const verdicts = filters.flatMap((f) =>
      [...f.pattern.matchAll(/rollout_policy_status = "([^"]+)"/g)].map((m) => m[1]),
    );
    assert.deepEqual([...new Set(verdicts)].sort(), [POLICY_STATUS.drift, POLICY_STATUS.unknownProfile]);
  });

  it("alarms on metrics a filter publishes without dimensions (an alarm on a dimensioned metric sees nothing)", () => {
    const undimensioned = new Set(filters.filter((f) => f.dimensions === undefined).map((f) => f.metricName));
    const alarmed = alarmSpecs({ rejectedDecisions: 10, bypassModeChanges: 2, policyDrift: 3 }).map(
      (a) => a.metricName,
    );
    assert.deepEqual(alarmed, ["RejectedToolDecisions", "BypassModeChanges", "UnshippedPolicySessions"]);
    for (const metric of alarmed) assert.ok(undimensioned.has(metric), metric);
  });

  it("refuses filters over CloudWatch's quotas, naming what to change", () => {
    assert.doesNotThrow(() => validateMetricFilters(filters));
    const spec = (key: string, length: number) => ({
      key,
      metricName: "M",
      pattern: `{ $.a = "${"x".repeat(length - 12)}" }`,
    });
    assert.equal(spec("k", 1024).pattern.length, 1024);
    assert.doesNotThrow(() => validateMetricFilters([spec("k", 1024)]));
    assert.throws(
      () => validateMetricFilters([spec("too-long", 1025)]),
      /^Error: metric filter too-long: pattern is 1025 characters, CloudWatch allows 1024 — shorten it in components\/plan\/audit\/signals\.ts/,
    );
    const many = Array.from({ length: 101 }, (_, i) => spec(`f${i}`, 20));
    assert.doesNotThrow(() => validateMetricFilters(many.slice(0, 100)));
    assert.throws(
      () => validateMetricFilters(many),
      /^Error: 101 metric filters on the audit log group, CloudWatch allows 100 — combine filters/,
    );
  });

  it("takes alarm thresholds from config", () => {
    assert.deepEqual(
      alarmSpecs({ rejectedDecisions: 10, bypassModeChanges: 2, policyDrift: 3 }).map((a) => [
        a.key,
        a.threshold,
        a.periodSeconds,
      ]),
      [
        ["rejected-decisions", 10, 300],
        ["bypass-mode", 2, 300],
        ["policy-drift", 3, 900],
      ],
    );
  });

  it("saves the investigation queries: one user's activity and every denied command", () => {
    const queries = savedQueries();
    assert.deepEqual(Object.keys(queries), ["user-activity", "denied-commands", "policy-drift"]);
    assert.match(queries["user-activity"].query, /\| filter attributes\.user\.email = "someone@example\.com"/);
    assert.match(
      queries["denied-commands"].query,
      /\| filter body = "claude_code\.tool_decision" and attributes\.decision = "reject"/,
    );
    assert.match(
      queries["policy-drift"].query,
      /\| stats count\(\*\) as sessions, latest\(@timestamp\) as last_seen by attributes\.rollout_policy_status, attributes\.user\.email,/,
    );
    // One row per device (a user's install) and hash; the verified groups tell its ring.
    assert.match(queries["policy-drift"].query, /, attributes\.claude_code_rollout\.install_id$/m);
    assert.match(queries["policy-drift"].query, /^fields .*, resource\.claude_code_rollout\.groups, /m);
  });
});

describe("dashboard", () => {
  const body = renderDashboardBody({ region: "eu-west-1", logGroupName: "/claude-code-rollout/prod/audit" });
  /** The dashboard's widgets as CloudWatch reads them: a grid position and, for metric widgets, metric rows. */
  const dashboard: { widgets: { x: number; width: number; properties: { metrics?: unknown[][] } }[] } =
    JSON.parse(body);

  it("parses as JSON with the widgets on a 24-column grid", () => {
    assert.equal(dashboard.widgets.length, 9);
    assert.ok(dashboard.widgets.every((w) => w.x + w.width <= 24));
  });

  it("names only metrics and events the client really emits", () => {
    const searches = [...body.matchAll(/\{\\"([^"\\]+)\\"[^}]*\} MetricName=\\"([^"\\]+)\\"/g)].map((m) => [
      m[1],
      m[2],
    ]);
    const metrics = searches.filter(([namespace]) => namespace === "ClaudeCode").map(([, metric]) => metric);
    assert.deepEqual(
      searches.filter(([namespace]) => namespace !== "ClaudeCode"),
      [["ClaudeCode/Audit", "UnshippedPolicySessions"]],
    );
    const events = [...body.matchAll(/body = \\"([^"\\]+)\\"/g)].map((m) => m[1]);
    assert.deepEqual([...new Set(metrics)].sort(), [
      "claude_code.cost.usage",
      "claude_code.session.count",
      "claude_code.token.usage",
    ]);
    assert.deepEqual([...new Set(events)].sort(), [
      "claude_code.api_request",
      "claude_code.managed_settings_resolved",
      "claude_code.tool_decision",
    ]);
    for (const m of metrics) assert.ok((CLIENT_METRICS as readonly string[]).includes(m), m);
    for (const e of events) assert.ok((CLIENT_EVENTS as readonly string[]).includes(e), e);
    const audit = dashboard.widgets.flatMap((w) =>
      (w.properties.metrics ?? []).filter((m) => Array.isArray(m) && m[0] === "ClaudeCode/Audit").map((m) => m[1]),
    );
    assert.deepEqual(audit.sort(), Object.values(METRICS).sort());
  });

  it("shows drift per profile from the metric filter's profile dimension", () => {
    assert.match(
      body,
      /SEARCH\('\{\\"ClaudeCode\/Audit\\",\\"profile\\"\} MetricName=\\"UnshippedPolicySessions\\"', 'Sum', 300\)/,
    );
    const byProfile = metricFilterSpecs()
      .filter((f) => f.dimensions?.profile !== undefined)
      .map((f) => f.metricName);
    assert.deepEqual(byProfile, ["UnshippedPolicySessions"]);
  });

  it("queries the audit log group by profile and policy hash", () => {
    assert.match(body, /SOURCE '\/claude-code-rollout\/prod\/audit'/);
    // Devices (install ids), not only sessions, per verdict and hash: how far each ring's release got.
    assert.match(
      body,
      /stats count_distinct\(attributes\.claude_code_rollout\.install_id\) as devices, count\(\*\) as sessions/,
    );
    assert.match(body, /\{\\"ClaudeCode\\",\\"claude_code_rollout.policy_hash\\"\}/);
  });
});
