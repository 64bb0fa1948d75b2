export { Credentials, CredentialsArgs, PipelineToken, ProfileGroupIds, ProfileCredentials } from "./credentials";
export { HelperFile, HelperValues, profileCredentialHelpers, renderHelpers } from "./helpers";
export { MachineClient, MachineClientArgs } from "./machine-client";
export {
  AZURE_CLI_CLIENT_ID,
  issuerHostPath,
  machineSecretName,
  partitionOf,
  profileAppName,
  profileAppUri,
  roleArn,
  tenantIssuer,
  tokenSecretName,
} from "../plan/names";
export {
  bedrockInvokePolicy,
  InvokableModel,
  PolicyDocument,
  PolicyStatement,
  secretResourcePolicy,
  vaultKeyPolicy,
  webIdentityTrustPolicy,
} from "./iam-documents";
export { ProfileApp, ProfileAppArgs, profileAppIds } from "./profile-app";
export { Vault, VaultArgs, VaultSecret } from "./vault";
