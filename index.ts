import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { loadRolloutConfig, programClock } from "./components/config";
import { Credentials } from "./components/credentials";
import { clientHelpers, MdmDistribution } from "./components/distribution";
import { ProfileGroups } from "./components/identity";
import { planRollout, projectConfig, StackConfigSource, stackInputs } from "./components/plan";
import { readReleaseSource, STACKS_DIR_ENV } from "./components/plan/release-source";
import { readSiblingStacks } from "./cli/stack-siblings";
import { PINNED_CLIENT_VERSION } from "./components/settings";
import { FirehoseDeliveryRole, siemSecretValue, TelemetryPipeline } from "./components/telemetry";

/**
 * The program: read the stack config once, plan it (validate, compile, check every slice) before
 * any resource exists, then hand each component its slice of the plan.
 */

const stack = pulumi.getStack();
const source: StackConfigSource = {
  config: pulumi.runtime.allConfig(),
  // Internal to the SDK, but it is how Config itself tells secret keys apart (PULUMI_CONFIG_SECRET_KEYS).
  isSecret: (key) => (pulumi.runtime as unknown as { isConfigSecret(key: string): boolean }).isConfigSecret(key),
};
const config = loadRolloutConfig(projectConfig(source), stack);
// The stack file's folder (Pulumi.yaml: stackConfigDir), or where synth found the stack file.
const stackFile = path.join(process.env[STACKS_DIR_ENV] || path.join(__dirname, "stacks"), `Pulumi.${stack}.yaml`);
// The clock is today, or SOURCE_DATE_EPOCH when set (reproducible synth; the policy pack reads the same clock).
const plan = planRollout(config, PINNED_CLIENT_VERSION, {
  ...stackInputs(source),
  today: programClock(process.env.SOURCE_DATE_EPOCH, new Date()),
  helpers: clientHelpers,
  // What each ring runs: the release file next to the stack file.
  release: readReleaseSource(path.dirname(stackFile), stack),
  stackFile,
  siblings: readSiblingStacks(stackFile),
});
const rollout = plan.rollout;
for (const warning of rollout.warnings) pulumi.log.warn(warning);

/** Per profile, the current compile (a ring runs it once released; see `rings`): what a reviewer needs, no secrets. */
export const profiles = Object.fromEntries(
  rollout.profiles.map((p) => [
    p.name,
    {
      priority: p.priority,
      policyHash: p.policyHash,
      settingsSha256: p.settingsSha256,
      // What devices report in managed_settings_resolved when they run exactly this compile.
      resolvedSha256: { posix: p.resolvedSha256, windows: p.windows.resolvedSha256 },
      includeGroup: p.includeGroup,
      excludeGroups: p.excludeGroups,
      assignedGroups: p.assignedGroups,
      settings: p.settings,
    },
  ]),
);
export const clientVersion = PINNED_CLIENT_VERSION;

/**
 * Per ring (stack order, the pilot first) and profile: what the MDM targets with that ring's installer
 * and the release it runs. A device in an include group and in none of the exclude groups gets it.
 */
export const rings = plan.rings.map((ring) => ({
  name: ring.name,
  soakDays: ring.soakDays,
  releasedAt: ring.releasedAt,
  groups: ring.groups,
  profiles: Object.fromEntries(
    Object.entries(ring.profiles).map(([name, p]) => [
      name,
      {
        includeGroups: p.includeGroups,
        excludeGroups: p.excludeGroups,
        policyHash: p.release.policyHash,
        settingsSha256: { posix: p.release.settingsSha256, windows: p.release.windows.settingsSha256 },
        resolvedSha256: { posix: p.release.resolvedSha256, windows: p.release.windows.resolvedSha256 },
      },
    ]),
  ),
}));

// identity: one Entra security group per profile; the assigned directory groups are nested in it.
const identity = new ProfileGroups("identity", { plan: plan.identity });
export const groups = identity.groups;

// credentials: per profile an Entra app and an IAM role for Bedrock (short-lived STS through the
// helpers); machine credentials and pipeline tokens in the vault.
const siemToken = new pulumi.Config().getSecret("siemToken");
// Firehose's role exists before the vault's key and secret policies name it (both reject unknown principals).
const firehoseRole =
  plan.telemetry && new FirehoseDeliveryRole("telemetry-firehose", { environment: config.environment });
const credentials =
  plan.credentials &&
  new Credentials("credentials", {
    plan: plan.credentials,
    groups: Object.fromEntries(
      Object.entries(identity.groups).map(([profile, group]) => [
        profile,
        { profileGroupObjectId: group.objectId, assignedGroupObjectIds: group.assignedGroupObjectIds },
      ]),
    ),
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
const distribution = plan.distribution.storage && new MdmDistribution("distribution", { plan: plan.distribution });
if (!distribution)
  pulumi.log.warn(
    "distribution: not configured — nothing is published for the MDM; add distribution.mdmReaderArns to the stack config",
  );
export const distributionBucket = distribution?.bucketName;
export const distributionObjects = distribution?.objectKeys;

// telemetry: Entra-authenticated OTLP collector → KMS log group → Firehose → Object Lock archive (+SIEM), alarms, dashboard.
const siemSecretArn = credentials?.tokenSecretArns.siem;
const telemetry =
  plan.telemetry &&
  firehoseRole &&
  // The plan requires the credentials section with telemetry: the profiles' apps issue its tokens.
  credentials &&
  new TelemetryPipeline("telemetry", {
    plan: plan.telemetry,
    // One Entra app per profile serves STS and telemetry: its audience tells the collector the profile.
    profileAppClientIds: Object.fromEntries(
      Object.entries(credentials.profiles).map(([profile, p]) => [profile, p.clientId]),
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
