import { strict as assert } from "node:assert";
import { settingsTelemetryOtlp } from "../../../policies/rules/settings/telemetry-otlp";
import { compliantSettings, resourceArgs, runResource, SETTINGS_OBJECT, settingsObject } from "../harness";

describe("policy settings-telemetry-otlp", () => {
  const run = (document: unknown) =>
    runResource(settingsTelemetryOtlp, resourceArgs(SETTINGS_OBJECT, settingsObject(document)));

  it("is advisory by default, until the telemetry pipeline is deployed", () => {
    assert.equal(settingsTelemetryOtlp.enforcementLevel, "advisory");
  });

  it("passes OTLP exporters, including in a list", () => {
    assert.deepEqual(run(compliantSettings()), []);
    const document = compliantSettings();
    document.env.OTEL_METRICS_EXPORTER = "prometheus, otlp";
    assert.deepEqual(run(document), []);
  });

  it("reports telemetry off and non-OTLP exporters", () => {
    assert.deepEqual(
      run({ ...compliantSettings(), env: { CLAUDE_CODE_ENABLE_TELEMETRY: "0", OTEL_LOGS_EXPORTER: "console" } }),
      [
        'env.CLAUDE_CODE_ENABLE_TELEMETRY is "0"; it must be "1".',
        'env.OTEL_METRICS_EXPORTER is undefined; it must include "otlp".',
        'env.OTEL_LOGS_EXPORTER is "console"; it must include "otlp".',
      ],
    );
  });

  it("is not applicable to other objects", () => {
    assert.equal(
      runResource(
        settingsTelemetryOtlp,
        resourceArgs(SETTINGS_OBJECT, settingsObject({}, "profiles/a/b/managed-mcp.json")),
      ),
      "not-applicable",
    );
  });
});
