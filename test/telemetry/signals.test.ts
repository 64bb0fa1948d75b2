import * as assert from "assert";
import { alarmSpecs, metricFilterSpecs, renderDashboardBody, savedQueries } from "../../components/telemetry";
import { CLIENT_EVENTS, CLIENT_METRICS } from "../../components/telemetry/names";
import { METRICS } from "../../components/telemetry/signals";
import { POLICY_HASHES } from "./fixtures";

const A = "a".repeat(64);
const B = "b".repeat(64);
const EVENT = '$.body = "claude_code.managed_settings_resolved"';

describe("audit signals", () => {
  it("counts rejected tool decisions and switches to bypass mode from the exporter's record shape", () => {
    const [rejected, bypass] = metricFilterSpecs({ policyHashes: POLICY_HASHES });
    assert.deepEqual(rejected, { key: "rejected-decisions", metricName: "RejectedToolDecisions", pattern: '{ $.body = "claude_code.tool_decision" && $.attributes.decision = "reject" }' });
    assert.deepEqual(bypass, { key: "bypass-mode", metricName: "BypassModeChanges", pattern: '{ $.body = "claude_code.permission_mode_changed" && $.attributes.to_mode = "bypassPermissions" }' });
  });

  it("without resolved hashes, flags sessions whose policy hash is not the one shipped to their profile", () => {
    const drift = metricFilterSpecs({ policyHashes: POLICY_HASHES }).slice(2);
    assert.deepEqual(drift.map((f) => [f.key, f.pattern]), [
      ["drift-developer", `{ ${EVENT} && $.resource.rollout_profile = "developer" && $.resource.rollout_policy_hash != "${A}" }`],
      ["drift-platform", `{ ${EVENT} && $.resource.rollout_profile = "platform" && $.resource.rollout_policy_hash != "${B}" }`],
      ["drift-unknown-profile", `{ ${EVENT} && $.resource.rollout_profile != "developer" && $.resource.rollout_profile != "platform" }`],
    ]);
    assert.ok(drift.every((f) => f.metricName === METRICS.policyDrift));
  });

  it("with resolved hashes from verify, compares what the client resolved (any of the accepted values)", () => {
    const drift = metricFilterSpecs({ policyHashes: POLICY_HASHES, resolvedSha256: { developer: ["d2".repeat(32), "d1".repeat(32)] } }).slice(2);
    assert.deepEqual(drift.map((f) => f.pattern), [
      `{ ${EVENT} && $.resource.rollout_profile = "developer" && $.attributes.resolved_sha256 != "${"d1".repeat(32)}" && $.attributes.resolved_sha256 != "${"d2".repeat(32)}" }`,
      `{ ${EVENT} && $.resource.rollout_profile = "platform" && $.resource.rollout_policy_hash != "${B}" }`,
      `{ ${EVENT} && $.resource.rollout_profile != "developer" && $.resource.rollout_profile != "platform" }`,
    ]);
  });

  it("rejects resolved hashes for a profile the rollout does not have", () => {
    assert.throws(() => metricFilterSpecs({ policyHashes: POLICY_HASHES, resolvedSha256: { develper: A } }), /expectedResolvedSha256\.develper: no such profile/);
  });

  it("takes alarm thresholds from config", () => {
    assert.deepEqual(alarmSpecs({ rejectedDecisions: 10, bypassModeChanges: 2, policyDrift: 3 }).map((a) => [a.key, a.threshold, a.periodSeconds]),
      [["rejected-decisions", 10, 300], ["bypass-mode", 2, 300], ["policy-drift", 3, 900]]);
  });

  it("saves the investigation queries: one user's activity and every denied command", () => {
    const queries = savedQueries();
    assert.deepEqual(Object.keys(queries), ["user-activity", "denied-commands", "policy-drift"]);
    assert.match(queries["user-activity"].query, /\| filter attributes\.user\.email = "someone@example\.com"/);
    assert.match(queries["denied-commands"].query, /\| filter body = "claude_code\.tool_decision" and attributes\.decision = "reject"/);
  });
});

describe("dashboard", () => {
  const body = renderDashboardBody({ region: "eu-west-1", logGroupName: "/claude-code-rollout/prod/audit" });
  const dashboard = JSON.parse(body);

  it("parses as JSON with the widgets on a 24-column grid", () => {
    assert.equal(dashboard.widgets.length, 8);
    assert.ok(dashboard.widgets.every((w: any) => w.x + w.width <= 24));
  });

  it("names only metrics and events the client really emits", () => {
    const metrics = [...body.matchAll(/MetricName=\\"([^"\\]+)\\"/g)].map((m) => m[1]);
    const events = [...body.matchAll(/body = \\"([^"\\]+)\\"/g)].map((m) => m[1]);
    assert.deepEqual([...new Set(metrics)].sort(), ["claude_code.cost.usage", "claude_code.session.count", "claude_code.token.usage"]);
    assert.deepEqual([...new Set(events)].sort(), ["claude_code.api_request", "claude_code.managed_settings_resolved", "claude_code.tool_decision"]);
    for (const m of metrics) assert.ok((CLIENT_METRICS as readonly string[]).includes(m), m);
    for (const e of events) assert.ok((CLIENT_EVENTS as readonly string[]).includes(e), e);
    const audit = dashboard.widgets.flatMap((w: any) => (w.properties.metrics ?? []).filter((m: any) => Array.isArray(m) && m[0] === "ClaudeCode/Audit").map((m: any) => m[1]));
    assert.deepEqual(audit.sort(), Object.values(METRICS).sort());
  });

  it("queries the audit log group by profile and policy hash", () => {
    assert.match(body, /SOURCE '\/claude-code-rollout\/prod\/audit'/);
    assert.match(body, /\{\\"ClaudeCode\\",\\"claude_code_rollout.policy_hash\\"\}/);
  });
});
