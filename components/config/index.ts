export { programClock, sourceDateEpochOfDay } from "./clock";
export { ConfigError, ConfigProblem, RolloutConfig, ancestry, loadRolloutConfig } from "./load";
export { ruleCovers } from "./rule-covers";
export { checkRule, KNOWN_TOOLS, RuleList } from "./rules";
export {
  isObjectId,
  ProfileBody,
  RawRolloutConfig,
  rolloutConfigSchema,
  VerifyScenario,
  verifyScenarioSchema,
} from "./schema";
export { CredentialsConfig } from "./credentials";
export { DistributionConfig } from "./distribution";
export { TelemetryConfig } from "./telemetry";
export { DEFAULT_SOAK_DAYS, StagedRollout } from "./rollout-rings";
