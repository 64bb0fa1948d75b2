export { programClock, sourceDateEpochOfDay } from "./clock";
export { ConfigError, ConfigProblem, RolloutConfig, ancestry, formatPath, loadRolloutConfig } from "./load";
export { ruleCovers } from "./rule-covers";
export { checkRule, KNOWN_TOOLS, mcpServerOf, ParsedRule, RuleList } from "./rules";
export {
  isObjectId,
  McpServerConfig,
  ProfileBody,
  ProfileConfig,
  RawRolloutConfig,
  rolloutConfigSchema,
  VerifyScenario,
} from "./schema";
export { BUILTIN_PROJECT_SECRETS, BUILTIN_SECRET_PATHS, ResolvedIntent } from "./intent";
export { IntentConfig } from "./intent-schema";
export { NetworkDomains } from "./domains";
export { CredentialsConfig } from "./credentials";
export { DistributionConfig } from "./distribution";
export { TelemetryConfig } from "./telemetry";
