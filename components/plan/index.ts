export { CredentialProfilePlan, CredentialsPlan } from "./credentials";
export { MAX_GROUPS_PER_PROFILE } from "./group-roles";
export { AssignedGroup, IdentityPlan, ProfileGroupPlan } from "./identity";
export { planRollout, RolloutPlan } from "./rollout";
export { projectConfig, StackConfigSource, stackInputs } from "./stack-inputs";
