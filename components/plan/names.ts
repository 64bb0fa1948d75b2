// Names of what the credentials create, known from config alone: the plan checks them and the components use them.
/**
 * The stack names the credential helpers can carry: the name is baked into sh and PowerShell inside
 * single quotes, and names roles, apps and secrets, so only lowercase letters, digits and '-'.
 */
export const HELPER_ENVIRONMENT = /^[a-z0-9][a-z0-9-]{0,40}$/;

/** The Azure CLI's public client id: pre-authorised so `az account get-access-token` needs no consent prompt. */
export const AZURE_CLI_CLIENT_ID = "04b07795-8ddb-461a-bbee-02f9e1bf7b46";

export { profileAppName, profileAppUri } from "../settings/profile-app-names";

/** The v2.0 issuer every token of the tenant's apps names (apps request token version 2). */
export function tenantIssuer(tenantId: string): string {
  return `https://login.microsoftonline.com/${tenantId.toLowerCase()}/v2.0`;
}

/** The issuer without scheme: IAM's OIDC provider path and the prefix of its condition keys. */
export function issuerHostPath(tenantId: string): string {
  return tenantIssuer(tenantId).replace(/^https:\/\//, "");
}

/** The AWS partition of a region: `aws`, `aws-cn` or `aws-us-gov`. */
export function partitionOf(region: string): string {
  return region.startsWith("cn-") ? "aws-cn" : region.startsWith("us-gov-") ? "aws-us-gov" : "aws";
}

/** ARN of an IAM role with a fixed name, known from config alone. */
export function roleArn(accountId: string, region: string, roleName: string): string {
  return `arn:${partitionOf(region)}:iam::${accountId}:role/${roleName}`;
}

/** Secrets Manager name of a profile's machine credential. */
export function machineSecretName(environment: string, profile: string): string {
  return `claude-code-${environment}/${profile}/machine-credential`;
}

/** Secrets Manager name of a third-party token the pipeline uses. */
export function tokenSecretName(environment: string, token: string): string {
  return `claude-code-${environment}/tokens/${token}`;
}
