import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import { stableUuid } from "../settings";
import { AUTOMATION_ROLE, groupRoleValue, USER_ROLE } from "../plan/group-roles";
import { AZURE_CLI_CLIENT_ID, profileAppName, profileAppUri } from "../plan/names";

export interface ProfileAppArgs {
  /** Stack name, e.g. "prod". */
  readonly environment: string;
  /** Entra tenant id. */
  readonly tenantId: string;
  /** Profile name. */
  readonly profile: string;
  /**
   * Groups whose direct members may sign in, by stable key → object id. Entra app-role assignments
   * do not reach members of nested groups, so this is the profile's own group plus every directory
   * group nested in it, each under its membership key (identity's membershipKey, 8 hex digits).
   */
  readonly groups: Readonly<Record<string, pulumi.Input<string>>>;
  /** Also define the app role machine clients are granted (profiles with automation: true). */
  readonly automation: boolean;
}

/** App role and scope ids of a profile app: stable, so assignments survive every update. */
export function profileAppIds(environment: string, profile: string) {
  const app = profileAppName(environment, profile);
  return {
    userRoleId: stableUuid(`claude-code-rollout/${app}/role/user`),
    automationRoleId: stableUuid(`claude-code-rollout/${app}/role/automation`),
    scopeId: stableUuid(`claude-code-rollout/${app}/scope/access`),
    /** The role of an assigned directory group, by its membership key. */
    groupRoleId: (key: string) => stableUuid(`claude-code-rollout/${app}/role/group/${key}`),
  };
}

/** A key of ProfileAppArgs.groups that names an assigned directory group (not the profile's own group). */
function isMembershipKey(key: string): boolean {
  return /^[0-9a-f]{8}$/.test(key);
}

/**
 * The Entra side of one profile: an app registration users get tokens for (v2 tokens: issuer
 * `…/<tenant>/v2.0`, aud = client id), its service principal with assignment required, and the
 * assignments of the profile's groups — so nobody outside them can get a token at all. The same
 * token serves the STS exchange and telemetry (the collector learns the profile from its audience,
 * the user's assigned groups from the token's roles), so a directory group costs this one assignment
 * besides its nesting (docs/design-notes.md).
 */
export class ProfileApp extends pulumi.ComponentResource {
  static readonly __pulumiType = "claude-code-rollout:credentials:ProfileApp";

  /** The app's client id: the `aud` of its tokens, which the role trusts and the collector maps to the profile. */
  public readonly clientId: pulumi.Output<string>;
  /** The identifier URI the Azure CLI asks a token for. */
  public readonly uri: string;
  /** Object id of the service principal (the resource in app-role assignments). */
  public readonly servicePrincipalObjectId: pulumi.Output<string>;
  /** App role granted to machine clients; only for automation profiles. */
  public readonly automationRoleId?: string;

  constructor(name: string, args: ProfileAppArgs, opts?: pulumi.ComponentResourceOptions) {
    super(ProfileApp.__pulumiType, name, {}, opts);
    if (!Object.keys(args.groups).length) {
      throw new Error(
        `profiles.${args.profile}: no group may use this profile's app — pass at least the profile's own group`,
      );
    }
    const displayName = profileAppName(args.environment, args.profile);
    const ids = profileAppIds(args.environment, args.profile);
    this.uri = profileAppUri(args.tenantId, args.environment, args.profile);
    const groups = Object.entries(args.groups).sort(([a], [b]) => (a < b ? -1 : 1));
    const assigned = groups.filter(([key]) => isMembershipKey(key));

    const app = new azuread.Application(
      `${name}-app`,
      {
        displayName,
        description: `Claude Code profile "${args.profile}" (${args.environment}): users of its groups exchange tokens for this app for short-lived Bedrock credentials. Managed by claude-code-rollout.`,
        signInAudience: "AzureADMyOrg",
        identifierUris: [this.uri],
        api: {
          requestedAccessTokenVersion: 2,
          oauth2PermissionScopes: [
            {
              id: ids.scopeId,
              value: "access",
              type: "User",
              enabled: true,
              adminConsentDisplayName: `Use Claude Code (${args.profile})`,
              adminConsentDescription: `Get short-lived Bedrock credentials for Claude Code profile "${args.profile}".`,
              userConsentDisplayName: `Use Claude Code (${args.profile})`,
              userConsentDescription: `Get short-lived Bedrock credentials for Claude Code profile "${args.profile}".`,
            },
          ],
        },
        appRoles: [
          // The profile's own group keeps this role. Assigned groups had it before they got their own
          // roles: their assignments move to the group roles (replaced: a new role id), and Entra
          // refuses to delete an app role that is enabled, so it stays declared and enabled.
          {
            id: ids.userRoleId,
            value: USER_ROLE,
            displayName: "Claude Code user",
            description: `Members may use Claude Code with profile "${args.profile}".`,
            allowedMemberTypes: ["User"],
            enabled: true,
          },
          ...(args.automation
            ? [
                {
                  id: ids.automationRoleId,
                  value: AUTOMATION_ROLE,
                  displayName: "Claude Code automation",
                  description: `Machine clients (CI, headless claude -p) may use profile "${args.profile}".`,
                  allowedMemberTypes: ["Application"],
                  enabled: true,
                },
              ]
            : []),
          // One role per assigned directory group: a user's token names the assigned groups the user
          // is in (`roles`), which the collector stamps and rollout-status maps to rings. A `groups`
          // claim could say the same, but the collector's authenticator refuses every token without
          // its groups claim — app-only tokens have none — while every token here has `roles`.
          ...assigned.map(([key, objectId]) => ({
            id: ids.groupRoleId(key),
            value: groupRoleValue(key),
            displayName: `Claude Code group ${key}`,
            description: pulumi.interpolate`Members of directory group ${objectId} use Claude Code with profile "${args.profile}"; the role names the group in their tokens so telemetry can tell its ring.`,
            allowedMemberTypes: ["User"],
            enabled: true,
          })),
        ],
      },
      { parent: this },
    );

    // The Azure CLI asks for `<uri>/.default`; pre-authorising it avoids a consent prompt per user.
    new azuread.ApplicationPreAuthorized(
      `${name}-azure-cli`,
      {
        applicationId: app.id,
        authorizedClientId: AZURE_CLI_CLIENT_ID,
        permissionIds: [ids.scopeId],
      },
      { parent: this },
    );

    const servicePrincipal = new azuread.ServicePrincipal(
      `${name}-sp`,
      {
        clientId: app.clientId,
        appRoleAssignmentRequired: true,
        notes: "Assignment required: only the profile's groups can get tokens. Managed by claude-code-rollout.",
      },
      { parent: this },
    );

    for (const [key, groupObjectId] of groups) {
      new azuread.AppRoleAssignment(
        `${name}-assign-${key}`,
        {
          appRoleId: isMembershipKey(key) ? ids.groupRoleId(key) : ids.userRoleId,
          principalObjectId: groupObjectId,
          resourceObjectId: servicePrincipal.objectId,
        },
        { parent: this },
      );
    }

    this.clientId = app.clientId;
    this.servicePrincipalObjectId = servicePrincipal.objectId;
    this.automationRoleId = args.automation ? ids.automationRoleId : undefined;
    this.registerOutputs({
      clientId: this.clientId,
      uri: this.uri,
      servicePrincipalObjectId: this.servicePrincipalObjectId,
    });
  }
}
