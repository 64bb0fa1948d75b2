// The credentials slice: per profile its app, role and models, the machine-credential readers and the rotation window.
import type { RolloutConfig } from "../config";
import { BedrockModel, CredentialsConfig } from "../config/credentials";
import type { CompiledRollout } from "../settings";
import { profileBedrockModels } from "../settings/provider";
import { HELPER_ENVIRONMENT, machineSecretName, profileAppName, profileAppUri } from "./names";
import { PlanProblem, SlicePlan } from "./problems";
import { RotationWindow, rotationWindow } from "./rotation";

/** IAM's limit on a role name (the role is named like the profile's app). */
const MAX_ROLE_NAME = 64;

/** What the credentials build for one compiled profile, before group ids are known. */
export interface CredentialProfilePlan {
  readonly name: string;
  /** Issue a machine credential (CI, headless `claude -p`). */
  readonly automation: boolean;
  /** Bedrock models the profile's role may invoke: the ones its settings name. */
  readonly models: readonly BedrockModel[];
  /** Name of the profile's Entra app and of its IAM role. */
  readonly roleName: string;
  /** The app's identifier URI, which the helpers ask tokens for. */
  readonly appUri: string;
}

export interface CredentialsPlan {
  readonly environment: string;
  readonly tenantId: string;
  /** The validated `credentials` section. */
  readonly config: CredentialsConfig;
  /** Ordered by name. */
  readonly profiles: readonly CredentialProfilePlan[];
  /** Where the machine credentials' rotation stands on the plan's day. */
  readonly rotation: RotationWindow;
}

/**
 * The credentials of every profile, when the stack configures them. Checks what IAM and the vault
 * would reject only after earlier resources exist: a stack name the helpers cannot carry, role names
 * over IAM's limit and machine credentials nobody may read. (Every profile has a model: the config
 * model checks each alias against credentials.models.)
 */
export function planCredentials(
  config: RolloutConfig,
  rollout: CompiledRollout,
  today: Date,
): SlicePlan<CredentialsPlan> {
  const credentials = config.credentials;
  if (!credentials) return { slice: undefined, problems: [] };
  const problems: PlanProblem[] = [];
  if (!HELPER_ENVIRONMENT.test(config.environment)) {
    problems.push({
      path: "stack name",
      message: `"${config.environment}" names the credential helpers, roles and secrets: use lowercase letters, digits and '-' (at most 41 characters, starting with a letter or digit) — rename the stack`,
    });
  }
  const profiles = credentialProfiles(config, credentials, rollout);
  for (const profile of profiles) {
    if (profile.roleName.length > MAX_ROLE_NAME) {
      problems.push({
        path: `profiles.${profile.name}`,
        message: `the role name "${profile.roleName}" is longer than IAM's ${MAX_ROLE_NAME} characters — shorten the profile or stack name`,
      });
    }
    if (profile.automation && !credentials.automationReaderArns.length) {
      problems.push({
        path: "credentials.automationReaderArns",
        message: `nobody may read ${machineSecretName(config.environment, profile.name)} — name the IAM role(s) of the CI runners of profile "${profile.name}", or set its automation: false`,
      });
    }
  }
  if (problems.length) return { slice: undefined, problems };
  const slice = {
    environment: config.environment,
    tenantId: config.tenantId,
    config: credentials,
    profiles,
    rotation: rotationWindow(today, credentials.machineSecretRotationDays),
  };
  return { slice, problems };
}

/** Per compiled profile (ordered by name): its names, automation flag and the Bedrock models its settings name. */
function credentialProfiles(
  config: RolloutConfig,
  credentials: CredentialsConfig,
  rollout: CompiledRollout,
): CredentialProfilePlan[] {
  return [...rollout.profiles]
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .map((profile) => ({
      name: profile.name,
      automation: profile.automation,
      models: Object.values(profileBedrockModels(credentials, profile.effective.models?.available)),
      roleName: profileAppName(config.environment, profile.name),
      appUri: profileAppUri(config.tenantId, config.environment, profile.name),
    }));
}
