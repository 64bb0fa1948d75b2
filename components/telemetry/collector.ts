import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { TelemetryConfig } from "../config";
import { renderCollectorConfig } from "../plan/audit/collector-config";
import { HEALTH_PORT, OTLP_HTTP_PORT } from "../plan/audit/names";
import { PolicyStatusStatements } from "../plan/audit/policy-status";
import { assumeRolePolicy, logWriterPolicy, Scope } from "./iam";

export interface CollectorArgs {
  readonly scope: pulumi.Input<Scope>;
  /** The collector's ECS task family (telemetryNames). */
  readonly taskFamily: string;
  readonly tenantId: string;
  /** Per profile, the client id of its Entra app: the audiences the collector accepts, each naming its profile. */
  readonly audiences: pulumi.Input<Record<string, pulumi.Input<string>>>;
  readonly network: TelemetryConfig["network"];
  readonly certificateArn: string;
  readonly collector: TelemetryConfig["collector"];
  /** Where the collector writes audit records, and its own logs. */
  readonly auditLogGroupName: pulumi.Input<string>;
  readonly collectorLogGroupName: pulumi.Input<string>;
  /** The verdict statements the collector stamps every session's policy with (from the plan). */
  readonly policyStatus: PolicyStatusStatements;
}

/** Modern TLS only: TLS 1.3 and 1.2 with forward-secret ciphers. */
export const TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";
const CONTAINER = "collector";
const CONFIG_VARIABLE = "COLLECTOR_CONFIG";

/**
 * The OTLP collector: Fargate tasks in private subnets behind an HTTPS application load balancer.
 * Only the load balancer reaches the tasks; only the configured networks reach the load balancer.
 */
export class Collector extends pulumi.ComponentResource {
  static readonly __pulumiType = "claude-code-rollout:telemetry:Collector";
  readonly loadBalancer: aws.lb.LoadBalancer;
  readonly service: aws.ecs.Service;

  constructor(name: string, args: CollectorArgs, opts?: pulumi.ComponentResourceOptions) {
    super(Collector.__pulumiType, name, {}, opts);
    const parent = { parent: this };
    const scope = pulumi.output(args.scope);
    const { albSecurityGroup, taskSecurityGroup } = this.securityGroups(name, args);

    this.loadBalancer = new aws.lb.LoadBalancer(
      `${name}-alb`,
      {
        loadBalancerType: "application",
        internal: !args.network.internetFacing,
        subnets: [...args.network.albSubnetIds],
        securityGroups: [albSecurityGroup.id],
        dropInvalidHeaderFields: true,
        enableDeletionProtection: true,
      },
      parent,
    );
    const targetGroup = new aws.lb.TargetGroup(
      `${name}-otlp`,
      {
        vpcId: args.network.vpcId,
        targetType: "ip",
        protocol: "HTTP",
        port: OTLP_HTTP_PORT,
        deregistrationDelay: 30,
        healthCheck: {
          enabled: true,
          protocol: "HTTP",
          port: String(HEALTH_PORT),
          path: "/",
          matcher: "200",
          interval: 15,
          timeout: 5,
          healthyThreshold: 2,
          unhealthyThreshold: 3,
        },
      },
      parent,
    );
    const https = new aws.lb.Listener(
      `${name}-https`,
      {
        loadBalancerArn: this.loadBalancer.arn,
        port: 443,
        protocol: "HTTPS",
        certificateArn: args.certificateArn,
        sslPolicy: TLS_POLICY,
        defaultActions: [{ type: "forward", targetGroupArn: targetGroup.arn }],
      },
      parent,
    );
    new aws.lb.Listener(
      `${name}-http-redirect`,
      {
        loadBalancerArn: this.loadBalancer.arn,
        port: 80,
        protocol: "HTTP",
        defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
      },
      parent,
    );

    const ecsTrust = scope.apply((s) => JSON.stringify(assumeRolePolicy("ecs-tasks.amazonaws.com", s.accountId)));
    const executionRole = new aws.iam.Role(
      `${name}-execution`,
      { description: "ECS starts the collector and ships its stdout", assumeRolePolicy: ecsTrust },
      parent,
    );
    new aws.iam.RolePolicy(
      `${name}-execution-access`,
      {
        role: executionRole.id,
        policy: pulumi
          .all([scope, args.collectorLogGroupName])
          .apply(([s, group]) => JSON.stringify(logWriterPolicy(s, group))),
      },
      { parent: this, aliases: [{ name: `${name}-execution` }] },
    );
    // EMF metrics are log events CloudWatch turns into metrics, so the task needs no cloudwatch:* at all.
    const taskRole = new aws.iam.Role(
      `${name}-task-role`,
      { description: "The collector writes audit records to its log group", assumeRolePolicy: ecsTrust },
      { parent: this, aliases: [{ name: `${name}-task` }] },
    );
    new aws.iam.RolePolicy(
      `${name}-task-access`,
      {
        role: taskRole.id,
        policy: pulumi
          .all([scope, args.auditLogGroupName])
          .apply(([s, group]) => JSON.stringify(logWriterPolicy(s, group))),
      },
      { parent: this, aliases: [{ name: `${name}-task` }] },
    );

    const cluster = new aws.ecs.Cluster(
      `${name}-cluster`,
      { settings: [{ name: "containerInsights", value: "enabled" }] },
      parent,
    );
    const taskDefinition = new aws.ecs.TaskDefinition(
      `${name}-task`,
      {
        family: args.taskFamily,
        requiresCompatibilities: ["FARGATE"],
        networkMode: "awsvpc",
        cpu: String(args.collector.cpu),
        memory: String(args.collector.memory),
        runtimePlatform: { operatingSystemFamily: "LINUX", cpuArchitecture: "X86_64" },
        executionRoleArn: executionRole.arn,
        taskRoleArn: taskRole.arn,
        containerDefinitions: pulumi
          .all([scope, args.audiences, args.auditLogGroupName, args.collectorLogGroupName])
          .apply(([s, audiences, auditGroup, collectorGroup]) =>
            JSON.stringify([
              {
                name: CONTAINER,
                image: args.collector.image,
                essential: true,
                readonlyRootFilesystem: true,
                command: [`--config=env:${CONFIG_VARIABLE}`],
                environment: [
                  {
                    name: CONFIG_VARIABLE,
                    value: renderCollectorConfig({
                      tenantId: args.tenantId,
                      audiences,
                      region: s.region,
                      logGroupName: auditGroup,
                      policyStatus: args.policyStatus,
                    }),
                  },
                ],
                portMappings: [
                  { containerPort: OTLP_HTTP_PORT, protocol: "tcp" },
                  { containerPort: HEALTH_PORT, protocol: "tcp" },
                ],
                logConfiguration: {
                  logDriver: "awslogs",
                  options: {
                    "awslogs-group": collectorGroup,
                    "awslogs-region": s.region,
                    "awslogs-stream-prefix": CONTAINER,
                  },
                },
              },
            ]),
          ),
      },
      parent,
    );

    this.service = new aws.ecs.Service(
      `${name}-service`,
      {
        cluster: cluster.arn,
        taskDefinition: taskDefinition.arn,
        desiredCount: args.collector.desiredCount,
        launchType: "FARGATE",
        networkConfiguration: {
          subnets: [...args.network.collectorSubnetIds],
          securityGroups: [taskSecurityGroup.id],
          assignPublicIp: false,
        },
        loadBalancers: [{ targetGroupArn: targetGroup.arn, containerName: CONTAINER, containerPort: OTLP_HTTP_PORT }],
        healthCheckGracePeriodSeconds: 60,
        deploymentCircuitBreaker: { enable: true, rollback: true },
        propagateTags: "SERVICE",
      },
      { parent: this, dependsOn: [https] },
    );

    this.registerOutputs({ loadBalancerDnsName: this.loadBalancer.dnsName, serviceName: this.service.name });
  }

  /** ALB: 443 (and the redirecting 80) from the allowed networks; tasks: OTLP and health from the ALB only. */
  private securityGroups(name: string, args: CollectorArgs) {
    const parent = { parent: this };
    const albSecurityGroup = new aws.ec2.SecurityGroup(
      `${name}-alb-sg`,
      { vpcId: args.network.vpcId, description: "Claude Code OTLP collector load balancer" },
      { parent: this, aliases: [{ name: `${name}-alb` }] },
    );
    const taskSecurityGroup = new aws.ec2.SecurityGroup(
      `${name}-tasks`,
      { vpcId: args.network.vpcId, description: "Claude Code OTLP collector tasks" },
      parent,
    );
    for (const cidr of args.network.allowedCidrs) {
      for (const port of [443, 80]) {
        new aws.vpc.SecurityGroupIngressRule(
          `${name}-alb-${port}-from-${cidr.replace(/[./]/g, "-")}`,
          {
            securityGroupId: albSecurityGroup.id,
            cidrIpv4: cidr,
            ipProtocol: "tcp",
            fromPort: port,
            toPort: port,
            description: `clients (${port === 80 ? "redirected to HTTPS" : "OTLP over HTTPS"})`,
          },
          parent,
        );
      }
    }
    for (const port of [OTLP_HTTP_PORT, HEALTH_PORT]) {
      new aws.vpc.SecurityGroupEgressRule(
        `${name}-alb-to-tasks-${port}`,
        {
          securityGroupId: albSecurityGroup.id,
          referencedSecurityGroupId: taskSecurityGroup.id,
          ipProtocol: "tcp",
          fromPort: port,
          toPort: port,
          description: "to the collector tasks",
        },
        parent,
      );
      new aws.vpc.SecurityGroupIngressRule(
        `${name}-tasks-from-alb-${port}`,
        {
          securityGroupId: taskSecurityGroup.id,
          referencedSecurityGroupId: albSecurityGroup.id,
          ipProtocol: "tcp",
          fromPort: port,
          toPort: port,
          description: "from the load balancer only",
        },
        parent,
      );
    }
    // CloudWatch Logs, the image registry and Entra's signing keys are all HTTPS endpoints.
    new aws.vpc.SecurityGroupEgressRule(
      `${name}-tasks-https-out`,
      {
        securityGroupId: taskSecurityGroup.id,
        cidrIpv4: "0.0.0.0/0",
        ipProtocol: "tcp",
        fromPort: 443,
        toPort: 443,
        description: "AWS APIs, image registry, Entra signing keys",
      },
      parent,
    );
    return { albSecurityGroup, taskSecurityGroup };
  }
}
