import * as pulumi from "@pulumi/pulumi";
import { ConfigError, loadRolloutConfig, programClock } from "./components/config";
import { SECRET_CONFIG_KEYS, SiemTokenSupply, siemTokenProblems } from "./components/config/telemetry";
import { credentialProfiles, Credentials } from "./components/credentials";
import { clientHelpers, MdmDistribution } from "./components/distribution";
import { ProfileGroups } from "./components/identity";
import { compileRollout, PINNED_CLIENT_VERSION } from "./components/settings";
import { telemetryAppIdentifierUri } from "./components/settings/telemetry";
import { FirehoseDeliveryRole, siemSecretValue, TelemetryPipeline } from "./components/telemetry";

/**
 * The program: read the stack config once, validate and compile it before any resource exists,
 * then hand typed values to the components.
 */

const PROJECT = "claude-code-rollout";
const stack = pulumi.getStack();

const config = loadRolloutConfig(readProjectConfig(), stack);
const siemProblems = siemTokenProblems({
  siem: config.telemetry?.siem !== undefined,
  token: siemTokenSupply(),
  vault: config.credentials !== undefined,
});
if (siemProblems.length) throw new ConfigError(stack, siemProblems);
checkAccountPin(config.credentials?.accountId, new pulumi.Config("aws").getObject<string[]>("allowedAccountIds"));
const rollout = compileRollout(config, PINNED_CLIENT_VERSION);
for (const warning of rollout.warnings) pulumi.log.warn(warning);

/** Per profile: what a reviewer and the MDM need, no secrets. */
export const profiles = Object.fromEntries(
  rollout.profiles.map((p) => [
    p.name,
    {
      priority: p.priority,
      policyHash: p.policyHash,
      settingsSha256: p.settingsSha256,
      // What devices report in managed_settings_resolved when they run exactly this policy.
      resolvedSha256: { posix: p.resolvedSha256, windows: p.windows.resolvedSha256 },
      includeGroup: p.includeGroup,
      excludeGroups: p.excludeGroups,
      assignedGroups: p.assignedGroups,
      settings: p.settings,
    },
  ]),
);
export const clientVersion = PINNED_CLIENT_VERSION;

// identity: one Entra security group per profile; the assigned directory groups are nested in it.
const identity = new ProfileGroups("identity", { profiles: rollout.profiles });
export const groups = identity.groups;

// credentials: per profile an Entra app and an IAM role for Bedrock (short-lived STS through the
// helpers); machine credentials and pipeline tokens in the vault. The clock is today, or
// SOURCE_DATE_EPOCH when set (reproducible synth; the policy pack reads the same clock).
const siemToken = new pulumi.Config(PROJECT).getSecret("siemToken");
// Firehose's role exists before the vault's key and secret policies name it (both reject unknown principals).
const firehoseRole =
  config.telemetry && new FirehoseDeliveryRole("telemetry-firehose", { environment: config.environment });
const credentials =
  config.credentials &&
  new Credentials("credentials", {
    environment: config.environment,
    tenantId: config.tenantId,
    config: config.credentials,
    today: programClock(process.env.SOURCE_DATE_EPOCH, new Date()),
    profiles: credentialProfiles(config.credentials, rollout.profiles).map((profile) => ({
      ...profile,
      profileGroupObjectId: identity.groups[profile.name].objectId,
      assignedGroupObjectIds: identity.groups[profile.name].assignedGroupObjectIds,
    })),
    // The SIEM token, in the shape its Firehose destination reads; its only reader is Firehose's role.
    tokens: siemToken &&
      config.telemetry?.siem &&
      firehoseRole && {
        siem: {
          value: siemSecretValue(config.telemetry.siem.url, siemToken),
          readers: { arns: [firehoseRole.arn], configPath: "telemetry.siem" },
        },
      },
  });
if (!credentials)
  pulumi.log.warn(
    "credentials: not configured — clients get no Bedrock access or helpers; add the credentials section to the stack config",
  );
export const credentialRoles =
  credentials &&
  Object.fromEntries(
    Object.entries(credentials.profiles).map(([name, p]) => [
      name,
      { roleArn: p.roleArn, appUri: p.appUri, clientId: p.clientId },
    ]),
  );

// distribution: the MDM bucket holding every profile's documents, helpers and artefacts, and manifest.json.
const distribution =
  config.distribution &&
  new MdmDistribution("distribution", {
    rollout,
    config: config.distribution,
    helpers: clientHelpers(config, rollout),
  });
if (!distribution)
  pulumi.log.warn(
    "distribution: not configured — nothing is published for the MDM; add distribution.mdmReaderArns to the stack config",
  );
export const distributionBucket = distribution?.bucketName;
export const distributionObjects = distribution?.objectKeys;

// telemetry: Entra-authenticated OTLP collector → KMS log group → Firehose → Object Lock archive (+SIEM), alarms, dashboard.
const siemSecretArn = credentials?.tokenSecretArns.siem;
const telemetry =
  config.telemetry &&
  firehoseRole &&
  new TelemetryPipeline("telemetry", {
    environment: config.environment,
    tenantId: config.tenantId,
    telemetry: config.telemetry,
    identifierUri: telemetryAppIdentifierUri(config.tenantId, config.environment),
    policyHashes: Object.fromEntries(rollout.profiles.map((p) => [p.name, p.policyHash])),
    // What each OS family's client reports once it took the shipped document whole; anything else is drift.
    expectedResolvedSha256: Object.fromEntries(
      rollout.profiles.map((p) => [p.name, [p.resolvedSha256, p.windows.resolvedSha256]]),
    ),
    // Entra app assignments do not reach members of nested groups: assign the profile groups and the groups nested in them.
    assignedPrincipals: Object.fromEntries(
      Object.entries(identity.groups).flatMap(([profile, group]) => [
        [profile, group.objectId],
        ...Object.entries(group.assignedGroupObjectIds).map(([key, id]) => [`${profile}-${key}`, id]),
      ]),
    ),
    firehoseRole,
    siemSecret: siemSecretArn && credentials?.vaultKeyArn && { arn: siemSecretArn, kmsKeyArn: credentials.vaultKeyArn },
  });
if (!telemetry)
  pulumi.log.warn(
    "telemetry: not configured — sessions are not audited; add the telemetry section to the stack config",
  );
export const telemetryEndpoint = telemetry?.endpoint;
export const telemetryLoadBalancer = telemetry?.loadBalancerDnsName;
export const telemetryArchiveBucket = telemetry?.archiveBucket;
export const telemetryDashboard = telemetry?.dashboardName;

/**
 * Helpers and installers name roles by the configured account; the provider must deploy into the
 * same one, or every helper would point at a role that does not exist.
 */
function checkAccountPin(accountId: string | undefined, allowedAccountIds: string[] | undefined): void {
  if (accountId === undefined) return;
  if (!allowedAccountIds || allowedAccountIds.length !== 1 || allowedAccountIds[0] !== accountId) {
    throw new Error(
      `aws:allowedAccountIds: must be ["${accountId}"] (credentials.accountId), so the provider deploys only into the account the helpers name — set it in the stack file`,
    );
  }
}

/** Whether the stack file holds siemToken (an empty one counts as none), as a secret (`secure:`) or in plaintext. */
function siemTokenSupply(): SiemTokenSupply {
  const key = `${PROJECT}:siemToken`;
  if (!pulumi.runtime.getConfig(key)?.trim()) return "absent";
  // Internal to the SDK, but it is how Config itself tells secret keys apart (PULUMI_CONFIG_SECRET_KEYS).
  return (pulumi.runtime as unknown as { isConfigSecret(key: string): boolean }).isConfigSecret(key)
    ? "secret"
    : "plaintext";
}

/** Every `claude-code-rollout:*` key except the secret ones. */
function readProjectConfig(): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(pulumi.runtime.allConfig())) {
    const name = key.slice(PROJECT.length + 1);
    if (!key.startsWith(`${PROJECT}:`) || SECRET_CONFIG_KEYS.includes(name)) continue;
    raw[name] = parseConfigValue(value);
  }
  return raw;
}

/** Structured values arrive JSON-encoded; plain strings (ids, versions) do not. */
function parseConfigValue(value: string): unknown {
  try {
    const parsed: unknown = JSON.parse(value);
    return typeof parsed === "object" ? parsed : value;
  } catch {
    return value;
  }
}
