import * as azuread from "@pulumi/azuread";
import * as pulumi from "@pulumi/pulumi";
import type { AssignedGroup, IdentityPlan } from "../plan";
import { matchDisplayName } from "./display-name-match";

export interface ProfileGroupsArgs {
  /** The plan's identity slice: per profile its group (or the one it adopts), exclude groups and nested directory groups, checked. */
  readonly plan: IdentityPlan;
}

/** What the MDM needs to target one profile. */
export interface ProfileGroup {
  /** Object id of the profile's security group: the MDM include target. */
  readonly objectId: pulumi.Output<string>;
  /** Display name of that group, `claude-code-<env>-<profile>`. */
  readonly includeGroup: string;
  /** Groups of every higher-priority profile, highest first: a device gets exactly one profile. */
  readonly excludeGroups: readonly string[];
  /** Object ids of the exclude groups, in the same order. */
  readonly excludeGroupObjectIds: pulumi.Output<string[]>;
  /**
   * The directory groups nested in the profile group, by stable membership key. Entra app
   * assignments do not reach members of nested groups, so apps that serve a profile assign these too.
   */
  readonly assignedGroupObjectIds: Readonly<Record<string, pulumi.Output<string>>>;
}

/**
 * Per profile an Entra ID security group, with every directory group assigned to the profile
 * nested in it as a member. MDM assignments target these groups, so access is reviewed in one
 * place: the stack config.
 */
export class ProfileGroups extends pulumi.ComponentResource {
  static readonly __pulumiType = "claude-code-rollout:identity:ProfileGroups";

  /** Profile name → its group and MDM targeting. */
  public readonly groups: Readonly<Record<string, ProfileGroup>>;

  constructor(name: string, args: ProfileGroupsArgs, opts?: pulumi.ComponentResourceOptions) {
    super(ProfileGroups.__pulumiType, name, {}, opts);
    const profiles = args.plan.profiles;
    const objectIds = new Map<string, pulumi.Output<string>>();
    const assignedIds = new Map<string, Record<string, pulumi.Output<string>>>();
    for (const profile of profiles) {
      // An adopted group is the directory's: the program only nests the assigned groups in it.
      const groupObjectId = profile.adoptedObjectId
        ? pulumi.output(profile.adoptedObjectId)
        : new azuread.Group(
            `${name}-${profile.name}`,
            {
              displayName: profile.includeGroup,
              description: `Managed by claude-code-rollout: members get the Claude Code profile "${profile.name}". Change the stack config, not this group.`,
              securityEnabled: true,
              mailEnabled: false,
              preventDuplicateNames: true,
            },
            { parent: this },
          ).objectId;
      objectIds.set(profile.includeGroup.toLowerCase(), groupObjectId);
      const directoryIds = this.lookUp(profile.assigned);
      const nested: Record<string, pulumi.Output<string>> = {};
      for (const assigned of profile.assigned) {
        nested[assigned.key] = new azuread.GroupMember(
          `${name}-${profile.name}-${assigned.key}`,
          {
            groupObjectId,
            memberObjectId: directoryIds(assigned),
          },
          { parent: this },
        ).memberObjectId;
      }
      assignedIds.set(profile.name, nested);
    }

    this.groups = Object.fromEntries(
      profiles.map((profile) => [
        profile.name,
        {
          objectId: objectIds.get(profile.includeGroup.toLowerCase())!,
          includeGroup: profile.includeGroup,
          excludeGroups: profile.excludeGroups,
          excludeGroupObjectIds: pulumi.all(profile.excludeGroups.map((g) => objectIds.get(g.toLowerCase())!)),
          assignedGroupObjectIds: assignedIds.get(profile.name)!,
        },
      ]),
    );
    this.registerOutputs({ groups: this.groups });
  }

  /**
   * Object ids of a profile's directory groups. Ids are taken as given; each name is looked up once
   * among security groups (only those can be nested, and the filter tells a Microsoft 365 group of
   * the same name apart). The lookup is by prefix, not the provider's `displayNames`, which fails
   * on two groups of one name with no path and no fix: matchDisplayName keeps the exact match and
   * names the assignment when several groups share it (a name no group even starts with fails in
   * the provider, which names it). This is the one check that cannot live in the pure plan — only
   * the directory knows which groups exist — so it fails the preview here.
   */
  private lookUp(assigned: readonly AssignedGroup[]): (group: AssignedGroup) => pulumi.Input<string> {
    const found = new Map<string, pulumi.Output<string>>();
    for (const { lookup, path } of assigned) {
      if (!("displayName" in lookup) || found.has(lookup.displayName)) continue;
      const name = lookup.displayName;
      const groups = azuread.getGroupsOutput({ displayNamePrefix: name, securityEnabled: true }, { parent: this });
      found.set(
        name,
        groups.apply((result) => matchDisplayName(name, result, path)),
      );
    }
    return ({ lookup }) => ("objectId" in lookup ? lookup.objectId : found.get(lookup.displayName)!);
  }
}
