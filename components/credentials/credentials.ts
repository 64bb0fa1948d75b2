import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { CredentialsPlan } from "../plan";
import { issuerHostPath, machineSecretName, tenantIssuer, tokenSecretName } from "../plan/names";
import { sha256Hex } from "../settings";
import { MachineClient } from "./machine-client";
import { bedrockInvokePolicy, renderPolicy, webIdentityTrustPolicy } from "./iam-documents";
import { ProfileApp } from "./profile-app";
import { Vault, VaultSecret } from "./vault";

/** The Entra groups of one profile (from the identity component): who may use its app. */
export interface ProfileGroupIds {
  /** Object id of the profile's own Entra group. */
  readonly profileGroupObjectId: pulumi.Input<string>;
  /**
   * Object ids of the directory groups nested in the profile's group, by stable membership key
   * (identity's `assignedGroupObjectIds`). Entra app-role assignments do not reach members of
   * nested groups, so each is assigned to the app as well.
   */
  readonly assignedGroupObjectIds: Readonly<Record<string, pulumi.Input<string>>>;
}

/** A third-party token the pipeline needs, kept in the vault; an operator supplies it, the program cannot mint or rotate it. */
export interface PipelineToken {
  /** The value in the shape its reader expects (e.g. siemSecretValue): a secret Output. */
  readonly value: pulumi.Output<string>;
  readonly readers: VaultSecret["readers"];
  /** Last valid day (YYYY-MM-DD) when the issuer says so. */
  readonly expires?: string;
}

export interface CredentialsArgs {
  /** The plan's credentials slice: per profile its names and models, the readers and the rotation window, checked. */
  readonly plan: CredentialsPlan;
  /** Profile name → its Entra groups; every profile of the plan has an entry. */
  readonly groups: Readonly<Record<string, ProfileGroupIds>>;
  /** Third-party tokens by stable key, e.g. `{ siem: ... }`. */
  readonly tokens?: Readonly<Record<string, PipelineToken>>;
}

/** One profile's credentials, for settings, distribution and outputs. */
export interface ProfileCredentials {
  readonly roleArn: pulumi.Output<string>;
  readonly clientId: pulumi.Output<string>;
  readonly appUri: string;
  /** Where its machine credential is kept (automation profiles). */
  readonly machineSecretArn?: pulumi.Output<string>;
}

/**
 * No long-lived secret on any laptop: per profile an Entra app only the profile's groups can get
 * tokens for, and an IAM role trusting exactly those tokens (aud pinned, sessions ≤ the configured
 * limit) that may invoke only the profile's Bedrock models. Machines get a short-lived client
 * secret the program issues, rotates and keeps in the vault, next to the pipeline's tokens.
 */
export class Credentials extends pulumi.ComponentResource {
  static readonly __pulumiType = "claude-code-rollout:credentials:Credentials";

  /** Profile name → its role, app and helpers. */
  public readonly profiles: Readonly<Record<string, ProfileCredentials>>;
  /** The IAM OIDC provider for the tenant's v2 issuer: created, or the one config names. */
  public readonly oidcProviderArn: pulumi.Output<string>;
  /** Token key → secret ARN. */
  public readonly tokenSecretArns: Readonly<Record<string, pulumi.Output<string>>>;
  /** The vault's key, which readers of its secrets need to decrypt; absent when nothing is kept. */
  public readonly vaultKeyArn?: pulumi.Output<string>;

  constructor(name: string, args: CredentialsArgs, opts?: pulumi.ComponentResourceOptions) {
    super(Credentials.__pulumiType, name, {}, opts);
    const { environment, tenantId, config, rotation, profiles } = args.plan;
    const groupsOf = (profile: string) => {
      const groups = args.groups[profile];
      if (!groups) throw new Error(`groups.${profile}: missing — pass the identity component's group of every profile`);
      return { profile: groups.profileGroupObjectId, ...groups.assignedGroupObjectIds };
    };
    const caller = aws.getCallerIdentityOutput({}, { parent: this });
    const partition = aws.getPartitionOutput({}, { parent: this }).partition;

    const apps = new Map(
      profiles.map((p) => [
        p.name,
        new ProfileApp(
          `${name}-${p.name}`,
          {
            environment,
            tenantId,
            profile: p.name,
            groups: groupsOf(p.name),
            automation: p.automation,
          },
          { parent: this },
        ),
      ]),
    );

    // IAM allows one provider per issuer and account: an account that already federates the tenant names
    // its provider in config (credentials.oidcProviderArn), and its audience list stays the operator's.
    const providerArn = config.oidcProviderArn
      ? pulumi.output(config.oidcProviderArn)
      : new aws.iam.OpenIdConnectProvider(
          `${name}-entra`,
          {
            url: tenantIssuer(tenantId),
            clientIdLists: profiles.map((p) => apps.get(p.name)!.clientId),
            tags: { "managed-by": "claude-code-rollout" },
          },
          { parent: this },
        ).arn;

    const vaultSecrets: Record<string, VaultSecret> = {};
    const machines = new Map<string, MachineClient>();
    for (const profile of profiles.filter((p) => p.automation)) {
      const app = apps.get(profile.name)!;
      const machine = new MachineClient(
        `${name}-${profile.name}-machine`,
        {
          environment,
          profile: profile.name,
          resourceObjectId: app.servicePrincipalObjectId,
          automationRoleId: app.automationRoleId!,
          rotation,
        },
        { parent: this },
      );
      machines.set(profile.name, machine);
      vaultSecrets[`${profile.name}-machine`] = {
        name: machineSecretName(environment, profile.name),
        description: `Client secret of the machine client of Claude Code profile "${profile.name}"; expires ${rotation.endDate}, replaced every rotation period.`,
        value: pulumi.secret(
          pulumi
            .all([machine.clientId, machine.clientSecret])
            .apply(([clientId, clientSecret]) =>
              JSON.stringify({ tenantId, clientId, clientSecret, expiresAt: rotation.endDate }),
            ),
        ),
        version: rotation.period,
        readers: { arns: config.automationReaderArns, configPath: "credentials.automationReaderArns" },
        expires: rotation.lastValidDay,
      };
    }
    for (const [key, token] of Object.entries(args.tokens ?? {})) {
      vaultSecrets[`token-${key}`] = {
        name: tokenSecretName(environment, key),
        description: `The ${key} token the audit pipeline uses.`,
        value: token.value,
        version: token.value.apply(versionOf),
        readers: token.readers,
        expires: token.expires,
        operatorSupplied: true,
      };
    }
    const vault = Object.keys(vaultSecrets).length
      ? new Vault(
          `${name}-vault`,
          {
            environment,
            region: config.region,
            administratorArns: config.vaultAdministratorArns ?? [],
            secrets: vaultSecrets,
          },
          { parent: this },
        )
      : undefined;

    const result: Record<string, ProfileCredentials> = {};
    for (const profile of profiles) {
      const app = apps.get(profile.name)!;
      const role = new aws.iam.Role(
        `${name}-${profile.name}-role`,
        {
          name: profile.roleName,
          description: `Claude Code profile "${profile.name}" (${environment}): Bedrock for members of the profile's Entra groups, via their own short-lived tokens.`,
          assumeRolePolicy: pulumi
            .all([providerArn, app.clientId])
            .apply(([providerArn, clientId]) =>
              renderPolicy(webIdentityTrustPolicy({ providerArn, issuerHostPath: issuerHostPath(tenantId), clientId })),
            ),
          maxSessionDuration: config.sessionSeconds,
          tags: { "managed-by": "claude-code-rollout", profile: profile.name },
        },
        { parent: this },
      );
      new aws.iam.RolePolicy(
        `${name}-${profile.name}-bedrock`,
        {
          role: role.id,
          name: "bedrock-invoke-profile-models",
          policy: pulumi
            .all([caller.accountId, partition])
            .apply(([accountId, p]) =>
              renderPolicy(
                bedrockInvokePolicy({ partition: p, region: config.region, accountId, models: profile.models }),
              ),
            ),
        },
        { parent: this },
      );

      result[profile.name] = {
        roleArn: role.arn,
        clientId: app.clientId,
        appUri: app.uri,
        machineSecretArn: vault?.secretArns[`${profile.name}-machine`],
      };
    }

    this.profiles = result;
    this.oidcProviderArn = providerArn;
    this.vaultKeyArn = vault?.keyArn;
    this.tokenSecretArns = Object.fromEntries(
      Object.keys(args.tokens ?? {}).map((key) => [key, vault!.secretArns[`token-${key}`]]),
    );
    this.registerOutputs({
      profiles: this.profiles,
      oidcProviderArn: this.oidcProviderArn,
      tokenSecretArns: this.tokenSecretArns,
      vaultKeyArn: this.vaultKeyArn,
    });
  }
}

/** A write-only value has no diff: the version changes exactly when the value does. */
function versionOf(value: string): number {
  return parseInt(sha256Hex(value).slice(0, 12), 16);
}
