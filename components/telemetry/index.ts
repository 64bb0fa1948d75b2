export { AuditSignals, AuditSignalsArgs } from "./alarms";
export { buildCollectorConfig, CollectorConfigInput, entraIssuer, renderCollectorConfig } from "./collector-config";
export { Collector, CollectorArgs, TLS_POLICY } from "./collector";
export { renderDashboardBody } from "./dashboard";
export { TelemetryApp, TelemetryAppArgs } from "./entra";
export { otelHeadersHelperScripts } from "./helper-scripts";
export { TelemetryPipeline, TelemetryPipelineArgs, validatePipelineArgs } from "./pipeline";
export { alarmSpecs, metricFilterSpecs, savedQueries } from "./signals";
export { AuditStorage, AuditStorageArgs } from "./storage";
