import { TelemetryConfig } from "../../components/config";
import { telemetrySchema } from "../../components/config/telemetry";
import { PolicyExpectation } from "../../components/plan/audit/policy-status";
import { ReleasedProfile, RingPlan } from "../../components/plan/rings";
import { TelemetryPlan, telemetrySlice, TelemetrySliceInput } from "../../components/plan/telemetry";
import { FirehoseDeliveryRole, TelemetryPipelineArgs } from "../../components/telemetry";

/** A stack's telemetry section as the platform team writes it (defaults filled by the schema). */
export function sampleTelemetry(overrides: Record<string, unknown> = {}): TelemetryConfig {
  return telemetrySchema.parse({
    hostname: "otel.claude.test.example.com",
    network: {
      vpcId: "vpc-0a4c2e81f93b7d615",
      collectorSubnetIds: ["subnet-0c1d2e3f4a5b6c701", "subnet-0c1d2e3f4a5b6c702"],
      albSubnetIds: ["subnet-0a9b8c7d6e5f40311", "subnet-0a9b8c7d6e5f40312"],
      allowedCidrs: ["10.0.0.0/8"],
    },
    certificateArn: "arn:aws:acm:eu-west-1:123456789012:certificate/8f3c2a1e-5b7d-4c9e-a1f2-3d4e5b6c7a81",
    collector: { image: "otel/opentelemetry-collector-contrib:0.149.0" },
    alarmTopicArn: "arn:aws:sns:eu-west-1:123456789012:security-alerts",
    ...overrides,
  });
}

export const TENANT = "3f6c9a1e-7b2d-4e8f-9c0a-5d1b2e3f4a6b";
export const POLICY_HASHES = { developer: "a".repeat(64), platform: "b".repeat(64) };

/** `count` profiles named like a generated org's (profile-01 …), each with a distinct policy hash. */
export function policyHashesFor(count: number): Record<string, string> {
  return Object.fromEntries(
    Array.from({ length: count }, (_, i) => [
      `profile-${String(i + 1).padStart(2, "0")}`,
      (i + 1).toString(16).padStart(64, "0"),
    ]),
  );
}

/** A ring running `releases` (one per profile); its MDM targeting is no concern of the telemetry. */
export function ringOf(name: string, releases: readonly ReleasedProfile[]): RingPlan {
  return {
    name,
    soakDays: 0,
    groups: [],
    releasedAt: undefined,
    profiles: Object.fromEntries(
      releases.map((release) => [release.name, { release, includeGroups: [], excludeGroups: [] }]),
    ),
  };
}

/** Logical name of the Firehose role every pipelineArgs() creates (as index.ts does, before the vault). */
export const FIREHOSE_ROLE = "tel-firehose";

/** Client ids of the test stack's profile apps (the credentials' ProfileApp, one per profile). */
export const PROFILE_APP_CLIENT_IDS = {
  developer: "11111111-1111-4111-8111-111111111111",
  platform: "22222222-2222-4222-8222-222222222222",
};

/** What the test stack ships: the telemetry section, tenant, policy hashes (overridable). */
export function sliceInput(
  overrides: Partial<Omit<TelemetrySliceInput, "expectation">> & Partial<PolicyExpectation> = {},
): TelemetrySliceInput {
  const { policyHashes, resolvedSha256, ...rest } = overrides;
  return {
    environment: "test",
    tenantId: TENANT,
    telemetry: sampleTelemetry(),
    ...rest,
    expectation: { policyHashes: policyHashes ?? POLICY_HASHES, resolvedSha256 },
  };
}

/** The plan's telemetry slice for the test stack; fails on any problem (tests of problems call telemetrySlice). */
export function telemetryPlan(overrides: Parameters<typeof sliceInput>[0] = {}): TelemetryPlan {
  const { slice, problems } = telemetrySlice(sliceInput(overrides));
  if (!slice) throw new Error(`the test stack has problems: ${JSON.stringify(problems)}`);
  return slice;
}

/** Registers a Firehose delivery role unless the overrides bring one; call after installMocks(). */
export function pipelineArgs(
  overrides: Partial<TelemetryPipelineArgs> & { readonly slice?: Parameters<typeof sliceInput>[0] } = {},
): TelemetryPipelineArgs {
  const { slice, ...args } = overrides;
  const plan = telemetryPlan(slice);
  return {
    firehoseRole: args.firehoseRole ?? new FirehoseDeliveryRole(FIREHOSE_ROLE, { environment: "test" }),
    plan,
    profileAppClientIds: Object.fromEntries(
      plan.profiles.map((profile) => [
        profile,
        PROFILE_APP_CLIENT_IDS[profile as keyof typeof PROFILE_APP_CLIENT_IDS] ?? `${profile}-client-id`,
      ]),
    ),
    ...args,
  };
}
