import * as aws from "@pulumi/aws";
import type { Unwrap } from "@pulumi/pulumi";
import * as assert from "assert";
import { TelemetryPipeline } from "../../components/telemetry";
import { findResource, installMocks, ofType, resetRecorded, resources, settle } from "../mocks";
import { FIREHOSE_ROLE, pipelineArgs, policyHashesFor, PROFILE_APP_CLIENT_IDS, sampleTelemetry } from "./fixtures";

/** A recorded resource's inputs as the engine received them: the SDK's argument type, resolved. */
type Inputs<Args> = Unwrap<Args>;

const ACCOUNT = "123456789012";
const AUDIT_GROUP = "/claude-code-rollout/test/audit";
const KEY_ARN = "arn:aws:kms:eu-west-1:123456789012:key/tel-storage-key";
const ARCHIVE_ARN = "arn:aws:s3:::tel-storage-archive";
const json = (value: unknown) => JSON.parse(value as string);
const SIEM_SECRET = {
  arn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:siem-token",
  kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/vault",
};
const FIREHOSE_ROLE_ARN = "arn:aws:iam::123456789012:role/claude-code-test-telemetry-firehose";
/** CloudWatch Logs batches arrive gzip-compressed and wrapped: every destination gets the bare records. */
const UNWRAP = {
  enabled: true,
  processors: [
    { type: "Decompression", parameters: [{ parameterName: "CompressionFormat", parameterValue: "GZIP" }] },
    {
      type: "CloudWatchLogProcessing",
      parameters: [{ parameterName: "DataMessageExtraction", parameterValue: "true" }],
    },
  ],
};
/** Records the SIEM refused, in the archive under their own prefix. */
const SIEM_FAILED = {
  roleArn: FIREHOSE_ROLE_ARN,
  bucketArn: ARCHIVE_ARN,
  prefix: "siem-failed/!{timestamp:yyyy/MM/dd}/",
  errorOutputPrefix: "siem-failed-errors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/",
  compressionFormat: "GZIP",
  kmsKeyArn: KEY_ARN,
  bufferingSize: 64,
  bufferingInterval: 300,
};
const SSE = { enabled: true, keyType: "CUSTOMER_MANAGED_CMK", keyArn: KEY_ARN };
const siemStream = () =>
  findResource("aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream", "tel-storage-to-siem")
    .inputs as Inputs<aws.kinesis.FirehoseDeliveryStreamArgs>;

/** What the pipeline itself registered (the fixture's Firehose role is created before it, as in index.ts). */
const pipelineResources = () =>
  resources.filter((r) => r.custom && !r.name.startsWith(FIREHOSE_ROLE)).map((r) => r.name);

describe("telemetry pipeline (under mocks)", () => {
  before(() => installMocks());

  describe("with SIEM", () => {
    before(async () => {
      resetRecorded();
      new TelemetryPipeline(
        "tel",
        pipelineArgs({
          slice: { telemetry: sampleTelemetry({ siem: { url: "https://siem.example.com/ingest" } }) },
          siemSecret: SIEM_SECRET,
        }),
      );
      await settle();
    });

    it("keeps audit logs 400 days, encrypted with the pipeline's rotating CMK", () => {
      const group = findResource("aws:cloudwatch/logGroup:LogGroup", "tel-storage-audit");
      assert.deepEqual(group.inputs, { name: AUDIT_GROUP, retentionInDays: 400, kmsKeyId: KEY_ARN });
      const key = findResource("aws:kms/key:Key", "tel-storage-key");
      assert.equal(key.inputs.enableKeyRotation, true);
      const logsStatement = json(key.inputs.policy).Statement[1];
      assert.deepEqual(logsStatement.Principal, { Service: "logs.eu-west-1.amazonaws.com" });
      assert.deepEqual(logsStatement.Condition.ArnEquals["kms:EncryptionContext:aws:logs:arn"], [
        `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:${AUDIT_GROUP}`,
        `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/claude-code-rollout/test/collector`,
      ]);
    });

    it("makes the archive write-once for 365 days in COMPLIANCE mode and never expires it", () => {
      assert.equal(findResource("aws:s3/bucket:Bucket", "tel-storage-archive").inputs.objectLockEnabled, true);
      const lock = findResource(
        "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
        "tel-storage-archive-object-lock",
      );
      assert.deepEqual(lock.inputs.rule, { defaultRetention: { mode: "COMPLIANCE", days: 365 } });
      const lifecycle = findResource(
        "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
        "tel-storage-archive-lifecycle",
      );
      const [rule] = lifecycle.inputs.rules as Record<string, unknown>[];
      assert.deepEqual(rule.transitions, [
        { days: 90, storageClass: "GLACIER_IR" },
        { days: 365, storageClass: "DEEP_ARCHIVE" },
      ]);
      assert.equal(rule.expiration, undefined);
      assert.equal(rule.noncurrentVersionExpiration, undefined);
    });

    it("hardens the archive bucket", () => {
      const bucket = "tel-storage-archive-id";
      assert.deepEqual(
        findResource("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "tel-storage-archive-public-access")
          .inputs,
        { bucket, blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true },
      );
      assert.deepEqual(
        findResource("aws:s3/bucketOwnershipControls:BucketOwnershipControls", "tel-storage-archive-ownership").inputs
          .rule,
        { objectOwnership: "BucketOwnerEnforced" },
      );
      assert.deepEqual(
        findResource("aws:s3/bucketVersioning:BucketVersioning", "tel-storage-archive-versioning").inputs
          .versioningConfiguration,
        { status: "Enabled" },
      );
      assert.deepEqual(
        findResource(
          "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
          "tel-storage-archive-encryption",
        ).inputs.rules,
        [
          {
            applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY_ARN },
            bucketKeyEnabled: true,
          },
        ],
      );
      const policy = json(findResource("aws:s3/bucketPolicy:BucketPolicy", "tel-storage-archive-policy").inputs.policy);
      assert.deepEqual(policy.Statement, [
        {
          Sid: "DenyInsecureTransport",
          Effect: "Deny",
          Principal: "*",
          Action: "s3:*",
          Resource: [ARCHIVE_ARN, `${ARCHIVE_ARN}/*`],
          Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
      ]);
    });

    it("subscribes both delivery streams to every audit record", () => {
      const filters = ofType("aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter");
      assert.deepEqual(
        filters.map((f) => [f.name, f.inputs.logGroup, f.inputs.filterPattern, f.inputs.destinationArn]),
        [
          [
            "tel-storage-subscription-to-archive",
            AUDIT_GROUP,
            "",
            "arn:aws:kinesis:eu-west-1:123456789012:firehosedeliverystream/tel-storage-to-archive",
          ],
          [
            "tel-storage-subscription-to-siem",
            AUDIT_GROUP,
            "",
            "arn:aws:kinesis:eu-west-1:123456789012:firehosedeliverystream/tel-storage-to-siem",
          ],
        ],
      );
    });

    it("encrypts Firehose with the CMK and delivers to the archive and the SIEM, failures backed up to the archive", () => {
      const archive = findResource(
        "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
        "tel-storage-to-archive",
      ).inputs as Inputs<aws.kinesis.FirehoseDeliveryStreamArgs>;
      assert.deepEqual(archive.serverSideEncryption, {
        enabled: true,
        keyType: "CUSTOMER_MANAGED_CMK",
        keyArn: KEY_ARN,
      });
      assert.equal(archive.destination, "extended_s3");
      assert.equal(archive.extendedS3Configuration!.bucketArn, ARCHIVE_ARN);
      assert.equal(archive.extendedS3Configuration!.kmsKeyArn, KEY_ARN);
    });

    it("delivers a generic HTTPS URL through the HTTP endpoint destination, its token read from the vault as {api_key}", () => {
      // Exactly these keys: no accessKey (the token never enters the stream's config or the state), no Splunk block.
      assert.deepEqual(siemStream(), {
        destination: "http_endpoint",
        serverSideEncryption: SSE,
        httpEndpointConfiguration: {
          url: "https://siem.example.com/ingest",
          name: "SIEM",
          roleArn: FIREHOSE_ROLE_ARN,
          secretsManagerConfiguration: { enabled: true, secretArn: SIEM_SECRET.arn, roleArn: FIREHOSE_ROLE_ARN },
          requestConfiguration: { contentEncoding: "GZIP" },
          processingConfiguration: UNWRAP,
          bufferingSize: 1,
          bufferingInterval: 60,
          retryDuration: 3600,
          s3BackupMode: "FailedDataOnly",
          s3Configuration: SIEM_FAILED,
        },
      });
    });

    it("lets Firehose read only the SIEM token, through Secrets Manager, with the role it was given", () => {
      // The role comes from outside the pipeline (index.ts creates it before the vault names it).
      assert.deepEqual(
        ofType("aws:iam/role:Role")
          .filter((r) => r.name.includes("firehose"))
          .map((r) => [r.name, r.inputs.name]),
        [[`${FIREHOSE_ROLE}-role`, "claude-code-test-telemetry-firehose"]],
      );
      assert.deepEqual(
        json(findResource("aws:iam/role:Role", `${FIREHOSE_ROLE}-role`).inputs.assumeRolePolicy).Statement,
        [
          {
            Effect: "Allow",
            Principal: { Service: "firehose.amazonaws.com" },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } },
          },
        ],
      );
      assert.equal(
        findResource("aws:iam/rolePolicy:RolePolicy", "tel-storage-firehose").inputs.role,
        `${FIREHOSE_ROLE}-role-id`,
      );
      const policy = json(findResource("aws:iam/rolePolicy:RolePolicy", "tel-storage-firehose").inputs.policy);
      assert.deepEqual(
        policy.Statement.map((s: { Sid: string; Resource: string | string[] }) => [s.Sid, s.Resource]),
        [
          ["WriteArchive", [ARCHIVE_ARN, `${ARCHIVE_ARN}/*`]],
          ["EncryptArchiveObjects", [KEY_ARN]],
          ["ReadSiemToken", ["arn:aws:secretsmanager:eu-west-1:123456789012:secret:siem-token"]],
          ["DecryptSiemToken", ["arn:aws:kms:eu-west-1:123456789012:key/vault"]],
        ],
      );
    });

    it("serves HTTPS with a TLS 1.3/1.2 policy and only redirects plain HTTP", () => {
      const https = findResource("aws:lb/listener:Listener", "tel-collector-https")
        .inputs as Inputs<aws.lb.ListenerArgs>;
      assert.equal(https.protocol, "HTTPS");
      assert.equal(https.port, 443);
      assert.equal(https.sslPolicy, "ELBSecurityPolicy-TLS13-1-2-2021-06");
      assert.equal(
        https.certificateArn,
        "arn:aws:acm:eu-west-1:123456789012:certificate/8f3c2a1e-5b7d-4c9e-a1f2-3d4e5b6c7a81",
      );
      const http = findResource("aws:lb/listener:Listener", "tel-collector-http-redirect")
        .inputs as Inputs<aws.lb.ListenerArgs>;
      assert.deepEqual(
        [http.protocol, http.port, http.defaultActions],
        ["HTTP", 80, [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }]],
      );
      const alb = findResource("aws:lb/loadBalancer:LoadBalancer", "tel-collector-alb")
        .inputs as Inputs<aws.lb.LoadBalancerArgs>;
      assert.deepEqual([alb.internal, alb.subnets], [true, ["subnet-0a9b8c7d6e5f40311", "subnet-0a9b8c7d6e5f40312"]]);
    });

    it("lets clients reach only the load balancer, and only the load balancer reach the tasks", () => {
      const rules = ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule").map((r) => [
        r.name,
        r.inputs.cidrIpv4 ?? r.inputs.referencedSecurityGroupId,
        r.inputs.fromPort,
      ]);
      assert.deepEqual(rules, [
        ["tel-collector-alb-443-from-10-0-0-0-8", "10.0.0.0/8", 443],
        ["tel-collector-alb-80-from-10-0-0-0-8", "10.0.0.0/8", 80],
        ["tel-collector-tasks-from-alb-13133", "tel-collector-alb-sg-id", 13133],
        ["tel-collector-tasks-from-alb-4318", "tel-collector-alb-sg-id", 4318],
      ]);
      const service = findResource("aws:ecs/service:Service", "tel-collector-service")
        .inputs as Inputs<aws.ecs.ServiceArgs>;
      assert.deepEqual(service.networkConfiguration, {
        subnets: ["subnet-0c1d2e3f4a5b6c701", "subnet-0c1d2e3f4a5b6c702"],
        securityGroups: ["tel-collector-tasks-id"],
        assignPublicIp: false,
      });
    });

    it("limits the task role to writing its own log group (EMF metrics need no cloudwatch permission)", () => {
      const policy = json(findResource("aws:iam/rolePolicy:RolePolicy", "tel-collector-task-access").inputs.policy);
      const group = `arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:${AUDIT_GROUP}`;
      assert.deepEqual(policy.Statement, [
        {
          Sid: "WriteOneLogGroup",
          Effect: "Allow",
          Action: ["logs:CreateLogStream", "logs:DescribeLogStreams", "logs:PutLogEvents"],
          Resource: [group, `${group}:log-stream:*`],
        },
      ]);
    });

    it("runs the pinned collector image with the generated config", () => {
      const task = findResource("aws:ecs/taskDefinition:TaskDefinition", "tel-collector-task")
        .inputs as Inputs<aws.ecs.TaskDefinitionArgs>;
      const [container] = json(task.containerDefinitions);
      assert.equal(container.image, "otel/opentelemetry-collector-contrib:0.149.0");
      assert.deepEqual(container.command, ["--config=env:COLLECTOR_CONFIG"]);
      assert.match(
        container.environment[0].value,
        /issuer_url: https:\/\/login\.microsoftonline\.com\/3f6c9a1e-7b2d-4e8f-9c0a-5d1b2e3f4a6b\/v2\.0/,
      );
      // One authenticator takes one audience per issuer: the audience is checked by the processors instead.
      assert.match(container.environment[0].value, /ignore_audience: true/);
      assert.doesNotMatch(container.environment[0].value, /\baudience: /);
      assert.deepEqual(
        [task.requiresCompatibilities, task.networkMode, task.cpu, task.memory],
        [["FARGATE"], "awsvpc", "512", "1024"],
      );
    });

    it("alarms at the configured thresholds into the SNS topic", () => {
      const alarms = ofType("aws:cloudwatch/metricAlarm:MetricAlarm").map((a) => [
        a.name,
        a.inputs.metricName,
        a.inputs.threshold,
        a.inputs.period,
        a.inputs.alarmActions,
      ]);
      const topic = ["arn:aws:sns:eu-west-1:123456789012:security-alerts"];
      assert.deepEqual(alarms, [
        ["tel-signals-alarm-bypass-mode", "BypassModeChanges", 1, 300, topic],
        ["tel-signals-alarm-policy-drift", "UnshippedPolicySessions", 1, 900, topic],
        ["tel-signals-alarm-rejected-decisions", "RejectedToolDecisions", 25, 300, topic],
      ]);
    });

    it("publishes the drift metric in total for the alarm and per profile by dimension", () => {
      const filters = ofType("aws:cloudwatch/logMetricFilter:LogMetricFilter").map((f) => [
        f.name,
        (f.inputs.metricTransformation as Inputs<aws.cloudwatch.LogMetricFilterArgs>["metricTransformation"]).name,
        (f.inputs.metricTransformation as Inputs<aws.cloudwatch.LogMetricFilterArgs>["metricTransformation"])
          .dimensions,
      ]);
      assert.deepEqual(filters, [
        ["tel-signals-filter-bypass-mode", "BypassModeChanges", undefined],
        ["tel-signals-filter-policy-drift", "UnshippedPolicySessions", undefined],
        [
          "tel-signals-filter-policy-drift-by-profile",
          "UnshippedPolicySessions",
          { profile: "$.resource.rollout_profile" },
        ],
        ["tel-signals-filter-rejected-decisions", "RejectedToolDecisions", undefined],
        ["tel-signals-filter-unknown-profile", "UnknownProfileSessions", undefined],
      ]);
    });

    it("registers no Entra app of its own: the collector accepts each profile's app and stamps its profile", () => {
      // One app per profile (the credentials' ProfileApp) serves STS and telemetry; nothing here assigns groups.
      assert.deepEqual(
        resources.filter((r) => r.type.startsWith("azuread:")).map((r) => r.name),
        [],
      );
      const config = json(
        findResource("aws:ecs/taskDefinition:TaskDefinition", "tel-collector-task").inputs.containerDefinitions,
      )[0].environment[0].value as string;
      for (const [profile, clientId] of Object.entries(PROFILE_APP_CLIENT_IDS)) {
        assert.ok(
          config.includes(
            `set(resource.attributes["claude_code_rollout.profile"], "${profile}") where resource.attributes["claude_code_rollout.audience"] == "${clientId}"`,
          ),
          profile,
        );
      }
    });

    it("parents every child under a telemetry component", () => {
      const components = new Set(resources.filter((r) => !r.custom).map((r) => r.urn));
      const orphans = resources.filter((r) => r.custom && !components.has(r.parent ?? ""));
      assert.deepEqual(
        orphans.map((r) => r.name),
        [],
      );
    });
  });

  describe("with a Splunk HEC URL", () => {
    const deliver = async (url: string) => {
      resetRecorded();
      new TelemetryPipeline(
        "tel",
        pipelineArgs({
          slice: { telemetry: sampleTelemetry({ siem: { url, name: "Splunk" } }) },
          siemSecret: SIEM_SECRET,
        }),
      );
      await settle();
      return siemStream();
    };

    it("uses Firehose's Splunk destination: the HEC host, the raw endpoint, token {hec_token} from the vault, acknowledged, failures to the archive", async () => {
      assert.deepEqual(await deliver("https://http-inputs-acme.splunkcloud.com/services/collector/raw"), {
        destination: "splunk",
        serverSideEncryption: SSE,
        splunkConfiguration: {
          hecEndpoint: "https://http-inputs-acme.splunkcloud.com",
          hecEndpointType: "Raw",
          hecAcknowledgmentTimeout: 300,
          secretsManagerConfiguration: { enabled: true, secretArn: SIEM_SECRET.arn, roleArn: FIREHOSE_ROLE_ARN },
          processingConfiguration: UNWRAP,
          bufferingSize: 1,
          bufferingInterval: 60,
          retryDuration: 3600,
          s3BackupMode: "FailedEventsOnly",
          s3Configuration: SIEM_FAILED,
        },
      });
    });

    for (const [url, endpoint] of [
      ["https://splunk.example.com:8088/services/collector", "https://splunk.example.com:8088"],
      ["https://splunk.example.com:443/services/collector/raw/1.0/", "https://splunk.example.com"],
    ] as const) {
      it(`sends ${url} to ${endpoint} as the Raw endpoint (Firehose adds the HEC path itself)`, async () => {
        const stream = await deliver(url);
        assert.deepEqual(
          [
            stream.destination,
            stream.splunkConfiguration!.hecEndpoint,
            stream.splunkConfiguration!.hecEndpointType,
            stream.httpEndpointConfiguration,
          ],
          ["splunk", endpoint, "Raw", undefined],
        );
      });
    }

    it("keeps a URL that only mentions the collector path elsewhere on the HTTP endpoint destination", async () => {
      const stream = await deliver("https://siem.example.com/services/collector/raw/extra");
      assert.deepEqual(
        [stream.destination, stream.httpEndpointConfiguration!.url, stream.splunkConfiguration],
        ["http_endpoint", "https://siem.example.com/services/collector/raw/extra", undefined],
      );
    });
  });

  describe("at scale", () => {
    for (const count of [4, 60]) {
      it(`creates the same 5 metric filters for ${count} profiles, each pattern within 1 024 characters, and stamps every profile in the collector`, async () => {
        resetRecorded();
        const policyHashes = policyHashesFor(count);
        new TelemetryPipeline("tel", pipelineArgs({ slice: { policyHashes } }));
        await settle();
        const filters = ofType("aws:cloudwatch/logMetricFilter:LogMetricFilter");
        assert.deepEqual(
          filters.map((f) => f.name),
          [
            "tel-signals-filter-bypass-mode",
            "tel-signals-filter-policy-drift",
            "tel-signals-filter-policy-drift-by-profile",
            "tel-signals-filter-rejected-decisions",
            "tel-signals-filter-unknown-profile",
          ],
        );
        const longest = Math.max(...filters.map((f) => (f.inputs.pattern as string).length));
        assert.equal(longest, 160); // the policy-drift total, whatever the profiles: far below the limit
        const alarmed = ofType("aws:cloudwatch/metricAlarm:MetricAlarm")
          .map((a) => a.inputs.metricName)
          .sort();
        assert.deepEqual(alarmed, ["BypassModeChanges", "RejectedToolDecisions", "UnshippedPolicySessions"]);
        const config = json(
          findResource("aws:ecs/taskDefinition:TaskDefinition", "tel-collector-task").inputs.containerDefinitions,
        )[0].environment[0].value as string;
        assert.equal(config.match(/, "expected"\) where /g)?.length, count);
        assert.ok(
          config.includes(
            `IsMatch(resource.attributes["claude_code_rollout.profile"], "^(${Object.keys(policyHashes).join("|")})$")`,
          ),
        );
      });
    }
  });

  describe("without SIEM", () => {
    it("creates one delivery stream and one subscription", async () => {
      resetRecorded();
      new TelemetryPipeline("tel", pipelineArgs());
      await settle();
      assert.deepEqual(
        ofType("aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream").map((r) => r.name),
        ["tel-storage-to-archive"],
      );
      assert.deepEqual(
        ofType("aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter").map((r) => r.name),
        ["tel-storage-subscription-to-archive"],
      );
    });

    it("refuses a profile without its app's client id (a wiring error), before registering anything", () => {
      resetRecorded();
      assert.throws(
        () =>
          new TelemetryPipeline(
            "tel-missing",
            pipelineArgs({ profileAppClientIds: { developer: "11111111-1111-4111-8111-111111111111" } }),
          ),
        /^Error: TelemetryPipeline: profileAppClientIds has profiles \[developer\], the plan \[developer,platform\]/,
      );
      assert.deepEqual(pipelineResources(), []);
    });

    it("refuses a SIEM endpoint without its vault token (a wiring error: the plan checked the stack), before registering anything", () => {
      resetRecorded();
      assert.throws(
        () =>
          new TelemetryPipeline(
            "tel",
            pipelineArgs({ slice: { telemetry: sampleTelemetry({ siem: { url: "https://siem.example.com/" } }) } }),
          ),
        /^Error: TelemetryPipeline: siemSecret must be given exactly when telemetry\.siem is set \(siem set, secret missing\)/,
      );
      assert.deepEqual(pipelineResources(), []);
    });
  });
});
