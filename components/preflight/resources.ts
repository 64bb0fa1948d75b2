// The principals and resources a stack's policies and components name, which must exist (or must not
// exist yet) before the first `pulumi up`; read from the validated config alone.
import { isObjectId, RolloutConfig } from "../config";
import { ENTRA_OIDC_PROVIDER_ARN } from "../config/credentials";
import { profileGroupName } from "../settings/overlap";
import { Prerequisite } from "./prerequisite";

/** The principals the program's policies name: each must exist before the policy is written. */
export function principals(config: RolloutConfig): Prerequisite[] {
  const list: Prerequisite[] = [];
  const credentials = config.credentials;
  for (const arn of credentials?.vaultAdministratorArns ?? []) {
    list.push({
      kind: "principal",
      item: arn,
      reason:
        "the only role(s) besides the account root that may administer the vault's secrets (the roles that run pulumi up, the drift check's role — refreshing a secret version reads it — and break-glass): an up under any other role is denied, and a misspelt ARN leaves only the root to repair the policy",
      configPath: "credentials.vaultAdministratorArns",
    });
  }
  const automation = Object.entries(config.profiles).filter(([, p]) => p.automation);
  if (automation.length) {
    for (const arn of credentials?.automationReaderArns ?? []) {
      list.push({
        kind: "principal",
        item: arn,
        reason: `reads the machine credential of ${automation.map(([name]) => `"${name}"`).join(", ")} (secret policy, vault key policy); KMS and Secrets Manager reject a policy whose principal does not exist (MalformedPolicyDocument)`,
        configPath: "credentials.automationReaderArns",
      });
    }
  }
  for (const arn of config.distribution?.mdmReaderArns ?? []) {
    list.push({
      kind: "principal",
      item: arn,
      reason:
        "the MDM reads the published artefacts with it (distribution bucket policy); S3 rejects a bucket policy whose principal does not exist (Invalid principal in policy)",
      configPath: "distribution.mdmReaderArns",
    });
  }
  return list;
}

/** Resources the stack refers to by id, and the ones the program creates that must not exist yet. */
export function existingResources(config: RolloutConfig): Prerequisite[] {
  const list: Prerequisite[] = [];
  const credentials = config.credentials;
  if (credentials) {
    const issuer = `login.microsoftonline.com/${config.tenantId.toLowerCase()}/v2.0`;
    const provider = credentials.oidcProviderArn && ENTRA_OIDC_PROVIDER_ARN.exec(credentials.oidcProviderArn);
    list.push(
      provider
        ? {
            kind: "existing resource",
            item: credentials.oidcProviderArn!,
            reason: `the profile roles trust this provider (none is created); after each up that adds a profile, add its app's client id (output credentialRoles.<profile>.clientId) to the provider's audiences: aws iam add-client-id-to-open-id-connect-provider --open-id-connect-provider-arn ${credentials.oidcProviderArn} --client-id <clientId>`,
            configPath: "credentials.oidcProviderArn",
          }
        : {
            kind: "existing resource",
            item: `no IAM OIDC provider for ${issuer} in account ${credentials.accountId}`,
            reason:
              "the program creates it, and IAM allows one per issuer and account (EntityAlreadyExists): if the account already federates the tenant, set credentials.oidcProviderArn to it",
            configPath: "credentials.oidcProviderArn",
          },
    );
    for (const [alias, model] of Object.entries(credentials.models)) {
      list.push({
        kind: "existing resource",
        item: `Bedrock model access to ${model!.foundationModelId} in ${credentials.region}${model!.inferenceProfileId ? ` (through ${model!.inferenceProfileId})` : ""}`,
        reason: `profiles invoke it as "${alias}"; Bedrock refuses a model the account has not been granted access to (Anthropic models need the one-time use-case form)`,
        configPath: `credentials.models.${alias}`,
      });
    }
  }
  for (const [name, profile] of Object.entries(config.profiles)) {
    list.push(
      profile.groupObjectId
        ? {
            kind: "existing resource",
            item: `Entra security group ${profile.groupObjectId}`,
            reason: `adopted as profile "${name}"'s group (not created): the program nests the assigned groups in it and assigns it to the profile's app`,
            configPath: `profiles.${name}.groupObjectId`,
          }
        : {
            kind: "existing resource",
            item: `no Entra group named "${profileGroupName(config.environment, name)}" yet`,
            reason: `the program creates it with preventDuplicateNames, which fails on an existing one: adopt that group with profiles.${name}.groupObjectId (or pulumi import it)`,
            configPath: `profiles.${name}.groupObjectId`,
          },
    );
  }
  config.assignments.forEach((assignment, index) => {
    const byId = isObjectId(assignment.group);
    list.push({
      kind: "existing resource",
      item: byId
        ? `Entra security group ${assignment.group}`
        : `exactly one Entra security group named ${JSON.stringify(assignment.group)}`,
      reason: byId
        ? `nested in profile "${assignment.profile}"'s group`
        : `looked up by name and nested in profile "${assignment.profile}"'s group; a name several groups share is an error at preview — give the object id instead`,
      configPath: `assignments[${index}].group`,
    });
  });
  const telemetry = config.telemetry;
  if (telemetry) {
    list.push(
      {
        kind: "existing resource",
        item: telemetry.certificateArn,
        reason: `the collector's HTTPS listener serves it: an issued ACM certificate covering ${telemetry.hostname}, in the stack's region`,
        configPath: "telemetry.certificateArn",
      },
      {
        kind: "existing resource",
        item: telemetry.alarmTopicArn,
        reason: "the audit alarms notify it; its access policy must let CloudWatch alarms of this account publish",
        configPath: "telemetry.alarmTopicArn",
      },
      {
        kind: "existing resource",
        item: `${telemetry.network.vpcId} with subnets ${[...telemetry.network.collectorSubnetIds, ...telemetry.network.albSubnetIds].join(", ")}`,
        reason:
          "the collector and its load balancer run there; the collector subnets reach ECR, CloudWatch Logs and login.microsoftonline.com (NAT or VPC endpoints)",
        configPath: "telemetry.network",
      },
    );
    if (telemetry.bedrockInvocationLogs && config.credentials)
      list.push({
        kind: "existing resource",
        item: `Bedrock model-invocation logging of account ${config.credentials.accountId} in ${config.credentials.region}`,
        reason:
          "one setting per account and region: the stack takes it over, so first note or import an existing one (pulumi import aws:bedrockmodel/invocationLoggingConfiguration:InvocationLoggingConfiguration <name> <region>)",
        configPath: "telemetry.bedrockInvocationLogs",
      });
  }
  return list;
}

/** Values only an operator can supply. */
export function operatorSecrets(config: RolloutConfig): Prerequisite[] {
  const siem = config.telemetry?.siem;
  if (!siem) return [];
  return [
    {
      kind: "secret",
      item: "siemToken (pulumi config set --secret siemToken <token>)",
      reason: `Firehose reads it from the vault to deliver to ${siem.url}; a Splunk HEC token needs indexer acknowledgement on`,
      configPath: "telemetry.siem",
    },
  ];
}
