import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { TelemetryConfig } from "../config";
import { SIEM_TOKEN_COMMAND } from "../config/telemetry";
import { collectorUrl } from "../settings/telemetry";
import { AuditSignals } from "./alarms";
import { Collector } from "./collector";
import { checkCollectorConfigSize } from "./collector-config";
import { TelemetryApp } from "./entra";
import { FirehoseDeliveryRole } from "./firehose-role";
import { Scope } from "./iam";
import { PolicyExpectation, validatePolicyExpectation } from "./policy-status";
import { metricFilterSpecs, validateMetricFilters } from "./signals";
import { AuditStorage } from "./storage";

export interface TelemetryPipelineArgs {
  /** Stack name, e.g. "prod". */
  readonly environment: string;
  /** Entra tenant the tokens are issued by. */
  readonly tenantId: string;
  /** The validated `telemetry` section of the stack config. */
  readonly telemetry: TelemetryConfig;
  /** Identifier URI of the telemetry app; the compiled settings name it (telemetryAppIdentifierUri). */
  readonly identifierUri: string;
  /** Profile → policy hash shipped to it (CompiledProfile.policyHash). */
  readonly policyHashes: Readonly<Record<string, string>>;
  /** Profile → resolved_sha256 the client reports for the shipped documents (`out/<stack>/verify/resolved.json`). */
  readonly expectedResolvedSha256?: Readonly<Record<string, string | readonly string[]>>;
  /** Stable key → Entra object id of each group allowed to send telemetry (from the identity component). */
  readonly assignedPrincipals: Readonly<Record<string, pulumi.Input<string>>>;
  /** Firehose's delivery role, created first so the vault can name it (see FirehoseDeliveryRole). */
  readonly firehoseRole: FirehoseDeliveryRole;
  /** The SIEM token in the vault, in the destination's shape (siemSecretValue): required when `telemetry.siem` is set. */
  readonly siemSecret?: { readonly arn: pulumi.Input<string>; readonly kmsKeyArn: pulumi.Input<string> };
}

/**
 * The audit telemetry pipeline: Entra-authenticated OTLP collector → KMS-encrypted CloudWatch Logs →
 * Firehose → write-once S3 archive (+ SIEM), with alarms, a dashboard and saved queries.
 */
export class TelemetryPipeline extends pulumi.ComponentResource {
  static readonly __pulumiType = "claude-code-rollout:telemetry:TelemetryPipeline";
  /** Where clients send OTLP (point the hostname's DNS record at the load balancer). */
  readonly endpoint: string;
  readonly loadBalancerDnsName: pulumi.Output<string>;
  readonly telemetryClientId: pulumi.Output<string>;
  readonly archiveBucket: pulumi.Output<string>;
  readonly auditLogGroupName: pulumi.Output<string>;
  readonly dashboardName: pulumi.Output<string>;

  constructor(name: string, args: TelemetryPipelineArgs, opts?: pulumi.ComponentResourceOptions) {
    super(TelemetryPipeline.__pulumiType, name, {}, opts);
    validatePipelineArgs(args);
    const parent = { parent: this };
    const { telemetry, environment } = args;
    const expectation: PolicyExpectation = {
      policyHashes: args.policyHashes,
      resolvedSha256: args.expectedResolvedSha256,
    };
    const scope: pulumi.Output<Scope> = pulumi
      .all([
        aws.getPartitionOutput({}, parent),
        aws.getRegionOutput({}, parent),
        aws.getCallerIdentityOutput({}, parent),
      ])
      .apply(([partition, region, identity]) => ({
        partition: partition.partition,
        region: region.region,
        accountId: identity.accountId,
      }));

    const app = new TelemetryApp(
      `${name}-entra`,
      { environment, identifierUri: args.identifierUri, assignedPrincipals: args.assignedPrincipals },
      parent,
    );
    const storage = new AuditStorage(
      `${name}-storage`,
      {
        scope,
        firehoseRole: args.firehoseRole.role,
        auditLogGroupName: auditLogGroupName(environment),
        collectorLogGroupName: `/claude-code-rollout/${environment}/collector`,
        retentionDays: telemetry.retentionDays,
        archive: telemetry.archive,
        siem: telemetry.siem &&
          args.siemSecret && {
            ...telemetry.siem,
            secretArn: args.siemSecret.arn,
            secretKeyArn: args.siemSecret.kmsKeyArn,
          },
      },
      parent,
    );
    const collector = new Collector(
      `${name}-collector`,
      {
        scope,
        environment,
        tenantId: args.tenantId,
        audience: app.clientId,
        network: telemetry.network,
        certificateArn: telemetry.certificateArn,
        collector: telemetry.collector,
        auditLogGroupName: storage.auditLogGroup.name,
        collectorLogGroupName: storage.collectorLogGroup.name,
        expectation,
      },
      parent,
    );
    const signals = new AuditSignals(
      `${name}-signals`,
      {
        environment,
        region: scope.region,
        logGroupName: storage.auditLogGroup.name,
        alarmTopicArn: telemetry.alarmTopicArn,
        thresholds: telemetry.alarms,
      },
      parent,
    );

    this.endpoint = collectorUrl(telemetry.hostname);
    this.loadBalancerDnsName = collector.loadBalancer.dnsName;
    this.telemetryClientId = app.clientId;
    this.archiveBucket = storage.archiveBucket.bucket;
    this.auditLogGroupName = storage.auditLogGroup.name;
    this.dashboardName = signals.dashboard.dashboardName;
    this.registerOutputs({
      endpoint: this.endpoint,
      loadBalancerDnsName: this.loadBalancerDnsName,
      telemetryClientId: this.telemetryClientId,
      archiveBucket: this.archiveBucket,
      auditLogGroupName: this.auditLogGroupName,
      dashboardName: this.dashboardName,
    });
  }
}

/** Checks the args before anything registers; messages name the input and the fix. */
export function validatePipelineArgs(args: TelemetryPipelineArgs): void {
  if (args.telemetry.siem && !args.siemSecret) {
    throw new Error(
      `telemetry.siem is set but no SIEM token was passed (siemSecret) — set the token (${SIEM_TOKEN_COMMAND}) and keep it in the vault, or remove telemetry.siem`,
    );
  }
  if (!args.telemetry.siem && args.siemSecret) {
    throw new Error(
      "a SIEM token was passed (siemSecret) but telemetry.siem is not set — add telemetry.siem.url, or stop passing the secret",
    );
  }
  if (Object.keys(args.assignedPrincipals).length === 0) {
    throw new Error("assignedPrincipals is empty — assign the profile groups, or no user can get a telemetry token");
  }
  const expectation = { policyHashes: args.policyHashes, resolvedSha256: args.expectedResolvedSha256 };
  validatePolicyExpectation(expectation);
  validateMetricFilters(metricFilterSpecs());
  // The audience (an app client id) and region are only known at deploy time: placeholders of their length.
  checkCollectorConfigSize({
    tenantId: args.tenantId,
    audience: PLACEHOLDER_CLIENT_ID,
    region: PLACEHOLDER_REGION,
    logGroupName: auditLogGroupName(args.environment),
    expectation,
  });
}

const PLACEHOLDER_CLIENT_ID = "00000000-0000-0000-0000-000000000000";
const PLACEHOLDER_REGION = "ap-southeast-7";

function auditLogGroupName(environment: string): string {
  return `/claude-code-rollout/${environment}/audit`;
}
