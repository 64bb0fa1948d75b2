export { CompiledProfile, CompiledRollout, compileRollout, SettingsDocument } from "./compile";
export { renderPermissionMatrix } from "./matrix";
export { MdmTargeting, profileGroupName } from "./overlap";
export { compactCanonicalJson, renderCanonicalJson, resolvedSha256, sha256Hex, stableUuid } from "./render";
export { EffectiveProfile, resolveProfile } from "./resolve";
export { ManagedMcp, managedMcpSchema, ManagedSettings, managedSettingsSchema } from "./schema";
export { IntentRules, intentRules, ProfileIntent } from "./intent";
export { sandboxSettings, SandboxSettings } from "./sandbox";
export { POSIX_ROOT_GUARD, WINDOWS_ROOT_GUARD } from "./root-guard";
export { ruleSpellings, shellSpellings } from "./spellings";
export { PINNED_CLIENT_VERSION } from "./pinned";
export {
  CLIENT_HELPERS,
  ClientHelper,
  HELPER_DIRS,
  helperCommand,
  helperFileName,
  helperPath,
  helperTemplate,
  helpersRunBy,
  helpersShipped,
  OS_FAMILIES,
  OsFamily,
} from "./client-helpers";
