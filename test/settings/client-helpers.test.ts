import * as assert from "assert";
import { readStack } from "../../cli/stack";
import { loadRolloutConfig } from "../../components/config";
import { clientHelpers } from "../../components/distribution";
import {
  CLIENT_HELPERS,
  ClientHelper,
  compileRollout,
  helperCommand,
  helperPath,
  helpersRunBy,
  helpersShipped,
  PINNED_CLIENT_VERSION,
} from "../../components/settings";

// One table (components/settings/client-helpers.ts) names every client helper: the compiler's commands,
// the payload's files and the check that a document runs only what its payload ships all read it.

const config = loadRolloutConfig(readStack("prod").projectConfig, "prod");
const rollout = compileRollout(config, PINNED_CLIENT_VERSION);
const profile = (name: string) => rollout.profiles.find((p) => p.name === name)!;

describe("client helpers: one table for commands, files and payloads", () => {
  it("builds each OS family's command and path from the helper folder", () => {
    const helper = CLIENT_HELPERS.credentialExport;
    assert.deepEqual(
      [helperPath(helper, "posix"), helperPath(helper, "windows")],
      [
        "/opt/claude-code-rollout/bin/aws-credential-export",
        "C:\\Program Files\\ClaudeCode\\bin\\aws-credential-export.ps1",
      ],
    );
    assert.equal(
      helperCommand(CLIENT_HELPERS.otelHeaders, "windows", "api://x/y"),
      'powershell.exe -NoProfile -NonInteractive -ExecutionPolicy Bypass -File "C:\\Program Files\\ClaudeCode\\bin\\otel-headers.ps1" api://x/y',
    );
  });

  it("is what the compiler writes into the settings keys, on both OS families", () => {
    const developer = profile("developer");
    for (const [os, document] of [
      ["posix", developer.settings],
      ["windows", developer.windows.settings],
    ] as const) {
      assert.equal(document.awsCredentialExport, helperCommand(CLIENT_HELPERS.credentialExport, os), os);
      // Its one argument is the Entra app to ask a token for (the telemetry settings choose which).
      const [, app] = /^.* (api:\/\/\S+)$/.exec(document.otelHeadersHelper!)!;
      assert.equal(document.otelHeadersHelper, helperCommand(CLIENT_HELPERS.otelHeaders, os, app), os);
      assert.ok(app.startsWith(`api://${config.tenantId}/`), app);
      assert.deepEqual(helpersRunBy(document), [CLIENT_HELPERS.credentialExport, CLIENT_HELPERS.otelHeaders], os);
    }
    assert.deepEqual(helpersRunBy({}), []);
  });

  it("ships each helper with the stack section it serves", () => {
    const names = (sections: Parameters<typeof helpersShipped>[0]) =>
      helpersShipped(sections).map((h: ClientHelper) => h.name);
    assert.deepEqual(names({ credentials: false, automation: false, telemetry: false }), []);
    assert.deepEqual(names({ credentials: false, automation: true, telemetry: true }), ["otel-headers"]);
    assert.deepEqual(names({ credentials: true, automation: false, telemetry: false }), ["aws-credential-export"]);
    assert.deepEqual(names({ credentials: true, automation: true, telemetry: true }), [
      "aws-credential-export",
      "aws-credential-export-headless",
      "otel-headers",
    ]);
  });

  it("gives each profile's payload exactly the helpers its sections ship", () => {
    const helpers = clientHelpers(config, rollout);
    const automated = rollout.profiles.filter((p) => p.automation).map((p) => p.name);
    assert.ok(automated.length > 0 && automated.length < rollout.profiles.length, "prod has both kinds of profile");
    for (const p of rollout.profiles) {
      const headless = p.automation ? ["aws-credential-export-headless"] : [];
      assert.deepEqual(
        helpers[p.name].posix.map((f) => f.name),
        ["aws-credential-export", ...headless, "otel-headers"],
        p.name,
      );
      assert.deepEqual(
        helpers[p.name].windows.map((f) => f.name),
        // Sorted by code point: "-" comes before ".".
        [...headless.map((n) => `${n}.ps1`), "aws-credential-export.ps1", "otel-headers.ps1"],
        p.name,
      );
    }
  });

  it("refuses a document that runs a helper its payload does not ship", () => {
    // Settings compiled with telemetry, helpers rendered for a stack without it: the client would fail to start.
    const { telemetry: _dropped, ...withoutTelemetry } = config;
    assert.throws(
      () => clientHelpers(withoutTelemetry, rollout),
      /^Error: profiles\.\S+: the posix settings run helper "otel-headers" \(otelHeadersHelper\) but no payload ships it$/,
    );
  });
});
