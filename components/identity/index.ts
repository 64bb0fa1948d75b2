export { ProfileGroup, ProfileGroups, ProfileGroupsArgs } from "./profile-groups";
