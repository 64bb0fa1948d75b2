import * as assert from "assert";
import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as path from "path";
import { ConfigError } from "../../components/config";
import { readStack } from "../../cli/stack";
import { synthesize } from "../../cli/synth/run";
import { findResource, installMocks, resetRecorded, resources, settle } from "../mocks";
import { stackCopy } from "../fixtures/stack-copy";

// The documented SIEM set-up, end to end through index.ts: the prod stack with telemetry.siem and
// `pulumi config set --secret siemToken <token>`.

const ROOT = path.resolve(__dirname, "..", "..");
const PROGRAM = path.join(ROOT, "index.ts");
const COMMENTED_SIEM =
  '    # siem: { url: "https://http-inputs-acme.splunkcloud.com/services/collector/raw", name: Splunk }\n';
const TOKEN_KEY = "claude-code-rollout:siemToken";
/** What `pulumi config set --secret` writes: ciphertext, which synth cannot (and need not) decrypt. */
const SECURE_TOKEN = `  ${TOKEN_KEY}:\n    secure: v1:5Zq0n0yYbY0=:v1:c2llbS10b2tlbg==\n`;

/** The prod stack file with a SIEM URL (or none) and the token as given, in a fresh temp folder. */
function prodWith(siemUrl: string | undefined, tokenLines: string): string {
  const original = fs.readFileSync(path.join(ROOT, "stacks", "Pulumi.prod.yaml"), "utf8");
  assert.ok(original.includes(COMMENTED_SIEM), "the prod sample's commented SIEM example moved: update this test");
  const siem = siemUrl === undefined ? COMMENTED_SIEM : `    siem: { url: "${siemUrl}", name: Splunk }\n`;
  const edited = original.replace(COMMENTED_SIEM, siem).replace(/^config:\n/m, `config:\n${tokenLines}`);
  return stackCopy("prod", edited);
}

const FIREHOSE_ROLE = "arn:aws:iam::210987654321:role/claude-code-prod-telemetry-firehose";
const AUDIT_KEY = "arn:aws:kms:eu-west-1:210987654321:key/telemetry-storage-key";
const ENCRYPTION = { enabled: true, keyArn: AUDIT_KEY, keyType: "CUSTOMER_MANAGED_CMK" };
/** What both SIEM destinations share: the vault token, CloudWatch envelope removed, short buffers, failures to the archive. */
const DELIVERY = {
  secretsManagerConfiguration: {
    enabled: true,
    secretArn: "arn:aws:secretsmanager:eu-west-1:210987654321:secret/claude-code-prod/tokens/siem",
    roleArn: FIREHOSE_ROLE,
  },
  processingConfiguration: {
    enabled: true,
    processors: [
      { type: "Decompression", parameters: [{ parameterName: "CompressionFormat", parameterValue: "GZIP" }] },
      {
        type: "CloudWatchLogProcessing",
        parameters: [{ parameterName: "DataMessageExtraction", parameterValue: "true" }],
      },
    ],
  },
  bufferingSize: 1,
  bufferingInterval: 60,
  retryDuration: 3600,
  s3Configuration: {
    bucketArn: "arn:aws:s3:::telemetry-storage-archive",
    roleArn: FIREHOSE_ROLE,
    kmsKeyArn: AUDIT_KEY,
    bufferingSize: 64,
    bufferingInterval: 300,
    compressionFormat: "GZIP",
    prefix: "siem-failed/!{timestamp:yyyy/MM/dd}/",
    errorOutputPrefix: "siem-failed-errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/",
  },
};

function siemStream(result: Awaited<ReturnType<typeof synthesize>>) {
  const stream = result.resources.find(
    (r) =>
      r.type === "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream" && r.name === "telemetry-storage-to-siem",
  );
  assert.ok(stream, "no telemetry-storage-to-siem delivery stream");
  return stream.inputs as pulumi.Unwrap<aws.kinesis.FirehoseDeliveryStreamArgs>;
}

async function configProblems(file: string): Promise<string[]> {
  const error = await synthesize(readStack(file)).then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(error instanceof ConfigError, `expected a config error, got ${String(error)}`);
  return error.problems.map((p) => `${p.path}: ${p.message}`);
}

describe("SIEM set-up through the whole program", function () {
  this.timeout(120_000);

  describe("prod with a Splunk HEC URL and a secret siemToken", () => {
    let result: Awaited<ReturnType<typeof synthesize>>;
    before(async () => {
      result = await synthesize(
        readStack(prodWith("https://http-inputs-acme.splunkcloud.com/services/collector/raw", SECURE_TOKEN)),
      );
    });

    it("synthesizes with zero mandatory policy violations (secret-rotation passes the operator-supplied token)", () => {
      assert.equal(result.policyReport.mandatoryViolations, 0);
      const rotation = result.policyReport.policies.find((p) => p.name === "secret-rotation");
      assert.deepEqual([rotation?.status, rotation?.violations], ["passed", []]);
    });

    it("keeps the token in the vault tagged as operator-supplied, machine credentials unchanged", () => {
      const tags = (name: string) => result.resources.find((r) => r.name === name)?.inputs.tags;
      assert.deepEqual(tags("credentials-vault-token-siem"), {
        "credential-source": "operator",
        "managed-by": "claude-code-rollout",
      });
      assert.equal(
        (tags("credentials-vault-platform-machine") as Record<string, string>)["credential-source"],
        undefined,
      );
    });

    it("delivers through Firehose's Splunk destination, reading the vault secret with the Firehose role", () => {
      const secret = result.resources.find((r) => r.name === "credentials-vault-token-siem");
      assert.equal(secret?.inputs.name, "claude-code-prod/tokens/siem");
      // The whole destination, exactly: Raw HEC at the URL's origin, indexer acknowledgement, token from the vault.
      assert.deepEqual(siemStream(result), {
        destination: "splunk",
        serverSideEncryption: ENCRYPTION,
        splunkConfiguration: {
          hecEndpoint: "https://http-inputs-acme.splunkcloud.com",
          hecEndpointType: "Raw",
          hecAcknowledgmentTimeout: 300,
          ...DELIVERY,
          s3BackupMode: "FailedEventsOnly",
        },
      });
    });
  });

  it("sends a generic HTTPS endpoint through the HTTP endpoint destination, exactly", async () => {
    const result = await synthesize(readStack(prodWith("https://siem.example.com/ingest", SECURE_TOKEN)));
    assert.deepEqual(siemStream(result), {
      destination: "http_endpoint",
      serverSideEncryption: ENCRYPTION,
      httpEndpointConfiguration: {
        url: "https://siem.example.com/ingest",
        name: "Splunk",
        roleArn: FIREHOSE_ROLE,
        requestConfiguration: { contentEncoding: "GZIP" },
        ...DELIVERY,
        s3BackupMode: "FailedDataOnly",
      },
    });
    assert.equal(result.policyReport.mandatoryViolations, 0);
  });

  describe("errors that say how to set the token", () => {
    /** Runs index.ts as `pulumi up` would (config decrypted, secret keys marked); the problems it refuses with. */
    async function programProblems(config: Record<string, string>, secretKeys: string[]): Promise<string[]> {
      await installMocks({ stack: "prod", config, secretKeys });
      resetRecorded();
      delete require.cache[require.resolve(PROGRAM)];
      const error = await import(PROGRAM).then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(error instanceof ConfigError, String(error));
      assert.deepEqual(resources, [], "nothing may register before the config is refused");
      return error.problems.map((p) => `${p.path}: ${p.message}`);
    }

    it("refuses a plaintext siemToken and says how to set it as a secret (as `pulumi up` runs the program)", async () => {
      const stack = readStack(
        prodWith("https://siem.example.com/ingest", `  ${TOKEN_KEY}: 51D4DA16-C61B-4F5F-8EC7-ED4301342A4A\n`),
      );
      assert.deepEqual(await programProblems(stack.allConfig, stack.secretKeys), [
        "siemToken: is in plaintext in the stack file — delete that line and set it as a secret: pulumi config set --secret siemToken <token>",
      ]);
    });

    it("refuses a plaintext siemToken the same way in offline synth", async () => {
      assert.deepEqual(
        await configProblems(
          prodWith("https://siem.example.com/ingest", `  ${TOKEN_KEY}: 51D4DA16-C61B-4F5F-8EC7-ED4301342A4A\n`),
        ),
        [
          "siemToken: is in plaintext in the stack file — delete that line and set it as a secret: pulumi config set --secret siemToken <token>",
        ],
      );
    });

    it("treats an empty secret siemToken as none", async () => {
      const stack = readStack(prodWith("https://siem.example.com/ingest", ""));
      assert.deepEqual(
        await programProblems({ ...stack.allConfig, [TOKEN_KEY]: " \n" }, [...stack.secretKeys, TOKEN_KEY]),
        [
          "telemetry.siem: has no token — set it as a secret: pulumi config set --secret siemToken <token> (or remove telemetry.siem)",
        ],
      );
    });

    it("refuses telemetry.siem without a token and names the command", async () => {
      assert.deepEqual(await configProblems(prodWith("https://siem.example.com/ingest", "")), [
        "telemetry.siem: has no token — set it as a secret: pulumi config set --secret siemToken <token> (or remove telemetry.siem)",
      ]);
    });

    it("refuses a token with no SIEM to send it to", async () => {
      assert.deepEqual(await configProblems(prodWith(undefined, SECURE_TOKEN)), [
        "siemToken: is set but telemetry.siem is not — add telemetry.siem.url, or remove the token: pulumi config rm siemToken",
      ]);
    });
  });
});

/** Records, per resource name, the URNs each registration waits for (the engine's dependency edges). */
function recordDependencies(): Map<string, { all: string[]; byProperty: Record<string, string[]> }> {
  const edges = new Map<string, { all: string[]; byProperty: Record<string, string[]> }>();
  type Request = {
    getName(): string;
    getDependenciesList(): string[];
    getPropertydependenciesMap(): { forEach(fn: (value: { getUrnsList(): string[] }, key: string) => void): void };
  };
  const monitor = pulumi.runtime.getMonitor() as unknown as { registerResource(req: Request, cb: unknown): unknown };
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, cb) => {
    const byProperty: Record<string, string[]> = {};
    req.getPropertydependenciesMap().forEach((value, key) => {
      byProperty[key] = value.getUrnsList();
    });
    edges.set(req.getName(), { all: req.getDependenciesList(), byProperty });
    return register(req, cb);
  };
  return edges;
}

describe("SIEM wiring in index.ts: the Firehose role exists before the vault names it", function () {
  this.timeout(120_000);
  const TOKEN = "51D4DA16-C61B-4F5F-8EC7-ED4301342A4A";
  let edges: ReturnType<typeof recordDependencies>;

  before(async () => {
    const stack = readStack(prodWith("https://http-inputs-acme.splunkcloud.com/services/collector/raw", ""));
    // The decrypted token, as the Pulumi CLI hands a `secure:` value to the program.
    await installMocks({
      stack: "prod",
      config: { ...stack.allConfig, [TOKEN_KEY]: TOKEN },
      secretKeys: [...stack.secretKeys, TOKEN_KEY],
    });
    resetRecorded();
    edges = recordDependencies();
    delete require.cache[require.resolve(PROGRAM)];
    await import(PROGRAM);
    await settle();
  });

  it("makes the token's secret policy and the vault key policy wait for the role (an edge, not a name computed from config)", () => {
    const role = findResource("aws:iam/role:Role", "telemetry-firehose-role").urn;
    assert.ok(
      edges.get("credentials-vault-token-siem")?.byProperty.policy.includes(role),
      "the secret policy does not depend on the Firehose role",
    );
    assert.ok(
      edges.get("credentials-vault-key")?.byProperty.policy.includes(role),
      "the vault key policy does not depend on the Firehose role",
    );
    assert.equal(
      edges.get("credentials-vault-platform-machine")?.byProperty.policy.includes(role),
      false,
      "the machine credential must not wait for (or name) the Firehose role",
    );
  });

  it('writes the token as Splunk\'s {"hec_token"} JSON, write-only and secret', () => {
    const version = findResource(
      "aws:secretsmanager/secretVersion:SecretVersion",
      "credentials-vault-token-siem-value",
    );
    const value = version.inputs.secretStringWo as { value: string };
    assert.deepEqual(JSON.parse(value.value), { hec_token: TOKEN });
    assert.equal(version.inputs.secretString, undefined);
    assert.ok(
      !JSON.stringify(resources.filter((r) => r.name !== version.name).map((r) => r.inputs)).includes(TOKEN),
      "the token appears outside its write-only field",
    );
  });
});
