import { strict as assert } from "node:assert";
import { settingsMcpGoverned } from "../../../policies/rules/settings/mcp-governed";
import { compliantSettings, resourceArgs, runResource, SETTINGS_OBJECT, settingsObject } from "../harness";

describe("policy settings-mcp-governed", () => {
  const run = (document: unknown, config: object = {}) =>
    runResource(settingsMcpGoverned, resourceArgs(SETTINGS_OBJECT, settingsObject(document), { config }));

  it("passes an allowlist with the default lock, and an empty allowlist", () => {
    assert.deepEqual(run(compliantSettings()), []);
    assert.deepEqual(run({ ...compliantSettings(), allowedMcpServers: [] }), []);
  });

  it("reports a missing allowlist, blanket project approval and a missing lock", () => {
    const { allowedMcpServers: _dropped, ...document } = compliantSettings();
    assert.deepEqual(run({ ...document, enableAllProjectMcpServers: true, allowManagedMcpServersOnly: false }), [
      "allowedMcpServers is missing, so every MCP server is allowed; list the approved servers ([] for none).",
      "enableAllProjectMcpServers is true: every server in a repository's .mcp.json is approved automatically.",
      "allowManagedMcpServersOnly is false; policy config requires true.",
    ]);
  });

  it("reports entries the client would drop", () => {
    const document = {
      ...compliantSettings(),
      allowedMcpServers: [
        { serverName: "git hub" },
        { serverName: "a", serverUrl: "https://x" },
        { serverCommand: [] },
      ],
    };
    assert.deepEqual(run(document), [
      'allowedMcpServers[0] serverName "git hub" must match ^[a-zA-Z0-9_-]+$; the client drops it.',
      "allowedMcpServers[1] must have exactly one of serverName, serverCommand, serverUrl; the client drops it.",
      "allowedMcpServers[2] serverCommand must be a non-empty list of strings; the client drops it.",
    ]);
  });

  it("demands the locks listed in config", () => {
    const { allowManagedHooksOnly: _dropped, ...document } = compliantSettings();
    assert.deepEqual(run(document, { requiredLocks: ["allowManagedHooksOnly", "allowManagedPermissionRulesOnly"] }), [
      "allowManagedHooksOnly is undefined; policy config requires true.",
    ]);
  });

  it("is not applicable to other types", () => {
    assert.equal(runResource(settingsMcpGoverned, resourceArgs("aws:s3/bucket:Bucket", {})), "not-applicable");
  });
});
