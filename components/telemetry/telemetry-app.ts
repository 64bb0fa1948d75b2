import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import { AZURE_CLI_CLIENT_ID } from "../plan/names";
import { stableUuid } from "../settings";

export interface TelemetryAppArgs {
  /** Stack name: seeds the scope's stable id. */
  readonly environment: string;
  /** The app's Entra display name (telemetryNames). */
  readonly displayName: string;
  /** The app's identifier URI; the headers helper asks the Azure CLI for a token for it. */
  readonly identifierUri: string;
  /**
   * Principals allowed to get tokens: stable key → Entra object id (the profile groups). Entra does
   * not cascade app assignments to nested groups, so pass the directory groups nested in the profile
   * groups too.
   */
  readonly assignedPrincipals: Readonly<Record<string, pulumi.Input<string>>>;
}

/** The implicit "default access" role used for assignments to an app without app roles. */
const DEFAULT_ACCESS_ROLE_ID = "00000000-0000-0000-0000-000000000000";
const SCOPE_VALUE = "telemetry.send";

/**
 * The Entra app registration every telemetry token is issued for: v2 tokens (issuer
 * `https://login.microsoftonline.com/<tenant>/v2.0`, `aud` = this app's client id), assignment
 * required, only the assigned groups can obtain one.
 */
export class TelemetryApp extends pulumi.ComponentResource {
  static readonly __pulumiType = "claude-code-rollout:telemetry:TelemetryApp";
  readonly application: azuread.Application;
  /** The `aud` of every token the collector accepts. */
  readonly clientId: pulumi.Output<string>;

  constructor(name: string, args: TelemetryAppArgs, opts?: pulumi.ComponentResourceOptions) {
    super(TelemetryApp.__pulumiType, name, {}, opts);
    const parent = { parent: this };
    const scopeId = stableUuid(`${args.environment}/telemetry/${SCOPE_VALUE}`);

    this.application = new azuread.Application(
      `${name}-app`,
      {
        displayName: args.displayName,
        signInAudience: "AzureADMyOrg",
        identifierUris: [args.identifierUri],
        api: {
          requestedAccessTokenVersion: 2,
          oauth2PermissionScopes: [
            {
              id: scopeId,
              value: SCOPE_VALUE,
              type: "User",
              enabled: true,
              adminConsentDisplayName: "Send Claude Code telemetry",
              adminConsentDescription:
                "Lets Claude Code send usage and audit telemetry for the signed-in user to the organisation's collector.",
              userConsentDisplayName: "Send Claude Code telemetry",
              userConsentDescription:
                "Lets Claude Code send usage and audit telemetry about your sessions to your organisation.",
            },
          ],
        },
      },
      parent,
    );
    new azuread.ApplicationPreAuthorized(
      `${name}-azure-cli`,
      {
        applicationId: this.application.id,
        authorizedClientId: AZURE_CLI_CLIENT_ID,
        permissionIds: [scopeId],
      },
      parent,
    );
    const servicePrincipal = new azuread.ServicePrincipal(
      `${name}-sp`,
      {
        clientId: this.application.clientId,
        appRoleAssignmentRequired: true,
      },
      parent,
    );
    // `assign-` keeps an assignment's name apart from the app's other children (a profile may be named "app").
    for (const key of Object.keys(args.assignedPrincipals).sort()) {
      new azuread.AppRoleAssignment(
        `${name}-assign-${key}`,
        {
          appRoleId: DEFAULT_ACCESS_ROLE_ID,
          principalObjectId: args.assignedPrincipals[key],
          resourceObjectId: servicePrincipal.objectId,
        },
        { parent: this, aliases: [{ name: `${name}-${key}` }] },
      );
    }

    this.clientId = this.application.clientId;
    this.registerOutputs({ clientId: this.clientId });
  }
}
