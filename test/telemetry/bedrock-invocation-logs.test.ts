import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as path from "path";
import { readStack } from "../../cli/stack";
import { synthesize } from "../../cli/synth/run";
import { ACCOUNT_ID } from "../../cli/runtime/mocks";
import {
  bedrockInvocationLogGroupName,
  BedrockInvocationLogs,
  bedrockLoggingTrustPolicy,
} from "../../components/telemetry/bedrock-invocation-logs";
import { findResource, installMocks, ofType, resetRecorded, settle } from "../mocks";
import { stackCopy } from "../fixtures/stack-copy";

// Bedrock model-invocation logging into the audit pipeline: a KMS-encrypted log group with the
// configured retention, a role only Bedrock of this account and region can assume, and the
// account's logging configuration with every payload kind an explicit choice.

const SCOPE = { partition: "aws", region: "eu-west-1", accountId: ACCOUNT_ID };
const KEY = `arn:aws:kms:eu-west-1:${ACCOUNT_ID}:key/audit`;

/** Registration order of the configuration against the role policy it must wait for. */
function recordDependencies(): Map<string, string[]> {
  const edges = new Map<string, string[]>();
  type Request = { getName(): string; getDependenciesList(): string[] };
  const monitor = pulumi.runtime.getMonitor() as unknown as { registerResource(req: Request, cb: unknown): unknown };
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, cb) => {
    edges.set(req.getName(), req.getDependenciesList());
    return register(req, cb);
  };
  return edges;
}

describe("telemetry: Bedrock invocation logs", () => {
  let edges: Map<string, string[]>;
  before(async () => {
    await installMocks({ stack: "prod" });
    resetRecorded();
    edges = recordDependencies();
    new BedrockInvocationLogs("telemetry-bedrock", {
      environment: "prod",
      scope: SCOPE,
      kmsKeyArn: KEY,
      retentionDays: 731,
      images: false,
      embeddings: true,
    });
    await settle();
  });

  it("writes to a log group encrypted with the audit key, kept as long as configured", () => {
    const group = findResource("aws:cloudwatch/logGroup:LogGroup", "telemetry-bedrock-log-group");
    assert.deepEqual(group.inputs, {
      name: "/claude-code-rollout/prod/bedrock-invocations",
      retentionInDays: 731,
      kmsKeyId: KEY,
    });
    assert.equal(bedrockInvocationLogGroupName("prod"), group.inputs.name);
  });

  it("logs text (and what the config chose) to CloudWatch through a role only Bedrock of this account can assume", () => {
    const [configuration] = ofType("aws:bedrockmodel/invocationLoggingConfiguration:InvocationLoggingConfiguration");
    const role = findResource("aws:iam/role:Role", "telemetry-bedrock-role");
    assert.deepEqual(configuration.inputs.loggingConfig, {
      cloudwatchConfig: {
        logGroupName: "/claude-code-rollout/prod/bedrock-invocations",
        roleArn: `arn:aws:iam::${ACCOUNT_ID}:role/telemetry-bedrock-role`,
      },
      textDataDeliveryEnabled: true,
      imageDataDeliveryEnabled: false,
      embeddingDataDeliveryEnabled: true,
      videoDataDeliveryEnabled: false,
    });
    assert.deepEqual(JSON.parse(role.inputs.assumeRolePolicy as string), bedrockLoggingTrustPolicy(SCOPE));
    assert.deepEqual(bedrockLoggingTrustPolicy(SCOPE).Statement, [
      {
        Effect: "Allow",
        Principal: { Service: "bedrock.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: {
          StringEquals: { "aws:SourceAccount": ACCOUNT_ID },
          ArnLike: { "aws:SourceArn": `arn:aws:bedrock:eu-west-1:${ACCOUNT_ID}:*` },
        },
      },
    ]);
    const policy = JSON.parse(
      findResource("aws:iam/rolePolicy:RolePolicy", "telemetry-bedrock-write").inputs.policy as string,
    );
    const group = `arn:aws:logs:eu-west-1:${ACCOUNT_ID}:log-group:/claude-code-rollout/prod/bedrock-invocations`;
    assert.deepEqual(policy.Statement, [
      {
        Sid: "WriteOneLogGroup",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
        Resource: [group, `${group}:log-stream:*`],
      },
    ]);
  });

  it("configures logging only after the role may write (Bedrock checks at once)", () => {
    const write = findResource("aws:iam/rolePolicy:RolePolicy", "telemetry-bedrock-write").urn;
    assert.ok(edges.get("telemetry-bedrock-configuration")?.includes(write));
  });
});

describe("telemetry: Bedrock invocation logs through the whole program (prod)", function () {
  this.timeout(180_000);
  let result: Awaited<ReturnType<typeof synthesize>>;
  before(async () => {
    const original = fs.readFileSync(path.resolve(__dirname, "..", "..", "stacks", "Pulumi.prod.yaml"), "utf8");
    const header = "  claude-code-rollout:telemetry:\n";
    assert.ok(original.includes(header), "the prod sample's telemetry section moved: update this test");
    const edited = original.replace(
      header,
      `${header}    logUserPrompts: true\n    bedrockInvocationLogs: { retentionDays: 731 }\n`,
    );
    result = await synthesize(readStack(stackCopy("prod", edited)));
  });

  it("registers the account's logging into the audit-key log group, which the key policy lets CloudWatch Logs use", () => {
    const byType = (type: string) => result.resources.filter((r) => r.type === type);
    const [configuration] = byType("aws:bedrockmodel/invocationLoggingConfiguration:InvocationLoggingConfiguration");
    const loggingConfig = configuration.inputs.loggingConfig as { cloudwatchConfig: { logGroupName: string } };
    assert.equal(loggingConfig.cloudwatchConfig.logGroupName, "/claude-code-rollout/prod/bedrock-invocations");
    const group = byType("aws:cloudwatch/logGroup:LogGroup").find(
      (g) => g.inputs.name === bedrockInvocationLogGroupName("prod"),
    );
    assert.deepEqual(
      [group?.inputs.retentionInDays, group?.inputs.kmsKeyId],
      [731, "arn:aws:kms:eu-west-1:210987654321:key/telemetry-storage-key"],
    );
    const keyPolicy = JSON.parse(
      result.resources.find((r) => r.type === "aws:kms/key:Key" && r.name === "telemetry-storage-key")!.inputs
        .policy as string,
    );
    const logs = keyPolicy.Statement.find(
      (s: { Principal?: { Service?: string } }) => s.Principal?.Service === "logs.eu-west-1.amazonaws.com",
    );
    assert.ok(
      logs.Condition.ArnEquals["kms:EncryptionContext:aws:logs:arn"].includes(
        "arn:aws:logs:eu-west-1:210987654321:log-group:/claude-code-rollout/prod/bedrock-invocations",
      ),
    );
  });

  it("synthesizes with zero mandatory policy violations", () => {
    assert.equal(result.policyReport.mandatoryViolations, 0);
  });
});
