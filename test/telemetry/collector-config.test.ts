import * as assert from "assert";
import { parse } from "yaml";
import { buildCollectorConfig, renderCollectorConfig } from "../../components/plan/audit/collector-config";
import {
  PolicyExpectation,
  policyStatusStatements,
  validatePolicyExpectation,
} from "../../components/plan/audit/policy-status";
import { POLICY_HASHES } from "./fixtures";

const D1 = "d1".repeat(32);
const D2 = "d2".repeat(32);
const INPUT = {
  tenantId: "3f6c9a1e-7b2d-4e8f-9c0a-5d1b2e3f4a6b",
  audiences: { platform: "9a8b7c6d-1234-4abc-8def-0123456789ab", developer: "1b2c3d4e-5678-4abc-8def-0123456789ab" },
  region: "eu-west-1",
  logGroupName: "/claude-code-rollout/prod/audit",
  policyStatus: policyStatusStatements({ policyHashes: POLICY_HASHES, resolvedSha256: { developer: [D2, D1] } }),
};
/** The parts of the collector's configuration these tests read (the builder returns plain YAML data). */
interface CollectorConfig {
  receivers: unknown;
  extensions: Record<string, unknown>;
  exporters: Record<string, Record<string, unknown>>;
  processors: Record<
    string,
    {
      actions?: unknown[];
      attributes?: { key: string; action: string; from_context?: string }[];
      log_statements?: { statements: string[] }[];
      metric_statements?: { statements: string[] }[];
      logs?: unknown;
      metrics?: unknown;
    }
  >;
  service: {
    extensions: string[];
    pipelines: Record<string, { processors: string[]; exporters: string[] }>;
  };
}
const config = buildCollectorConfig(INPUT) as unknown as CollectorConfig;

describe("collector configuration", () => {
  it("receives OTLP/HTTP only through the oidc authenticator", () => {
    assert.deepEqual(config.receivers, {
      otlp: { protocols: { http: { endpoint: "0.0.0.0:4318", auth: { authenticator: "oidc" } } } },
    });
  });

  it("verifies v2 tokens of the tenant; the audience is checked by the processors (one authenticator takes one per issuer)", () => {
    assert.deepEqual(config.extensions.oidc, {
      providers: [
        {
          issuer_url: "https://login.microsoftonline.com/3f6c9a1e-7b2d-4e8f-9c0a-5d1b2e3f4a6b/v2.0",
          ignore_audience: true,
          username_claim: "oid",
          // never absent: a user token has its group roles, a machine client's app-only token ClaudeCode.Automation
          groups_claim: "roles",
        },
      ],
    });
    assert.deepEqual(config.service.extensions, ["health_check", "oidc"]);
  });

  it("stamps the profile from the verified audience and keeps nothing whose audience is no profile app's", () => {
    const statements = [
      `set(resource.attributes["claude_code_rollout.profile"], "developer") where resource.attributes["claude_code_rollout.audience"] == "1b2c3d4e-5678-4abc-8def-0123456789ab"`,
      `set(resource.attributes["claude_code_rollout.profile"], "platform") where resource.attributes["claude_code_rollout.audience"] == "9a8b7c6d-1234-4abc-8def-0123456789ab"`,
      // from_context joined the roles claim's values with ";": back to an array
      `set(resource.attributes["claude_code_rollout.groups"], Split(resource.attributes["claude_code_rollout.groups"], ";")) where resource.attributes["claude_code_rollout.groups"] != nil`,
    ];
    const transform = config.processors["transform/profile"];
    assert.deepEqual(transform.log_statements, [{ statements }]);
    assert.deepEqual(transform.metric_statements, [{ statements }]);
    const unknown = 'resource.attributes["claude_code_rollout.profile"] == nil';
    assert.deepEqual(config.processors["filter/audience"], {
      error_mode: "ignore",
      logs: { log_record: [unknown] },
      metrics: { metric: [unknown] },
    });
    for (const signal of ["logs", "metrics"]) {
      const processors = config.service.pipelines[signal].processors;
      // The client's profile is deleted first (resource/identity), so only the token can set it.
      assert.deepEqual(processors.slice(1, 5), [
        "resource/identity",
        "attributes/identity",
        "transform/profile",
        "filter/audience",
      ]);
    }
  });

  it("drops client-sent identity, groups and install id before stamping the verified ones, so they cannot be forged", () => {
    const actions = config.processors["attributes/identity"].actions;
    assert.deepEqual(actions, [
      // the client copies its resource attributes onto each record: the server-stamped keys go at both levels
      { key: "claude_code_rollout.profile", action: "delete" },
      { key: "claude_code_rollout.audience", action: "delete" },
      { key: "claude_code_rollout.groups", action: "delete" },
      { key: "claude_code_rollout.install_id", action: "delete" },
      // the client's own user.id (its anonymous install id), kept before user.id becomes the verified user
      { key: "claude_code_rollout.install_id", action: "insert", from_attribute: "user.id" },
      { key: "user.id", action: "delete" },
      { key: "enduser.id", action: "delete" },
      { key: "user.email", action: "delete" },
      { key: "identity.source", action: "delete" },
      { key: "user.groups", action: "delete" },
      { key: "user.id", action: "insert", from_context: "auth.subject" },
      { key: "enduser.id", action: "insert", from_context: "auth.subject" },
      { key: "user.email", action: "insert", from_context: "auth.preferred_username" },
      { key: "identity.source", action: "insert", value: "entra-oidc-collector" },
    ]);
    assert.deepEqual(
      config.processors["resource/identity"].attributes!.map((a) => [a.key, a.action]),
      [
        ["user.id", "delete"],
        ["enduser.id", "delete"],
        ["user.email", "delete"],
        ["identity.source", "delete"],
        ["user.groups", "delete"],
        ["claude_code_rollout.profile", "delete"],
        ["claude_code_rollout.audience", "delete"],
        ["claude_code_rollout.groups", "delete"],
        ["claude_code_rollout.install_id", "delete"],
        ["claude_code_rollout.audience", "insert"],
        ["claude_code_rollout.groups", "insert"],
      ],
    );
    assert.deepEqual(
      config.processors["resource/identity"].attributes!.slice(-2).map((a) => a.from_context),
      ["auth.aud", "auth.membership"],
    );
  });

  it("stamps identity before batching, which would drop the request's auth context", () => {
    for (const signal of ["logs", "metrics"]) {
      const processors: string[] = config.service.pipelines[signal].processors;
      assert.ok(processors.indexOf("attributes/identity") < processors.indexOf("batch"), signal);
      assert.ok(processors.indexOf("resource/identity") < processors.indexOf("batch"), signal);
      assert.equal(processors[processors.length - 1], "batch");
    }
  });

  it("copies dotted attributes to flat keys the filter patterns can address, dropping client-sent ones first", () => {
    assert.deepEqual(config.processors["resource/flatten"].attributes, [
      { key: "rollout_profile", action: "delete" },
      { key: "rollout_profile", action: "insert", from_attribute: "claude_code_rollout.profile" },
      { key: "rollout_policy_hash", action: "delete" },
      { key: "rollout_policy_hash", action: "insert", from_attribute: "claude_code_rollout.policy_hash" },
    ]);
    assert.deepEqual(config.processors["attributes/flatten"].actions, [
      { key: "resolved_sha256", action: "delete" },
      { key: "resolved_sha256", action: "insert", from_attribute: "managed_settings.resolved_sha256" },
    ]);
  });

  it("stamps each policy event's verdict against what its profile was shipped, after dropping a client-sent one", () => {
    const status = 'log.attributes["rollout_policy_status"]';
    const profile = 'resource.attributes["claude_code_rollout.profile"]';
    assert.deepEqual(config.processors["transform/policy_status"], {
      error_mode: "ignore",
      log_statements: [
        { statements: ['delete_key(log.attributes, "rollout_policy_status")'] },
        {
          conditions: ['log.body == "claude_code.managed_settings_resolved"'],
          statements: [
            `set(${status}, "unknown_profile")`,
            `set(${status}, "drift") where IsMatch(${profile}, "^(developer|platform)$")`,
            // the client would not start under the policy: fail-closed, no hash, not drift
            `set(${status}, "refused") where ${status} == "drift" and log.attributes["managed_settings.trigger"] == "refused" and log.attributes["managed_settings.resolved_sha256"] == nil`,
            // developer: verify recorded what the client resolves (POSIX and Windows documents), sorted
            `set(${status}, "expected") where ${profile} == "developer" and IsMatch(log.attributes["managed_settings.resolved_sha256"], "^(${D1}|${D2})$")`,
            // platform: no resolved hash recorded, so the policy hash stamped into the document
            `set(${status}, "expected") where ${profile} == "platform" and resource.attributes["claude_code_rollout.policy_hash"] == "${"b".repeat(64)}"`,
          ],
        },
      ],
    });
    const logs: string[] = config.service.pipelines.logs.processors;
    assert.deepEqual(logs.slice(-2), ["transform/policy_status", "batch"]);
    assert.ok(!config.service.pipelines.metrics.processors.includes("transform/policy_status"));
  });

  it("refuses expectations that would make the statements wrong or unparsable (the plan checks before rendering)", () => {
    const build = (expectation: object) => () => validatePolicyExpectation(expectation as PolicyExpectation);
    assert.throws(
      build({ policyHashes: {} }),
      /^Error: policyHashes is empty — pass each compiled profile's policy hash/,
    );
    assert.throws(
      build({ policyHashes: { 'dev") or true': "a".repeat(64) } }),
      /^Error: policyHashes\.dev"\) or true: not a profile name/,
    );
    assert.throws(
      build({ policyHashes: { developer: "abc" } }),
      /^Error: policyHashes\.developer: expected sha256 hex digests — pass the policyHash of each release a ring pins$/,
    );
    assert.throws(
      build({ policyHashes: POLICY_HASHES, resolvedSha256: { develper: D1 } }),
      /^Error: expectedResolvedSha256\.develper: no such profile — re-run `npm run verify`/,
    );
    assert.throws(
      build({ policyHashes: POLICY_HASHES, resolvedSha256: { developer: [] } }),
      /^Error: expectedResolvedSha256\.developer: expected one or more sha256 hex digests/,
    );
  });

  it("accepts several releases per profile: each hash once, sorted, whatever the rings' order; no release, no expected", () => {
    const [A, B, C] = ["a1", "b2", "c3"].map((pair) => pair.repeat(32));
    const statements = policyStatusStatements({
      policyHashes: { developer: [B, A, B], platform: [C], contractor: [] },
      resolvedSha256: { developer: [D2, D1, D2, D1] },
    }).policyEvent;
    const profile = 'resource.attributes["claude_code_rollout.profile"]';
    assert.deepEqual(statements.slice(1), [
      `set(log.attributes["rollout_policy_status"], "drift") where IsMatch(${profile}, "^(contractor|developer|platform)$")`,
      `set(log.attributes["rollout_policy_status"], "refused") where log.attributes["rollout_policy_status"] == "drift" and log.attributes["managed_settings.trigger"] == "refused" and log.attributes["managed_settings.resolved_sha256"] == nil`,
      `set(log.attributes["rollout_policy_status"], "expected") where ${profile} == "developer" and IsMatch(log.attributes["managed_settings.resolved_sha256"], "^(${D1}|${D2})$")`,
      `set(log.attributes["rollout_policy_status"], "expected") where ${profile} == "platform" and resource.attributes["claude_code_rollout.policy_hash"] == "${C}"`,
    ]);
    const reordered = policyStatusStatements({
      policyHashes: { platform: C, contractor: [], developer: [A, B] },
      resolvedSha256: { developer: [D1, D2] },
    });
    assert.deepEqual(reordered.policyEvent, statements);
    // Without resolved hashes, the policy hashes of every release, in one alternation.
    assert.equal(
      policyStatusStatements({ policyHashes: { developer: [B, A] } }).policyEvent[3],
      `set(log.attributes["rollout_policy_status"], "expected") where ${profile} == "developer" and IsMatch(resource.attributes["claude_code_rollout.policy_hash"], "^(${A}|${B})$")`,
    );
    assert.doesNotThrow(() => validatePolicyExpectation({ policyHashes: { developer: [] } }));
    assert.throws(
      () => validatePolicyExpectation({ policyHashes: { developer: [A, "ABC"] } }),
      /^Error: policyHashes\.developer: expected sha256 hex digests/,
    );
    assert.throws(
      () =>
        validatePolicyExpectation({ policyHashes: { developer: [A] }, resolvedSha256: { developer: [D1, `${D2}\n`] } }),
      /^Error: expectedResolvedSha256\.developer: expected one or more sha256 hex digests/,
    );
  });

  it("exports events as JSON records and metrics as EMF into the audit log group", () => {
    assert.deepEqual(config.exporters.awscloudwatchlogs, {
      region: "eu-west-1",
      log_group_name: "/claude-code-rollout/prod/audit",
      log_stream_name: "events",
    });
    const emf = config.exporters.awsemf;
    assert.deepEqual(
      [emf.log_group_name, emf.namespace, emf.resource_to_telemetry_conversion],
      ["/claude-code-rollout/prod/audit", "ClaudeCode", { enabled: true }],
    );
    assert.deepEqual(config.service.pipelines.logs.exporters, ["awscloudwatchlogs"]);
    assert.deepEqual(config.service.pipelines.metrics.exporters, ["awsemf"]);
  });

  it("renders deterministic YAML that parses back to the same document", () => {
    const text = renderCollectorConfig(INPUT);
    assert.equal(text, renderCollectorConfig(INPUT));
    assert.deepEqual(parse(text), config);
    assert.ok(!text.includes("\r"));
  });
});
