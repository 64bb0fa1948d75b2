import * as assert from "assert";
import { telemetrySchema } from "../../components/config/telemetry";
import { sampleTelemetry } from "./fixtures";

function problems(overrides: Record<string, unknown>): string[] {
  const base = { ...sampleTelemetry(), ...overrides };
  const result = telemetrySchema.safeParse(base);
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

describe("telemetry config", () => {
  it("fills the audit defaults: 400 days of logs, a 365-day COMPLIANCE archive, two tasks", () => {
    const config = sampleTelemetry();
    assert.equal(config.retentionDays, 400);
    assert.deepEqual(config.archive, { mode: "COMPLIANCE", days: 365, transitions: [{ days: 90, storageClass: "GLACIER_IR" }, { days: 365, storageClass: "DEEP_ARCHIVE" }] });
    assert.deepEqual(config.collector, { image: "otel/opentelemetry-collector-contrib:0.149.0", cpu: 512, memory: 1024, desiredCount: 2 });
    assert.deepEqual(config.alarms, { rejectedDecisions: 25, bypassModeChanges: 1, policyDrift: 1 });
    assert.equal(config.network.internetFacing, false);
  });

  it("refuses an unpinned collector image", () => {
    const message = "pin the collector image to a version tag (and ideally a digest), e.g. otel/opentelemetry-collector-contrib:0.140.0 — never latest";
    assert.deepEqual(problems({ collector: { image: "otel/opentelemetry-collector-contrib:latest" } }), [`collector.image: ${message}`]);
    assert.deepEqual(problems({ collector: { image: "otel/opentelemetry-collector-contrib" } }), [`collector.image: ${message}`]);
    assert.deepEqual(problems({ collector: { image: `otel/opentelemetry-collector-contrib:0.149.0@sha256:${"0".repeat(64)}` } }), []);
  });

  it("accepts only retention values CloudWatch Logs supports", () => {
    assert.match(problems({ retentionDays: 366 })[0], /^retentionDays: CloudWatch Logs accepts only 1, 3, 5,.* 365, 400, 545,/);
  });

  it("explains network mistakes", () => {
    const network = sampleTelemetry().network;
    assert.deepEqual(problems({ network: { ...network, albSubnetIds: ["subnet-0a9b8c7d6e5f40311"], allowedCidrs: ["10.0.0.0/33"] } }), [
      "network.albSubnetIds: an application load balancer needs subnets in at least two availability zones",
      "network.allowedCidrs.0: expected an IPv4 CIDR such as 10.0.0.0/8 (the networks your laptops reach the collector from)",
    ]);
  });

  it("requires an https SIEM endpoint", () => {
    assert.deepEqual(problems({ siem: { url: "http://siem.example.com/" } }), ["siem.url: the SIEM endpoint must be an https:// URL"]);
  });
});
