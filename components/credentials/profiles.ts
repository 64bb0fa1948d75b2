import { CredentialsConfig } from "../config/credentials";
import type { CompiledProfile } from "../settings";
import { profileBedrockModels } from "../settings/provider";
import { InvokableModel } from "./policies";

/** What the credentials take from each compiled profile, before group ids are known. */
export interface ProfileModels {
  readonly name: string;
  readonly automation: boolean;
  readonly models: readonly InvokableModel[];
}

/** Per compiled profile: its automation flag and the Bedrock models its settings name. */
export function credentialProfiles(
  credentials: CredentialsConfig,
  profiles: readonly CompiledProfile[],
): ProfileModels[] {
  return profiles.map((profile) => ({
    name: profile.name,
    automation: profile.automation,
    models: Object.values(profileBedrockModels(credentials, profile.effective.models?.available)),
  }));
}
