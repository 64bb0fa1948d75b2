import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { renderDashboardBody } from "../plan/audit/dashboard";
import { AUDIT_NAMESPACE } from "../plan/audit/names";
import type { TelemetryPlan } from "../plan/telemetry";

export interface AuditSignalsArgs {
  /** The plan's telemetry slice: the filters, alarms and queries it checked, the names and the alarm topic. */
  readonly plan: TelemetryPlan;
  readonly region: pulumi.Input<string>;
  readonly logGroupName: pulumi.Input<string>;
}

/** Metric filters and alarms on the audit log group, the dashboard, and saved investigation queries. */
export class AuditSignals extends pulumi.ComponentResource {
  static readonly __pulumiType = "claude-code-rollout:telemetry:AuditSignals";
  readonly dashboard: aws.cloudwatch.Dashboard;

  constructor(name: string, args: AuditSignalsArgs, opts?: pulumi.ComponentResourceOptions) {
    super(AuditSignals.__pulumiType, name, {}, opts);
    const { plan } = args;
    // Filters, alarms and queries once shared their keys' names (`<name>-<key>`): each kind has its own role now.
    const child = (role: string, key: string) => ({
      name: `${name}-${role}-${key}`,
      aliases: [{ name: `${name}-${key}` }],
    });

    const metricFilters = plan.metricFilters.map((filter) => {
      const { name: filterName, aliases } = child("filter", filter.key);
      return new aws.cloudwatch.LogMetricFilter(
        filterName,
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
        { parent: this, aliases },
      );
    });
    for (const alarm of plan.alarms) {
      const { name: alarmName, aliases } = child("alarm", alarm.key);
      new aws.cloudwatch.MetricAlarm(
        alarmName,
        {
          name: `${plan.names.alarmPrefix}${alarm.key}`,
          alarmDescription: alarm.description,
          namespace: AUDIT_NAMESPACE,
          metricName: alarm.metricName,
          statistic: "Sum",
          period: alarm.periodSeconds,
          evaluationPeriods: 1,
          threshold: alarm.threshold,
          comparisonOperator: "GreaterThanOrEqualToThreshold",
          treatMissingData: "notBreaching",
          alarmActions: [plan.config.alarmTopicArn],
          okActions: [plan.config.alarmTopicArn],
        },
        { parent: this, dependsOn: metricFilters, aliases },
      );
    }

    this.dashboard = new aws.cloudwatch.Dashboard(
      `${name}-dashboard`,
      {
        dashboardName: plan.names.dashboard,
        dashboardBody: pulumi
          .all([args.region, args.logGroupName])
          .apply(([region, logGroupName]) => renderDashboardBody({ region, logGroupName })),
      },
      { parent: this },
    );

    for (const [key, query] of Object.entries(plan.queries)) {
      const { name: queryName, aliases } = child("query", key);
      new aws.cloudwatch.QueryDefinition(
        queryName,
        {
          name: `${plan.names.queryPrefix}${query.title}`,
          logGroupNames: [args.logGroupName],
          queryString: query.query,
        },
        { parent: this, aliases },
      );
    }

    this.registerOutputs({ dashboardName: this.dashboard.dashboardName });
  }
}
