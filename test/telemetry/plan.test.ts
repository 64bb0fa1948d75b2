import * as assert from "assert";
import { readStack } from "../../cli/stack";
import { loadRolloutConfig } from "../../components/config";
import { planTelemetry, telemetrySlice } from "../../components/plan/telemetry";
import { compileRollout, PINNED_CLIENT_VERSION } from "../../components/settings";
import { TelemetryPipeline } from "../../components/telemetry";
import { installMocks, resetRecorded, resources, settle } from "../mocks";
import { recordAliases } from "./aliases";
import { FIREHOSE_ROLE, pipelineArgs, policyHashesFor, ringOf, sampleTelemetry, sliceInput } from "./fixtures";

describe("planTelemetry (pure): every problem before any resource", () => {
  const config = loadRolloutConfig(readStack("prod").projectConfig, "prod");
  const rollout = compileRollout(config, PINNED_CLIENT_VERSION);
  const keys = rollout.profiles.map((p) => p.name);
  // A stack without rings: one ring running the current compile.
  const rings = [ringOf("all", rollout.profiles)];

  it("computes the expectation, names and statements once from what the rings run", () => {
    const { slice, problems } = planTelemetry({ config, rollout, rings });
    assert.deepStrictEqual(problems, []);
    assert.deepStrictEqual(slice!.expectation, {
      policyHashes: Object.fromEntries(rollout.profiles.map((p) => [p.name, [p.policyHash]])),
      resolvedSha256: Object.fromEntries(
        rollout.profiles.map((p) => [p.name, [p.resolvedSha256, p.windows.resolvedSha256].sort()]),
      ),
    });
    assert.strictEqual(slice!.names.firehoseRole, "claude-code-prod-telemetry-firehose");
    assert.strictEqual(slice!.names.keyAlias, "alias/claude-code-rollout-prod-audit");
    assert.strictEqual(slice!.endpoint, `https://${config.telemetry!.hostname}`);
    // The collector accepts exactly the profiles' apps: one per profile, sorted.
    assert.deepStrictEqual(slice!.profiles, [...keys].sort());
  });

  it("needs the credentials section: the profiles' apps it creates issue the telemetry tokens", () => {
    assert.deepStrictEqual(planTelemetry({ config: { ...config, credentials: undefined }, rollout, rings }), {
      slice: undefined,
      problems: [
        {
          path: "telemetry",
          message:
            "telemetry tokens are issued for each profile's Entra app, which the credentials section creates — add the credentials section, or remove telemetry",
        },
      ],
    });
  });

  it("has no slice and no problem when the stack has no telemetry section", () => {
    assert.deepStrictEqual(planTelemetry({ config: { ...config, telemetry: undefined }, rollout, rings }), {
      slice: undefined,
      problems: [],
    });
  });

  it("names the profiles when the collector configuration would not fit its task definition", () => {
    const policyHashes = policyHashesFor(150);
    const resolvedSha256 = Object.fromEntries(
      Object.keys(policyHashes).map((p) => [p, ["c".repeat(64), "d".repeat(64)]]),
    );
    const { slice, problems } = telemetrySlice(sliceInput({ policyHashes, resolvedSha256 }));
    assert.strictEqual(slice, undefined);
    assert.strictEqual(problems.length, 1);
    assert.strictEqual(problems[0].path, "profiles");
    assert.match(
      problems[0].message,
      /^the collector configuration is \d{5} bytes for 150 profiles accepting 300 hashes, the budget is 49152 \(an ECS task definition holds 64 KiB\) — merge profiles, or promote the rings still on an older release so fewer releases are pinned$/,
    );
  });

  it("fits 60 profiles while each has two releases pinned (both OS documents of each: four resolved hashes)", () => {
    const policyHashes = policyHashesFor(60);
    const four = (i: number) => [1, 2, 3, 4].map((n) => (i * 10 + n).toString(16).padStart(64, "c"));
    const resolvedSha256 = Object.fromEntries(Object.keys(policyHashes).map((p, i) => [p, four(i)]));
    assert.deepStrictEqual(telemetrySlice(sliceInput({ policyHashes, resolvedSha256 })).problems, []);
  });

  it("lists every fixed name a stack name breaks: characters and lengths, each with the fix", () => {
    const dotted = telemetrySlice(sliceInput({ environment: "prod.eu" })).problems;
    assert.deepStrictEqual(
      dotted.map((p) => [p.path, p.message]),
      [
        [
          "stack name",
          `the CloudWatch dashboard's name "claude-code-rollout-prod.eu" may hold only letters, digits, '-' and '_' — rename the stack without other characters`,
        ],
        [
          "stack name",
          `the collector's ECS task family "claude-code-rollout-prod.eu-collector" may hold only letters, digits, '-' and '_' — rename the stack without other characters`,
        ],
        [
          "stack name",
          `the audit key's KMS alias "alias/claude-code-rollout-prod.eu-audit" may hold only letters, digits, '/', '-' and '_' — rename the stack without other characters`,
        ],
      ],
    );
    const long = "e".repeat(34);
    assert.deepStrictEqual(telemetrySlice(sliceInput({ environment: long })).problems, [
      {
        path: "stack name",
        message: `the Firehose delivery role's name "claude-code-${long}-telemetry-firehose" is longer than 64 characters — use a shorter stack name`,
      },
    ]);
    assert.deepStrictEqual(telemetrySlice(sliceInput({ environment: "e".repeat(33) })).problems, []);
  });

  it("names a network listed twice by its index", () => {
    const telemetry = sampleTelemetry({
      network: { ...sampleTelemetry().network, allowedCidrs: ["10.0.0.0/8", "192.168.0.0/16", "10.0.0.0/8"] },
    });
    assert.deepStrictEqual(telemetrySlice(sliceInput({ telemetry })).problems, [
      {
        path: "telemetry.network.allowedCidrs[2]",
        message: '"10.0.0.0/8" is listed already (allowedCidrs[0]) — list each network once',
      },
    ]);
  });

  it("names every archive transition S3 would refuse, by its index, with the fix", () => {
    const archive = (transitions: { days: number; storageClass: string }[]) =>
      telemetrySlice(sliceInput({ telemetry: sampleTelemetry({ archive: { transitions } }) })).problems;
    assert.deepStrictEqual(
      archive([
        { days: 90, storageClass: "GLACIER_IR" },
        { days: 365, storageClass: "DEEP_ARCHIVE" },
      ]),
      [],
    );
    assert.deepStrictEqual(
      archive([
        { days: 30, storageClass: "STANDARD_IA" },
        { days: 60, storageClass: "GLACIER" },
        { days: 400, storageClass: "DEEP_ARCHIVE" },
      ]),
      [],
    );
    assert.deepStrictEqual(
      archive([
        { days: 365, storageClass: "GLACIER_IR" },
        { days: 10, storageClass: "STANDARD_IA" },
        { days: 20, storageClass: "GLACIER" },
        { days: 90, storageClass: "DEEP_ARCHIVE" },
      ]),
      [
        {
          path: "telemetry.archive.transitions[1]",
          message:
            "STANDARD_IA after 10 days: S3 moves objects there after 30 days at the earliest — use days: 30 or more",
        },
        {
          path: "telemetry.archive.transitions[2]",
          message:
            "GLACIER after 20 days is less than 30 days after STANDARD_IA (10): S3 keeps objects in an infrequent-access class 30 days first — use days: 40 or more",
        },
        {
          path: "telemetry.archive.transitions[0]",
          message:
            "GLACIER_IR after 365 days follows DEEP_ARCHIVE after 90 days: each transition must move to a colder class (STANDARD_IA → INTELLIGENT_TIERING → ONEZONE_IA → GLACIER_IR → GLACIER → DEEP_ARCHIVE) on a later day — reorder or drop one",
        },
      ],
    );
    assert.deepStrictEqual(
      archive([
        { days: 90, storageClass: "GLACIER" },
        { days: 90, storageClass: "DEEP_ARCHIVE" },
      ]).map((p) => p.path),
      ["telemetry.archive.transitions[1]"],
    );
  });

  it("names Bedrock invocation logs whose region is not the pipeline's", () => {
    const region = config.credentials!.region;
    const elsewhere = region === "us-east-1" ? "eu-west-1" : "us-east-1";
    // The certificate and the alarm topic in the pipeline's region, so only the Bedrock region differs.
    const moved = (arn: string) => arn.replace(/^(arn:[^:]+:[^:]+:)[^:]+/, `$1${elsewhere}`);
    const telemetry = {
      ...config.telemetry!,
      certificateArn: moved(config.telemetry!.certificateArn),
      alarmTopicArn: moved(config.telemetry!.alarmTopicArn),
    };
    const withLogs = {
      ...config,
      telemetry: { ...telemetry, logUserPrompts: true, bedrockInvocationLogs: { images: false, embeddings: false } },
    };
    assert.deepStrictEqual(planTelemetry({ config: withLogs, rollout, rings, awsRegion: elsewhere }).problems, [
      {
        path: "telemetry.bedrockInvocationLogs",
        message: `Bedrock runs in credentials.region ${region} but the audit pipeline in aws:region ${elsewhere} — invocation logs need both in one region: set one to the other, or remove telemetry.bedrockInvocationLogs`,
      },
    ]);
    // Without the logs, Bedrock's region may differ (clients reach the collector over HTTPS from anywhere).
    assert.deepStrictEqual(
      planTelemetry({ config: { ...config, telemetry }, rollout, rings, awsRegion: elsewhere }).problems,
      [],
    );
  });

  it("names a certificate or alarm topic outside the pipeline's region; without aws:region, no check", () => {
    const problems = telemetrySlice(sliceInput({ awsRegion: "us-east-2" })).problems;
    assert.deepStrictEqual(problems, [
      {
        path: "telemetry.certificateArn",
        message:
          "is in eu-west-1, the pipeline in aws:region us-east-2: the load balancer uses an ACM certificate of its own region — use one in us-east-2",
      },
      {
        path: "telemetry.alarmTopicArn",
        message:
          "is in eu-west-1, the pipeline in aws:region us-east-2: CloudWatch alarms notify topics of their own region — use one in us-east-2",
      },
    ]);
    assert.deepStrictEqual(telemetrySlice(sliceInput({ awsRegion: "eu-west-1" })).problems, []);
    assert.deepStrictEqual(telemetrySlice(sliceInput()).problems, []);
  });

  it("names a collector memory size Fargate has no task for at that cpu", () => {
    const collector = (cpu: number, memory: number) =>
      telemetrySlice(
        sliceInput({ telemetry: sampleTelemetry({ collector: { ...sampleTelemetry().collector, cpu, memory } }) }),
      ).problems;
    assert.deepStrictEqual(collector(512, 1024), []);
    assert.deepStrictEqual(collector(4096, 30720), []);
    assert.deepStrictEqual(collector(256, 512), []);
    assert.deepStrictEqual(collector(256, 4096), [
      {
        path: "telemetry.collector.memory",
        message:
          "4096 MiB does not suit cpu 256: Fargate takes 512–2048 MiB (512, 1024, 2048) for it — pick one of those",
      },
    ]);
    assert.deepStrictEqual(collector(1024, 1536), [
      {
        path: "telemetry.collector.memory",
        message:
          "1536 MiB does not suit cpu 1024: Fargate takes 2048–8192 MiB in 1024 steps for it — pick one of those",
      },
    ]);
  });

  it("throws on what no stack file can produce: compiled hashes that are not digests", () => {
    assert.throws(
      () => telemetrySlice(sliceInput({ policyHashes: { developer: "abc" } })),
      /^Error: policyHashes\.developer: expected sha256 hex digests — pass the policyHash of each release a ring pins$/,
    );
  });
});

describe("telemetry pipeline child names (under mocks)", () => {
  let aliasesOf: (type: string, name: string) => string[];

  before(async () => {
    await installMocks();
    aliasesOf = recordAliases();
    resetRecorded();
    new TelemetryPipeline(
      "tel",
      pipelineArgs({
        slice: { telemetry: sampleTelemetry({ siem: { url: "https://siem.example.com/ingest" } }) },
        siemSecret: {
          arn: "arn:aws:secretsmanager:eu-west-1:123456789012:secret:siem",
          kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/v",
        },
      }),
    );
    await settle();
  });

  it("gives every resource a name of its own, whatever its type", () => {
    const names = resources.filter((r) => !r.name.startsWith(FIREHOSE_ROLE)).map((r) => r.name);
    const repeated = names.filter((name, i) => names.indexOf(name) !== i);
    assert.deepStrictEqual(repeated, []);
    assert.ok(names.length > 50, `${names.length} resources`);
  });

  it("keeps each renamed child's former name as its alias, so an existing stack replaces nothing", () => {
    const renamed: [string, string, string][] = [
      ["aws:kms/alias:Alias", "tel-storage-key-alias", "tel-storage-key"],
      [
        "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
        "tel-storage-archive-public-access",
        "tel-storage-archive",
      ],
      [
        "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
        "tel-storage-archive-ownership",
        "tel-storage-archive",
      ],
      ["aws:s3/bucketVersioning:BucketVersioning", "tel-storage-archive-versioning", "tel-storage-archive"],
      [
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
        "tel-storage-archive-encryption",
        "tel-storage-archive",
      ],
      [
        "aws:s3/bucketObjectLockConfiguration:BucketObjectLockConfiguration",
        "tel-storage-archive-object-lock",
        "tel-storage-archive",
      ],
      ["aws:s3/bucketPolicy:BucketPolicy", "tel-storage-archive-policy", "tel-storage-archive"],
      [
        "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
        "tel-storage-archive-lifecycle",
        "tel-storage-archive",
      ],
      ["aws:iam/rolePolicy:RolePolicy", "tel-storage-subscription-access", "tel-storage-subscription"],
      [
        "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter",
        "tel-storage-subscription-to-archive",
        "tel-storage-to-archive",
      ],
      [
        "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter",
        "tel-storage-subscription-to-siem",
        "tel-storage-to-siem",
      ],
      ["aws:ec2/securityGroup:SecurityGroup", "tel-collector-alb-sg", "tel-collector-alb"],
      ["aws:iam/rolePolicy:RolePolicy", "tel-collector-execution-access", "tel-collector-execution"],
      ["aws:iam/role:Role", "tel-collector-task-role", "tel-collector-task"],
      ["aws:iam/rolePolicy:RolePolicy", "tel-collector-task-access", "tel-collector-task"],
      [
        "aws:cloudwatch/logMetricFilter:LogMetricFilter",
        "tel-signals-filter-rejected-decisions",
        "tel-signals-rejected-decisions",
      ],
      [
        "aws:cloudwatch/metricAlarm:MetricAlarm",
        "tel-signals-alarm-rejected-decisions",
        "tel-signals-rejected-decisions",
      ],
      ["aws:cloudwatch/queryDefinition:QueryDefinition", "tel-signals-query-policy-drift", "tel-signals-policy-drift"],
    ];
    for (const [type, name, old] of renamed) assert.deepStrictEqual(aliasesOf(type, name), [old], `${type} ${name}`);
    // Names that did not change carry no alias.
    assert.deepStrictEqual(aliasesOf("aws:s3/bucket:Bucket", "tel-storage-archive"), []);
    assert.deepStrictEqual(aliasesOf("aws:ecs/taskDefinition:TaskDefinition", "tel-collector-task"), []);
  });

  it("gives every metric filter, alarm and saved query its former name as alias", () => {
    const byRole = (type: string, role: string) =>
      resources
        .filter((r) => r.type === type)
        .map((r) => [r.name, aliasesOf(type, r.name)])
        .map(([name, aliases]) => [
          name,
          aliases,
          [`tel-signals-${(name as string).slice(`tel-signals-${role}-`.length)}`],
        ]);
    for (const [type, role] of [
      ["aws:cloudwatch/logMetricFilter:LogMetricFilter", "filter"],
      ["aws:cloudwatch/metricAlarm:MetricAlarm", "alarm"],
      ["aws:cloudwatch/queryDefinition:QueryDefinition", "query"],
    ]) {
      const found = byRole(type, role);
      assert.ok(found.length >= 3, type);
      for (const [name, aliases, expected] of found) assert.deepStrictEqual(aliases, expected, name as string);
    }
  });
});

describe("telemetry pipeline with Bedrock invocation logs (under mocks)", () => {
  const LOG_GROUPS = (key: { inputs: { policy?: unknown } }) =>
    JSON.parse(key.inputs.policy as string).Statement[1].Condition.ArnEquals["kms:EncryptionContext:aws:logs:arn"];

  it("adds the logs under the pipeline and lets the audit key encrypt their group; off, neither", async () => {
    await installMocks();
    for (const on of [true, false]) {
      resetRecorded();
      const telemetry = sampleTelemetry(
        on ? { logUserPrompts: true, bedrockInvocationLogs: { retentionDays: 731 } } : {},
      );
      new TelemetryPipeline("tel", pipelineArgs({ slice: { telemetry } }));
      await settle();
      const bedrock = resources.filter((r) => r.type === "claude-code-rollout:telemetry:BedrockInvocationLogs");
      assert.deepStrictEqual(
        bedrock.map((r) => r.name),
        on ? ["tel-bedrock"] : [],
      );
      const groups = [
        "arn:aws:logs:eu-west-1:123456789012:log-group:/claude-code-rollout/test/audit",
        "arn:aws:logs:eu-west-1:123456789012:log-group:/claude-code-rollout/test/collector",
        ...(on ? ["arn:aws:logs:eu-west-1:123456789012:log-group:/claude-code-rollout/test/bedrock-invocations"] : []),
      ];
      const key = resources.find((r) => r.type === "aws:kms/key:Key" && r.name === "tel-storage-key")!;
      assert.deepStrictEqual(LOG_GROUPS(key as { inputs: { policy?: unknown } }), groups);
      const names = resources.map((r) => r.name);
      assert.deepStrictEqual(
        names.filter((name, i) => names.indexOf(name) !== i),
        [],
        "every name its own",
      );
      if (on) {
        const group = resources.find(
          (r) => r.type === "aws:cloudwatch/logGroup:LogGroup" && r.name === "tel-bedrock-log-group",
        )!;
        assert.strictEqual(group.inputs.retentionInDays, 731);
      }
    }
  });
});
