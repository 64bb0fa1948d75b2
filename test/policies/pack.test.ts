// Runs policies/ the way `pulumi preview --policy-pack policies` does — the pack started by
// @pulumi/pulumi's run-policy-pack (ts-node with type checking) — and talks to it over the
// analyzer gRPC protocol: analyzer info, config with exemptions, analyze and analyzeStack.
import { strict as assert } from "node:assert";
import { ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { JavaScriptValue, Struct } from "google-protobuf/google/protobuf/struct_pb";
import * as analyzerRpc from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import { allPolicies } from "../../policies/rules";

const PACK_DIR = join(__dirname, "../../policies");
const RUNNER = require.resolve("@pulumi/pulumi/cmd/run-policy-pack");
const STACK = "urn:pulumi:dev::claude-code-rollout";

describe("policy pack served over the analyzer protocol", function () {
  this.timeout(120_000);
  let pack: ChildProcess;
  let client: analyzerRpc.AnalyzerClient;

  before(async () => {
    pack = spawn(process.execPath, [RUNNER, "127.0.0.1:1", "."], { cwd: PACK_DIR, stdio: ["ignore", "pipe", "pipe"] });
    const port = await firstLine(pack);
    client = new analyzerRpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  });

  after(() => {
    client?.close();
    pack?.kill();
  });

  it("announces every policy with its level and config schema", async () => {
    const info = await call<analyzer.AnalyzerInfo>((cb) => client.getAnalyzerInfo(new Empty(), cb));
    const policies = info.getPoliciesList();
    assert.equal(info.getName(), "claude-code-rollout-guardrails");
    // The served pack (its own process, as the CLI starts it) announces exactly the policies the pack module lists.
    assert.deepEqual(policies.map((p) => p.getName()).sort(), allPolicies.map((p) => p.name).sort());
    const telemetry = policies.find((p) => p.getName() === "settings-telemetry-otlp")!;
    assert.equal(telemetry.getEnforcementlevel(), analyzer.EnforcementLevel.ADVISORY);
    const iam = policies.find((p) => p.getName() === "iam-role-max-session")!;
    assert.deepEqual(iam.getConfigschema()!.getProperties()!.toJavaScript().maxSessionSeconds, {
      type: "integer",
      minimum: 900,
      maximum: 43200,
      description: "Longest session, in seconds.",
      default: 3600,
    });
  });

  it("applies config thresholds and exemptions to resource and stack policies", async () => {
    const request = new analyzer.ConfigureAnalyzerRequest();
    const exemptions = [{ resource: "legacy-*", reason: "Imported key material", expires: "2999-12-31" }];
    request
      .getPolicyconfigMap()
      .set("kms-key-rotation", policyConfig(analyzer.EnforcementLevel.MANDATORY, { exemptions }));
    request
      .getPolicyconfigMap()
      .set("iam-role-max-session", policyConfig(analyzer.EnforcementLevel.MANDATORY, { maxSessionSeconds: 1800 }));
    await call((cb) => client.configure(request, cb));

    const analyze = async (type: string, name: string, props: Record<string, JavaScriptValue>) => {
      const req = new analyzer.AnalyzeRequest();
      req
        .setType(type)
        .setName(name)
        .setUrn(`${STACK}::${type}::${name}`)
        .setProperties(Struct.fromJavaScript(props))
        .setOptions(new analyzer.AnalyzerResourceOptions());
      const response = await call<analyzer.AnalyzeResponse>((cb) => client.analyze(req, cb));
      return response.getDiagnosticsList().map((d) => `${d.getPolicyname()}: ${violationOf(d)}`);
    };
    assert.deepEqual(await analyze("aws:kms/key:Key", "legacy-key", {}), []);
    assert.deepEqual(await analyze("aws:kms/key:Key", "new-key", {}), [
      "kms-key-rotation: enableKeyRotation is not true.",
    ]);
    assert.deepEqual(await analyze("aws:iam/role:Role", "r", { assumeRolePolicy: "{}" }), [
      "iam-role-max-session: maxSessionDuration is 3600 s; at most 1800 s is allowed.",
    ]);

    const stack = new analyzer.AnalyzeStackRequest();
    const bucket = new analyzer.AnalyzerResource();
    bucket
      .setType("aws:s3/bucket:Bucket")
      .setName("bare")
      .setUrn(`${STACK}::aws:s3/bucket:Bucket::bare`)
      .setProperties(Struct.fromJavaScript({ id: "bare" }))
      .setOptions(new analyzer.AnalyzerResourceOptions());
    stack.setResourcesList([bucket]);
    const response = await call<analyzer.AnalyzeResponse>((cb) => client.analyzeStack(stack, cb));
    assert.deepEqual(
      response
        .getDiagnosticsList()
        .filter((d) => d.getPolicyname() === "s3-bucket-hardening")
        .map((d) => [d.getUrn(), violationOf(d)]),
      [
        "no BucketPublicAccessBlock",
        "no BucketServerSideEncryptionConfiguration",
        "no BucketVersioning",
        "no BucketPolicy (a Deny on aws:SecureTransport = false is required)",
      ].map((m) => [`${STACK}::aws:s3/bucket:Bucket::bare`, `Bucket bare: ${m}.`]),
    );
  });
});

/** The server sends "<policy description>\n<violation>"; keep the violation. */
function violationOf(diagnostic: analyzer.AnalyzeDiagnostic): string {
  const [description, ...violation] = diagnostic.getMessage().split("\n");
  assert.equal(description, diagnostic.getDescription());
  return violation.join("\n");
}

function policyConfig(
  level: analyzer.EnforcementLevel,
  properties: Record<string, JavaScriptValue>,
): analyzer.PolicyConfig {
  return new analyzer.PolicyConfig().setEnforcementlevel(level).setProperties(Struct.fromJavaScript(properties));
}

function call<T>(invoke: (cb: (err: grpc.ServiceError | null, value?: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => invoke((err, value) => (err ? reject(err) : resolve(value as T))));
}

/** The pack prints its port as the first stdout line; stderr is kept for the failure message. */
function firstLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = "";
    let err = "";
    child.stderr!.on("data", (d) => (err += d));
    child.stdout!.on("data", (d) => {
      out += d;
      if (out.includes("\n")) resolve(out.split("\n")[0].trim());
    });
    child.on("exit", (code) => reject(new Error(`policy pack exited with ${code} before listening:\n${err}`)));
  });
}
