import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { renderDashboardBody } from "./dashboard";
import { AUDIT_NAMESPACE } from "./names";
import { AlarmThresholds, alarmSpecs, metricFilterSpecs, savedQueries, validateMetricFilters } from "./signals";

export interface AuditSignalsArgs {
  readonly environment: string;
  readonly region: pulumi.Input<string>;
  readonly logGroupName: pulumi.Input<string>;
  readonly alarmTopicArn: string;
  readonly thresholds: AlarmThresholds;
}

/** Metric filters and alarms on the audit log group, the dashboard, and saved investigation queries. */
export class AuditSignals extends pulumi.ComponentResource {
  static readonly __pulumiType = "claude-code-rollout:telemetry:AuditSignals";
  readonly dashboard: aws.cloudwatch.Dashboard;

  constructor(name: string, args: AuditSignalsArgs, opts?: pulumi.ComponentResourceOptions) {
    super(AuditSignals.__pulumiType, name, {}, opts);
    const parent = { parent: this };
    // Pure and throwing: runs before any child registers.
    const filters = metricFilterSpecs();
    validateMetricFilters(filters);
    const alarms = alarmSpecs(args.thresholds);

    const metricFilters = filters.map(
      (filter) =>
        new aws.cloudwatch.LogMetricFilter(
          `${name}-${filter.key}`,
          {
            name: filter.key,
            logGroupName: args.logGroupName,
            pattern: filter.pattern,
            metricTransformation: {
              name: filter.metricName,
              namespace: AUDIT_NAMESPACE,
              value: "1",
              unit: "Count",
              dimensions: filter.dimensions,
            },
          },
          parent,
        ),
    );
    for (const alarm of alarms) {
      new aws.cloudwatch.MetricAlarm(
        `${name}-${alarm.key}`,
        {
          name: `claude-code-rollout-${args.environment}-${alarm.key}`,
          alarmDescription: alarm.description,
          namespace: AUDIT_NAMESPACE,
          metricName: alarm.metricName,
          statistic: "Sum",
          period: alarm.periodSeconds,
          evaluationPeriods: 1,
          threshold: alarm.threshold,
          comparisonOperator: "GreaterThanOrEqualToThreshold",
          treatMissingData: "notBreaching",
          alarmActions: [args.alarmTopicArn],
          okActions: [args.alarmTopicArn],
        },
        { parent: this, dependsOn: metricFilters },
      );
    }

    this.dashboard = new aws.cloudwatch.Dashboard(
      `${name}-dashboard`,
      {
        dashboardName: `claude-code-rollout-${args.environment}`,
        dashboardBody: pulumi
          .all([args.region, args.logGroupName])
          .apply(([region, logGroupName]) => renderDashboardBody({ region, logGroupName })),
      },
      parent,
    );

    const queries = savedQueries();
    for (const key of Object.keys(queries)) {
      new aws.cloudwatch.QueryDefinition(
        `${name}-${key}`,
        {
          name: `claude-code-rollout/${args.environment}/${queries[key].title}`,
          logGroupNames: [args.logGroupName],
          queryString: queries[key].query,
        },
        parent,
      );
    }

    this.registerOutputs({ dashboardName: this.dashboard.dashboardName });
  }
}
