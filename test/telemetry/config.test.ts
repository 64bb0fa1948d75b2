import * as assert from "assert";
import { siemDestination, siemTokenProblems, telemetrySchema } from "../../components/config/telemetry";
import { siemSecretString } from "../../components/telemetry";
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
    assert.deepEqual(config.archive, {
      mode: "COMPLIANCE",
      days: 365,
      transitions: [
        { days: 90, storageClass: "GLACIER_IR" },
        { days: 365, storageClass: "DEEP_ARCHIVE" },
      ],
    });
    assert.deepEqual(config.collector, {
      image: "otel/opentelemetry-collector-contrib:0.149.0",
      cpu: 512,
      memory: 1024,
      desiredCount: 2,
    });
    assert.deepEqual(config.alarms, { rejectedDecisions: 25, bypassModeChanges: 1, policyDrift: 1 });
    assert.equal(config.network.internetFacing, false);
  });

  it("refuses an unpinned collector image", () => {
    const message =
      "pin the collector image to a version tag (and ideally a digest), e.g. otel/opentelemetry-collector-contrib:0.140.0 — never latest";
    assert.deepEqual(problems({ collector: { image: "otel/opentelemetry-collector-contrib:latest" } }), [
      `collector.image: ${message}`,
    ]);
    assert.deepEqual(problems({ collector: { image: "otel/opentelemetry-collector-contrib" } }), [
      `collector.image: ${message}`,
    ]);
    assert.deepEqual(
      problems({ collector: { image: `otel/opentelemetry-collector-contrib:0.149.0@sha256:${"0".repeat(64)}` } }),
      [],
    );
  });

  it("accepts only retention values CloudWatch Logs supports", () => {
    assert.match(
      problems({ retentionDays: 366 })[0],
      /^retentionDays: CloudWatch Logs accepts only 1, 3, 5,.* 365, 400, 545,/,
    );
  });

  it("explains network mistakes", () => {
    const network = sampleTelemetry().network;
    assert.deepEqual(
      problems({ network: { ...network, albSubnetIds: ["subnet-0a9b8c7d6e5f40311"], allowedCidrs: ["10.0.0.0/33"] } }),
      [
        "network.albSubnetIds: an application load balancer needs subnets in at least two availability zones",
        "network.allowedCidrs.0: expected an IPv4 CIDR such as 10.0.0.0/8 (the networks your laptops reach the collector from)",
      ],
    );
  });

  it("requires an https SIEM endpoint", () => {
    assert.deepEqual(problems({ siem: { url: "http://siem.example.com/" } }), [
      "siem.url: the SIEM endpoint must be an https:// URL",
    ]);
  });

  it("refuses credentials in the SIEM URL, and what Firehose's Splunk destination would drop", () => {
    assert.deepEqual(problems({ siem: { url: "https://admin:hunter2@siem.example.com/ingest" } }), [
      'siem.url: put no credentials in the URL — remove the "user:password@" part and set the token as a secret: pulumi config set --secret siemToken <token>',
    ]);
    assert.deepEqual(
      problems({ siem: { url: "https://splunk.example.com/services/collector/raw?channel=1f2e&index=audit" } }),
      [
        'siem.url: Firehose\'s Splunk destination sends to https://splunk.example.com only — remove "?channel=1f2e&index=audit" (set the index and sourcetype on the HEC token instead)',
      ],
    );
    assert.deepEqual(problems({ siem: { url: "https://siem.example.com/ingest?tenant=acme" } }), []);
    // Firehose would deliver the collector's records unwrapped, and Splunk's event endpoint rejects every one.
    assert.deepEqual(problems({ siem: { url: "https://splunk.example.com:8088/services/collector/event/1.0" } }), [
      "siem.url: Splunk's event endpoint wants every record wrapped as HEC event JSON ({\"event\": …}) and the pipeline sends the collector's JSON records as they are — use https://splunk.example.com:8088/services/collector/raw (Firehose's Raw endpoint type)",
    ]);
    assert.deepEqual(problems({ siem: { url: `https://siem.example.com/${"a".repeat(990)}` } }), [
      "siem.url: Firehose accepts a URL of at most 1000 characters; this one has 1015",
    ]);
  });

  it("tells Splunk HEC URLs from other endpoints by their path", () => {
    assert.deepEqual(siemDestination("https://http-inputs-acme.splunkcloud.com/services/collector/raw"), {
      kind: "splunk",
      hecEndpoint: "https://http-inputs-acme.splunkcloud.com",
      hecEndpointType: "Raw",
    });
    assert.deepEqual(siemDestination("https://splunk.example.com:8088/services/collector/"), {
      kind: "splunk",
      hecEndpoint: "https://splunk.example.com:8088",
      hecEndpointType: "Raw",
    });
    for (const url of [
      "https://siem.example.com/ingest",
      "https://siem.example.com/services/collectors",
      "https://siem.example.com/api/services/collector/raw",
      "https://siem.example.com/services/collector/RAW",
    ]) {
      assert.deepEqual(siemDestination(url), { kind: "http", url });
    }
  });

  it("shapes the vault secret as the destination reads it: Splunk {hec_token}, HTTP endpoint {api_key}", () => {
    const token = 'tok"en\\with-quotes';
    assert.equal(
      siemSecretString(siemDestination("https://h.example.com/services/collector/raw"), token),
      '{"hec_token":"tok\\"en\\\\with-quotes"}',
    );
    assert.deepEqual(JSON.parse(siemSecretString(siemDestination("https://siem.example.com/ingest"), token)), {
      api_key: token,
    });
  });

  it("checks how the stack supplies the SIEM token, naming the key and the command", () => {
    const command = "pulumi config set --secret siemToken <token>";
    assert.deepEqual(siemTokenProblems({ siem: true, token: "secret", vault: true }), []);
    assert.deepEqual(siemTokenProblems({ siem: false, token: "absent", vault: false }), []);
    assert.deepEqual(siemTokenProblems({ siem: true, token: "plaintext", vault: true }), [
      {
        path: "siemToken",
        message: `is in plaintext in the stack file — delete that line and set it as a secret: ${command}`,
      },
    ]);
    assert.deepEqual(
      siemTokenProblems({ siem: false, token: "plaintext", vault: false }).map((p) => p.path),
      ["siemToken"],
    );
    assert.deepEqual(siemTokenProblems({ siem: true, token: "absent", vault: false }), [
      { path: "telemetry.siem", message: `has no token — set it as a secret: ${command} (or remove telemetry.siem)` },
      {
        path: "telemetry.siem",
        message:
          "the SIEM token is kept in the vault, which the credentials section creates — add the credentials section, or remove telemetry.siem",
      },
    ]);
  });
});
