import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { TelemetryPlan } from "../plan/telemetry";
import { AuditSignals } from "./audit-signals";
import { AuditStorage } from "./audit-storage";
import { bedrockInvocationLogGroupName, BedrockInvocationLogs } from "./bedrock-invocation-logs";
import { Collector } from "./collector";
import { FirehoseDeliveryRole } from "./firehose-role";
import { Scope } from "./iam";

export interface TelemetryPipelineArgs {
  /** The plan's telemetry slice (planTelemetry): config, names, expectation, filters and alarms, all checked. */
  readonly plan: TelemetryPlan;
  /**
   * Per profile (plan.profiles, each one), the client id of its Entra app (the credentials' ProfileApp):
   * the one app a profile's users get tokens for, for Bedrock and telemetry alike. Its app-role
   * assignments decide who may send; the token's audience tells the collector the profile.
   */
  readonly profileAppClientIds: Readonly<Record<string, pulumi.Input<string>>>;
  /** Firehose's delivery role, created first so the vault can name it (see FirehoseDeliveryRole). */
  readonly firehoseRole: FirehoseDeliveryRole;
  /** The SIEM token in the vault, in the destination's shape (siemSecretValue): given exactly when `telemetry.siem` is set. */
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
  readonly archiveBucket: pulumi.Output<string>;
  readonly auditLogGroupName: pulumi.Output<string>;
  readonly dashboardName: pulumi.Output<string>;

  constructor(name: string, args: TelemetryPipelineArgs, opts?: pulumi.ComponentResourceOptions) {
    super(TelemetryPipeline.__pulumiType, name, {}, opts);
    checkWiring(args);
    const parent = { parent: this };
    const { plan } = args;
    const telemetry = plan.config;
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

    const storage = new AuditStorage(
      `${name}-storage`,
      {
        scope,
        firehoseRole: args.firehoseRole.role,
        auditLogGroupName: plan.names.auditLogGroup,
        collectorLogGroupName: plan.names.collectorLogGroup,
        keyAlias: plan.names.keyAlias,
        // Only when on: otherwise every stack's key policy would change.
        ...(telemetry.bedrockInvocationLogs && {
          extraLogGroupNames: [bedrockInvocationLogGroupName(plan.environment)],
        }),
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
    if (telemetry.bedrockInvocationLogs) {
      new BedrockInvocationLogs(
        `${name}-bedrock`,
        {
          environment: plan.environment,
          scope,
          kmsKeyArn: storage.key.arn,
          retentionDays: telemetry.bedrockInvocationLogs.retentionDays ?? telemetry.retentionDays,
          images: telemetry.bedrockInvocationLogs.images,
          embeddings: telemetry.bedrockInvocationLogs.embeddings,
        },
        parent,
      );
    }
    const collector = new Collector(
      `${name}-collector`,
      {
        scope,
        taskFamily: plan.names.taskFamily,
        tenantId: plan.tenantId,
        audiences: args.profileAppClientIds,
        network: telemetry.network,
        certificateArn: telemetry.certificateArn,
        collector: telemetry.collector,
        auditLogGroupName: storage.auditLogGroup.name,
        collectorLogGroupName: storage.collectorLogGroup.name,
        policyStatus: plan.policyStatus,
      },
      parent,
    );
    const signals = new AuditSignals(
      `${name}-signals`,
      { plan, region: scope.region, logGroupName: storage.auditLogGroup.name },
      parent,
    );

    this.endpoint = plan.endpoint;
    this.loadBalancerDnsName = collector.loadBalancer.dnsName;
    this.archiveBucket = storage.archiveBucket.bucket;
    this.auditLogGroupName = storage.auditLogGroup.name;
    this.dashboardName = signals.dashboard.dashboardName;
    this.registerOutputs({
      endpoint: this.endpoint,
      loadBalancerDnsName: this.loadBalancerDnsName,
      archiveBucket: this.archiveBucket,
      auditLogGroupName: this.auditLogGroupName,
      dashboardName: this.dashboardName,
    });
  }
}

/**
 * The plan checked the stack file; what is left are the program's own promises to this component
 * (a SIEM secret exactly when the plan has a SIEM, an app for every planned profile): programming errors.
 */
function checkWiring(args: TelemetryPipelineArgs): void {
  if (Boolean(args.plan.config.siem) !== Boolean(args.siemSecret)) {
    throw new Error(
      `TelemetryPipeline: siemSecret must be given exactly when telemetry.siem is set (siem ${args.plan.config.siem ? "set" : "unset"}, secret ${args.siemSecret ? "given" : "missing"}) — planRollout checks the token; pass the vault's secret`,
    );
  }
  const given = Object.keys(args.profileAppClientIds).sort().join(",");
  const planned = [...args.plan.profiles].sort().join(",");
  if (given !== planned) {
    throw new Error(
      `TelemetryPipeline: profileAppClientIds has profiles [${given}], the plan [${planned}] — pass each planned profile's app client id (Credentials.profiles)`,
    );
  }
}
