// The grants the identity running `pulumi up` needs for what this stack creates: Microsoft Graph
// application permissions (as the azuread provider documents them per resource), the Entra licence,
// and the AWS actions per service.
import { isObjectId, RolloutConfig } from "../config";
import { Prerequisite } from "./prerequisite";

const GRAPH = "the deployer's Entra app: application permission, admin-consented";

/** What the stack creates in Entra ID, counted from the config. */
function entraObjects(config: RolloutConfig) {
  const profiles = Object.entries(config.profiles);
  const apps = config.credentials ? profiles.length : 0;
  const machines = config.credentials ? profiles.filter(([, p]) => p.automation).length : 0;
  const adoptedGroups = profiles.filter(([, p]) => p.groupObjectId).length;
  return {
    createdGroups: profiles.length - adoptedGroups,
    adoptedGroups,
    nested: config.assignments.length,
    byName: config.assignments.filter((a) => !isObjectId(a.group)).length,
    apps: apps + machines + (config.telemetry ? 1 : 0),
    machines,
    assignsApps: apps > 0 || config.telemetry !== undefined,
  };
}

/** Microsoft Graph application permissions, each with the resources that need it. */
export function graphPermissions(config: RolloutConfig): Prerequisite[] {
  const o = entraObjects(config);
  const list: Prerequisite[] = [
    {
      kind: "Microsoft Graph permission",
      item: `Group.ReadWrite.All (${GRAPH})`,
      reason:
        `creates ${o.createdGroups} profile group(s) (azuread.Group) and nests ${o.nested} assigned group(s) in the profile groups (azuread.GroupMember); ` +
        "the azuread provider documents Group.ReadWrite.All or Directory.ReadWrite.All for both — GroupMember.ReadWrite.All alone cannot create groups" +
        (o.adoptedGroups
          ? `; for the ${o.adoptedGroups} adopted group(s), owning them also lets the deployer nest members`
          : ""),
    },
  ];
  if (o.byName) {
    list.push({
      kind: "Microsoft Graph permission",
      item: `Group.Read.All or Directory.Read.All (${GRAPH})`,
      reason: `looks up ${o.byName} assigned group(s) by display name (azuread.getGroups)`,
      configPath: "assignments",
    });
  }
  if (o.apps) {
    list.push(
      {
        kind: "Microsoft Graph permission",
        item: `Application.ReadWrite.OwnedBy or Application.ReadWrite.All (${GRAPH})`,
        reason:
          `creates ${o.apps} app registration(s) with their service principals and the Azure CLI pre-authorisation` +
          (o.machines ? `, and rotates the client secrets of ${o.machines} machine client(s)` : "") +
          "; with OwnedBy the deployer manages only apps it owns: add it as owner of any app you pulumi import",
      },
      {
        kind: "Microsoft Graph permission",
        item: `AppRoleAssignment.ReadWrite.All with Application.Read.All (${GRAPH})`,
        reason:
          "assigns the profile groups (and the groups nested in them) to the apps' roles" +
          (o.machines ? " and the machine clients to their profile's automation role" : "") +
          " (azuread.AppRoleAssignment); Application.ReadWrite.All covers this instead",
      },
    );
  }
  return list;
}

/** The licence group-based app assignment needs. */
export function licences(config: RolloutConfig): Prerequisite[] {
  if (!entraObjects(config).assignsApps) return [];
  return [
    {
      kind: "licence",
      item: "Microsoft Entra ID P1 (or P2) for the tenant",
      reason:
        "the apps require assignment and are assigned groups, not users: group-based assignment to applications needs Entra ID P1 or P2, or the groups' members get no tokens",
    },
  ];
}

/** AWS actions the deployer's role needs, per service, for the sections the stack configures. */
export function awsPermissions(config: RolloutConfig): Prerequisite[] {
  const { credentials, distribution, telemetry } = config;
  const vault = Object.values(config.profiles).some((p) => p.automation) || telemetry?.siem !== undefined;
  const services: [string, string[], string][] = [];
  if (credentials || distribution || telemetry)
    services.push(["sts", ["sts:GetCallerIdentity"], "the program reads the account it deploys into"]);
  if (credentials || telemetry)
    services.push([
      "iam (roles)",
      [
        "iam:CreateRole",
        "iam:GetRole",
        "iam:UpdateRole",
        "iam:UpdateAssumeRolePolicy",
        "iam:TagRole",
        "iam:DeleteRole",
        "iam:PutRolePolicy",
        "iam:GetRolePolicy",
        "iam:DeleteRolePolicy",
        "iam:ListRolePolicies",
        "iam:ListAttachedRolePolicies",
        "iam:ListInstanceProfilesForRole",
        ...(telemetry ? ["iam:PassRole"] : []),
      ],
      [
        ...(credentials ? ["a Bedrock role per profile"] : []),
        ...(telemetry ? ["the collector's and Firehose's roles, passed to ECS and Firehose"] : []),
      ].join("; "),
    ]);
  if (credentials && !credentials.oidcProviderArn)
    services.push([
      "iam (OIDC provider)",
      [
        "iam:CreateOpenIDConnectProvider",
        "iam:GetOpenIDConnectProvider",
        "iam:TagOpenIDConnectProvider",
        "iam:AddClientIDToOpenIDConnectProvider",
        "iam:RemoveClientIDFromOpenIDConnectProvider",
        "iam:UpdateOpenIDConnectProviderThumbprint",
        "iam:DeleteOpenIDConnectProvider",
      ],
      "the tenant's OIDC provider, whose audiences are the profile apps",
    ]);
  if (vault || distribution || telemetry)
    services.push([
      "kms",
      [
        "kms:CreateKey",
        "kms:DescribeKey",
        "kms:GetKeyPolicy",
        "kms:PutKeyPolicy",
        "kms:EnableKeyRotation",
        "kms:GetKeyRotationStatus",
        "kms:ListResourceTags",
        "kms:TagResource",
        "kms:CreateAlias",
        "kms:DeleteAlias",
        "kms:ListAliases",
        "kms:ScheduleKeyDeletion",
      ],
      "customer-managed keys for the vault, the distribution bucket and the audit logs and archive",
    ]);
  if (vault)
    services.push([
      "secretsmanager",
      [
        "secretsmanager:CreateSecret",
        "secretsmanager:DescribeSecret",
        "secretsmanager:PutResourcePolicy",
        "secretsmanager:GetResourcePolicy",
        "secretsmanager:PutSecretValue",
        "secretsmanager:GetSecretValue",
        "secretsmanager:TagResource",
        "secretsmanager:DeleteSecret",
      ],
      "the vault's secrets and their policies (the provider reads each version back)",
    ]);
  if (distribution || telemetry)
    services.push([
      "s3",
      [
        "s3:CreateBucket",
        "s3:ListBucket",
        "s3:GetBucket*",
        "s3:PutBucket*",
        "s3:GetEncryptionConfiguration",
        "s3:PutEncryptionConfiguration",
        "s3:GetLifecycleConfiguration",
        "s3:PutLifecycleConfiguration",
        "s3:PutObject",
        "s3:GetObject*",
        "s3:DeleteObject*",
      ],
      (distribution ? "the MDM distribution bucket and its objects" : "") +
        (distribution && telemetry ? "; " : "") +
        (telemetry ? "the Object Lock audit archive (s3:PutBucketObjectLockConfiguration is among PutBucket*)" : ""),
    ]);
  if (telemetry)
    services.push(
      [
        "logs",
        [
          "logs:CreateLogGroup",
          "logs:DescribeLogGroups",
          "logs:PutRetentionPolicy",
          "logs:AssociateKmsKey",
          "logs:TagResource",
          "logs:ListTagsForResource",
          "logs:PutMetricFilter",
          "logs:PutSubscriptionFilter",
          "logs:PutQueryDefinition",
          "logs:DeleteLogGroup",
        ],
        "the KMS-encrypted audit and collector log groups, metric and subscription filters, saved queries",
      ],
      [
        "firehose, ecs, ec2, elasticloadbalancing, cloudwatch",
        [
          "firehose:*DeliveryStream*",
          "firehose:TagDeliveryStream",
          "ecs:CreateCluster",
          "ecs:RegisterTaskDefinition",
          "ecs:DeregisterTaskDefinition",
          "ecs:CreateService",
          "ecs:UpdateService",
          "ecs:TagResource",
          "ecs:Describe*",
          "ec2:CreateSecurityGroup",
          "ec2:AuthorizeSecurityGroup*",
          "ec2:RevokeSecurityGroup*",
          "ec2:Describe*",
          "elasticloadbalancing:*",
          "cloudwatch:PutMetricAlarm",
          "cloudwatch:PutDashboard",
          "cloudwatch:Describe*",
          "iam:CreateServiceLinkedRole",
        ],
        "the Firehose streams to the archive (and SIEM), the collector service, its load balancer, alarms and dashboard; ECS and Elastic Load Balancing create their service-linked roles on first use in an account",
      ],
    );
  if (telemetry?.bedrockInvocationLogs)
    services.push([
      "bedrock",
      [
        "bedrock:PutModelInvocationLoggingConfiguration",
        "bedrock:GetModelInvocationLoggingConfiguration",
        "bedrock:DeleteModelInvocationLoggingConfiguration",
        "iam:PassRole",
      ],
      "the account's model-invocation logging, with the role Bedrock writes the logs with",
    ]);
  return services.map(([service, actions, reason]) => ({
    kind: "AWS permission",
    item: `${service}: ${actions.join(", ")}`,
    reason,
  }));
}
