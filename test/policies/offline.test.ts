import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { evaluatePolicies, PolicyReport, RecordedResource, renderPolicyReport } from "../../policies/offline";
import { allPolicies } from "../../policies/rules";
import { compliantSettings, TODAY } from "./harness";

const STACK = "urn:pulumi:dev::claude-code-rollout";
const urn = (type: string, name: string) => `${STACK}::${type}::${name}`;
const record = (
  type: string,
  name: string,
  inputs: Record<string, unknown>,
  parent: string | null = null,
): RecordedResource => ({
  type,
  name,
  urn: urn(type, name),
  parent,
  custom: !type.startsWith("claude-code-rollout:"),
  inputs,
});

/** A distribution bucket hardened the way the mock runtime records it: companions hold "<bucket>-id". */
function distribution(settings: Record<string, unknown>): RecordedResource[] {
  const component = record("claude-code-rollout:distribution:Distribution", "settings", { environment: "dev" });
  const child = (type: string, name: string, inputs: Record<string, unknown>) =>
    record(type, name, inputs, component.urn);
  const ref = "settings-bucket-id";
  return [
    component,
    child("aws:kms/key:Key", "settings-key", { enableKeyRotation: true }),
    child("aws:s3/bucket:Bucket", "settings-bucket", { forceDestroy: false }),
    child("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "settings-bucket-pab", {
      bucket: ref,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    }),
    child(
      "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
      "settings-bucket-sse",
      {
        bucket: ref,
        rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: "settings-key-id" } }],
      },
    ),
    child("aws:s3/bucketVersioning:BucketVersioning", "settings-bucket-versioning", {
      bucket: ref,
      versioningConfiguration: { status: "Enabled" },
    }),
    child("aws:s3/bucketPolicy:BucketPolicy", "settings-bucket-policy", {
      bucket: ref,
      policy: JSON.stringify({
        Statement: [
          {
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: "*",
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          },
        ],
      }),
    }),
    child("aws:s3/bucketObjectv2:BucketObjectv2", "settings-standard", {
      bucket: ref,
      key: "profiles/standard/abc/managed-settings.json",
      content: JSON.stringify(settings),
      contentType: "application/json",
    }),
  ];
}

const byName = (report: PolicyReport, name: string) => report.policies.find((p) => p.name === name)!;

describe("offline policy evaluation", () => {
  it("passes a compliant stack with default config: every policy accounted for, zero violations", () => {
    const report = evaluatePolicies(distribution(compliantSettings()), {}, TODAY);
    assert.equal(report.mandatoryViolations, 0);
    assert.equal(report.advisoryViolations, 0);
    assert.equal(report.policies.length, allPolicies.length + 1);
    assert.deepEqual(
      {
        bucket: byName(report, "s3-bucket-hardening").status,
        settings: byName(report, "settings-bypass-disabled").applied,
        iam: byName(report, "iam-role-max-session").status,
      },
      { bucket: "passed", settings: 1, iam: "not-applicable" },
    );
  });

  it("reports mandatory and advisory violations with the resource URN", () => {
    const settings = compliantSettings();
    settings.permissions.allow.push("Bash");
    delete settings.env.OTEL_LOGS_EXPORTER;
    const resources = distribution(settings).filter((r) => r.name !== "settings-bucket-versioning");
    const report = evaluatePolicies(resources, {}, TODAY);
    assert.deepEqual(byName(report, "settings-no-unbounded-allow").violations, [
      {
        resource: urn("aws:s3/bucketObjectv2:BucketObjectv2", "settings-standard"),
        message: 'permissions.allow rule "Bash" allows every use of Bash.',
      },
    ]);
    assert.deepEqual(byName(report, "s3-bucket-hardening").violations, [
      {
        resource: urn("aws:s3/bucket:Bucket", "settings-bucket"),
        message: "Bucket settings-bucket: no BucketVersioning.",
      },
    ]);
    assert.equal(report.mandatoryViolations, 2);
    assert.equal(report.advisoryViolations, 1);
  });

  it("honours levels from config: per policy over all, and disabled", () => {
    const settings = compliantSettings();
    delete settings.env.OTEL_LOGS_EXPORTER;
    const report = evaluatePolicies(
      distribution(settings),
      { all: "advisory", "settings-telemetry-otlp": "mandatory", "kms-key-rotation": { enforcementLevel: "disabled" } },
      TODAY,
    );
    assert.equal(byName(report, "settings-telemetry-otlp").enforcementLevel, "mandatory");
    assert.equal(byName(report, "settings-bypass-disabled").enforcementLevel, "advisory");
    assert.equal(byName(report, "kms-key-rotation").status, "disabled");
    assert.equal(report.mandatoryViolations, 1);
  });

  it("records exemptions used and expired, and turns an exemption without reason into a config violation", () => {
    const resources = distribution(compliantSettings()).filter((r) => r.name !== "settings-bucket-pab");
    const config = {
      "s3-bucket-hardening": {
        exemptions: [
          { resource: "settings-bucket", reason: "PAB arrives with the account baseline", expires: "2026-07-31" },
        ],
      },
      "kms-key-rotation": { exemptions: [{ resource: "old-*", reason: "Migrated", expires: "2026-01-31" }] },
      "iam-role-max-session": { exemptions: [{ resource: "ci-role", expires: "2026-12-31" }] },
    };
    const report = evaluatePolicies(resources, config, TODAY);
    assert.deepEqual(byName(report, "s3-bucket-hardening").violations, []);
    assert.deepEqual(report.exemptionsUsed, [
      {
        policy: "s3-bucket-hardening",
        resource: urn("aws:s3/bucket:Bucket", "settings-bucket"),
        matched: "settings-bucket",
        reason: "PAB arrives with the account baseline",
        expires: "2026-07-31",
      },
    ]);
    assert.deepEqual(report.expiredExemptions, [
      { policy: "kms-key-rotation", resource: "old-*", reason: "Migrated", expires: "2026-01-31" },
    ]);
    assert.deepEqual(byName(report, "policy-config").violations, [
      {
        resource: null,
        message: "iam-role-max-session.exemptions[0].reason: required — say why the violation is acceptable",
      },
    ]);
    assert.equal(report.mandatoryViolations, 1);
  });

  it("reports config the CLI would reject: unknown policy, out-of-range value, bad level", () => {
    const report = evaluatePolicies(
      [],
      { "kms-rotation": {}, "iam-role-max-session": { maxSessionSeconds: 100, enforcementLevel: "strict" } },
      TODAY,
    );
    assert.deepEqual(
      byName(report, "policy-config").violations.map((v) => v.message.replace(/ \(policies: .*\)$/, "")),
      [
        'iam-role-max-session.enforcementLevel: "strict" is not an enforcement level (advisory, mandatory, remediate, disabled)',
        "iam-role-max-session.maxSessionSeconds: 100 is below the minimum 900",
        "kms-rotation: no policy of that name in the pack — check the spelling",
      ],
    );
  });

  it("ships an example config that names every setting of every policy and is valid", () => {
    const example = JSON.parse(readFileSync(join(__dirname, "../../policies/config.example.json"), "utf8"));
    for (const policy of allPolicies) {
      assert.deepEqual(
        Object.keys(example[policy.name]).sort(),
        ["enforcementLevel", ...Object.keys(policy.configSchema!.properties)].sort(),
        policy.name,
      );
    }
    assert.deepEqual(byName(evaluatePolicies([], example, TODAY), "policy-config").violations, []);
  });

  it("renders deterministic markdown and canonical JSON", () => {
    const compliant = compliantSettings();
    const settings = { ...compliant, permissions: { ...compliant.permissions, disableBypassPermissionsMode: "no" } };
    const report = evaluatePolicies(distribution(settings), {}, TODAY);
    const first = renderPolicyReport(report);
    assert.deepEqual(renderPolicyReport(evaluatePolicies(distribution(settings), {}, TODAY)), first);
    assert.ok(
      first.markdown.startsWith(
        "# Policy report\n\n**FAIL**: 1 mandatory and 0 advisory violation(s) over 8 resource(s); 0 exemption use(s), 0 expired exemption(s).\n",
      ),
    );
    assert.ok(first.markdown.includes("| settings-bypass-disabled | mandatory | 1 violation(s) |"));
    assert.ok(first.markdown.includes("| s3-bucket-hardening | mandatory | passed |"));
    assert.ok(first.markdown.includes("| settings-json-object | mandatory | passed (1 resource(s)) |"));
    assert.ok(
      first.markdown.includes(
        `- \`${urn("aws:s3/bucketObjectv2:BucketObjectv2", "settings-standard")}\`: permissions.disableBypassPermissionsMode is "no"; it must be "disable".`,
      ),
    );
    assert.ok(first.json.endsWith("}\n"));
    assert.deepEqual(Object.keys(JSON.parse(first.json)), [
      "advisoryViolations",
      "exemptionsUsed",
      "expiredExemptions",
      "mandatoryViolations",
      "policies",
      "resourceCount",
    ]);
  });

  it("escapes hostile values in the markdown report: pipes, line breaks, HTML, links, mentions, backticks", () => {
    const hostile = "ok |\r## PASS\n<img src=x onerror=alert(1)> [x](http://evil.example) @security-team";
    const report: PolicyReport = {
      resourceCount: 1,
      mandatoryViolations: 1,
      advisoryViolations: 0,
      policies: [
        {
          name: "s3-bucket-hardening",
          description: "Buckets are *hardened*.",
          kind: "resource",
          enforcementLevel: "mandatory",
          status: "violated",
          applied: 1,
          remediationSteps: "Add a `BucketVersioning`.",
          violations: [{ resource: "urn:a``b|c", message: hostile }],
        },
      ],
      exemptionsUsed: [
        { policy: "kms-key-rotation", resource: "urn:k|``x", matched: "k*", reason: hostile, expires: "2026-07-31" },
      ],
      expiredExemptions: [{ policy: "kms-key-rotation", resource: "old-*", reason: hostile, expires: "2026-01-31" }],
    };
    const escaped =
      "ok \\|\\r\\#\\# PASS\\n&lt;img src=x onerror=alert(1)&gt; \\[x\\](http\\://evil.example) @&#8203;security-team";
    assert.deepEqual(renderPolicyReport(report).markdown.split("\n").slice(8), [
      "## Violations",
      "",
      "### s3-bucket-hardening (mandatory)",
      "",
      "Buckets are \\*hardened\\*.",
      "",
      `- \`\`\`urn:a\`\`b|c\`\`\`: ${escaped}`,
      "",
      "Fix: Add a \\`BucketVersioning\\`.",
      "",
      "## Exemptions used",
      "",
      "| policy | resource | exemption | reason | expires |",
      "| --- | --- | --- | --- | --- |",
      `| kms-key-rotation | \`\`\`urn:k\\|\`\`x\`\`\` | \`k*\` | ${escaped} | 2026-07-31 |`,
      "",
      "## Expired exemptions (no longer applied)",
      "",
      "| policy | resource | reason | expired after |",
      "| --- | --- | --- | --- |",
      `| kms-key-rotation | \`old-*\` | ${escaped} | 2026-01-31 |`,
      "",
    ]);
  });
});
