export { AuditSignals, AuditSignalsArgs } from "./audit-signals";
export { AuditStorage, AuditStorageArgs } from "./audit-storage";
export { Collector, CollectorArgs, TLS_POLICY } from "./collector";
export { FirehoseDeliveryRole, FirehoseDeliveryRoleArgs } from "./firehose-role";
export { otelHeadersHelperScripts } from "./helper-scripts";
export { siemSecretString, siemSecretValue, siemStreamArgs } from "./siem";
export { TelemetryApp, TelemetryAppArgs } from "./telemetry-app";
export { TelemetryPipeline, TelemetryPipelineArgs } from "./telemetry-pipeline";
