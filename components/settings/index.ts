export { CompiledProfile, CompiledRollout, compileRollout, SettingsDocument } from "./compile";
export { renderPermissionMatrix } from "./matrix";
export { MdmTargeting, profileGroupName } from "./overlap";
export { compactCanonicalJson, renderCanonicalJson, resolvedSha256, sha256Hex, stableUuid } from "./render";
export { EffectiveProfile, resolveProfile } from "./resolve";
export { ManagedMcp, managedMcpSchema, ManagedSettings, managedSettingsSchema } from "./schema";
export { ruleCovers } from "./shadowing";
export { PINNED_CLIENT_VERSION } from "./pinned";
export { HELPER_DIRS, helperCommand, OS_FAMILIES, OsFamily } from "./helpers";
