export {
  BedrockInvocationLogs,
  BedrockInvocationLogsArgs,
  bedrockInvocationLogGroupName,
} from "./bedrock-invocation-logs";
export { TLS_POLICY } from "./collector";
export { FirehoseDeliveryRole, FirehoseDeliveryRoleArgs } from "./firehose-role";
export { otelHeadersHelperScripts } from "./helper-scripts";
export { siemSecretString, siemSecretValue } from "./siem";
export { TelemetryPipeline, TelemetryPipelineArgs } from "./telemetry-pipeline";
