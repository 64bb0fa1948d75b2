export { CredentialProfilePlan, CredentialsPlan } from "./credentials";
export { AssignedGroup, IdentityPlan, ProfileGroupPlan } from "./identity";
export { planRollout, RolloutPlan } from "./rollout";
export { projectConfig, StackConfigSource, stackInputs } from "./stack-inputs";
