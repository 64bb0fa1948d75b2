export { CredentialProfilePlan, CredentialsPlan } from "./credentials";
export { AssignedGroup, assignedPrincipalKeys, GroupLookup, IdentityPlan, ProfileGroupPlan } from "./identity";
export { PlanProblem, SlicePlan } from "./problems";
export { PlanInputs, planRollout, RolloutPlan } from "./rollout";
export { projectConfig, StackConfigSource, StackInputs, stackInputs } from "./stack-inputs";
