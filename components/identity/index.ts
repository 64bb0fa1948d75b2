export { GroupLookup, groupLookup, membershipKey, ProfileTarget, validateProfileTargets } from "./targets";
export { ProfileGroup, ProfileGroups, ProfileGroupsArgs } from "./profile-groups";
