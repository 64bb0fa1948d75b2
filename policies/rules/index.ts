import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { cloudwatchLogGroup } from "./cloudwatch/log-group";
import { entraGroupSecurityEnabled } from "./entra/group-security";
import { entraPasswordExpiry } from "./entra/password-expiry";
import { firehoseDestinationSecret } from "./firehose/destination-secret";
import { firehoseEncryption } from "./firehose/encryption";
import { iamNoWildcardAllow } from "./iam/no-wildcard-allow";
import { iamRoleMaxSession } from "./iam/role-session";
import { iamWebIdentityAudPinned } from "./iam/web-identity-aud";
import { kmsKeyRotation } from "./kms/key-rotation";
import { lbListenerTls } from "./lb/listener-tls";
import { s3ArchiveObjectLock } from "./s3/archive-object-lock";
import { s3BucketHardening } from "./s3/bucket-hardening";
import { secretCmk } from "./secrets/secret-cmk";
import { secretRotation } from "./secrets/secret-rotation";
import { settingsBaselineDenies } from "./settings/baseline-denies";
import { settingsBypassDisabled } from "./settings/bypass-disabled";
import { settingsEnvCredentials } from "./settings/env-credentials";
import { settingsEnvGuard } from "./settings/env-guard";
import { settingsHooksValid } from "./settings/hooks-valid";
import { settingsIntentHolds } from "./settings/intent-holds";
import { settingsJsonObject } from "./settings/json-object";
import { settingsLoginMethod } from "./settings/login-method";
import { settingsMcpGoverned } from "./settings/mcp-governed";
import { settingsMinimumVersion } from "./settings/minimum-version";
import { settingsModelsEnforced } from "./settings/models-enforced";
import { settingsNoUnboundedAllow } from "./settings/no-unbounded-allow";
import { settingsPromptLogging } from "./settings/prompt-logging";
import { settingsSandboxFailClosed } from "./settings/sandbox-fail-closed";
import { settingsTelemetryOtlp } from "./settings/telemetry-otlp";

export type GuardrailPolicy = ResourceValidationPolicy | StackValidationPolicy;

/** Policies over the published managed-settings documents. */
const settingsPolicies: GuardrailPolicy[] = [
  settingsJsonObject,
  settingsBypassDisabled,
  settingsBaselineDenies,
  settingsNoUnboundedAllow,
  settingsMcpGoverned,
  settingsTelemetryOtlp,
  settingsPromptLogging,
  settingsModelsEnforced,
  settingsLoginMethod,
  settingsEnvCredentials,
  settingsEnvGuard,
  settingsHooksValid,
  settingsSandboxFailClosed,
  settingsIntentHolds,
  settingsMinimumVersion,
];

/** Policies over the AWS and Entra resources the components create. */
const infrastructurePolicies: GuardrailPolicy[] = [
  s3BucketHardening,
  s3ArchiveObjectLock,
  kmsKeyRotation,
  cloudwatchLogGroup,
  firehoseEncryption,
  firehoseDestinationSecret,
  iamRoleMaxSession,
  iamWebIdentityAudPinned,
  iamNoWildcardAllow,
  secretCmk,
  secretRotation,
  entraPasswordExpiry,
  entraGroupSecurityEnabled,
  lbListenerTls,
];

/** Every policy of the pack, in the order the pack registers them. */
export const allPolicies: GuardrailPolicy[] = [...settingsPolicies, ...infrastructurePolicies];
