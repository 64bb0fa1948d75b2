export { CompiledProfile, CompiledRollout, compileRollout, managedMcpDocument, settingsDocument } from "./compile";
export { renderPermissionMatrix } from "./matrix";
export {
  compactCanonicalJson,
  policyHashOf,
  renderCanonicalJson,
  resolvedSha256,
  sha256Hex,
  stableUuid,
} from "./render";
export { ManagedSettings, managedSettingsSchema } from "./schema";
export { ProfileIntent } from "./intent";
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
