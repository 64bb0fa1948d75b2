import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import { profileAppName } from "../plan/names";
import { RotationWindow } from "../plan/rotation";

export interface MachineClientArgs {
  /** Stack name, e.g. "prod". */
  readonly environment: string;
  /** Profile name. */
  readonly profile: string;
  /** Service principal object id of the profile's app (the resource the client is granted). */
  readonly resourceObjectId: pulumi.Input<string>;
  /** The profile app's automation app role. */
  readonly automationRoleId: string;
  /** The current rotation window: the secret expires at its end and is replaced in the next one. */
  readonly rotation: RotationWindow;
}

/**
 * A confidential client for CI and headless use of one profile: its own app registration (so its
 * secret can never act as the profile's API), granted the profile app's automation role, with a
 * client secret that expires within the rotation window and is replaced every half of it.
 */
export class MachineClient extends pulumi.ComponentResource {
  static readonly __pulumiType = "claude-code-rollout:credentials:MachineClient";

  /** Client id the client-credentials flow names. */
  public readonly clientId: pulumi.Output<string>;
  /** The client secret: a secret Output, never in plaintext state or artefacts. */
  public readonly clientSecret: pulumi.Output<string>;
  /** When the current secret expires (RFC 3339). */
  public readonly expiresAt: string;

  constructor(name: string, args: MachineClientArgs, opts?: pulumi.ComponentResourceOptions) {
    super(MachineClient.__pulumiType, name, {}, opts);
    const app = new azuread.Application(
      `${name}-app`,
      {
        displayName: `${profileAppName(args.environment, args.profile)}-machine`,
        description: `Machine client (CI, headless claude -p) of Claude Code profile "${args.profile}" (${args.environment}). Its secret lives in the vault only. Managed by claude-code-rollout.`,
        signInAudience: "AzureADMyOrg",
        api: { requestedAccessTokenVersion: 2 },
      },
      { parent: this },
    );

    const servicePrincipal = new azuread.ServicePrincipal(
      `${name}-sp`,
      {
        clientId: app.clientId,
        appRoleAssignmentRequired: true,
      },
      { parent: this },
    );

    // An app-role assignment to a service principal is the admin consent for the permission.
    new azuread.AppRoleAssignment(
      `${name}-grant`,
      {
        appRoleId: args.automationRoleId,
        principalObjectId: servicePrincipal.objectId,
        resourceObjectId: args.resourceObjectId,
      },
      { parent: this },
    );

    const password = new azuread.ApplicationPassword(
      `${name}-secret`,
      {
        applicationId: app.id,
        displayName: `rotation period from ${args.rotation.periodStart}`,
        endDate: args.rotation.endDate,
        // A new period replaces the secret (create first, then delete the old one).
        rotateWhenChanged: { period: args.rotation.periodStart },
      },
      { parent: this, additionalSecretOutputs: ["value"] },
    );

    this.clientId = app.clientId;
    this.clientSecret = pulumi.secret(password.value);
    this.expiresAt = args.rotation.endDate;
    this.registerOutputs({ clientId: this.clientId, expiresAt: this.expiresAt });
  }
}
