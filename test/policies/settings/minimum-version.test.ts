import { strict as assert } from "node:assert";
import { compareVersions, settingsMinimumVersion } from "../../../policies/rules/settings/minimum-version";
import { compliantSettings, resourceArgs, runResource, SETTINGS_OBJECT, settingsObject } from "../harness";

describe("policy settings-minimum-version", () => {
  const run = (document: unknown, config: object = {}) =>
    runResource(settingsMinimumVersion, resourceArgs(SETTINGS_OBJECT, settingsObject(document), { config }));

  it("passes gated keys with requiredMinimumVersion at the pinned client, and documents without gated keys", () => {
    assert.deepEqual(run(compliantSettings()), []);
    assert.deepEqual(run({ permissions: { deny: ["Bash(curl *)"] } }), []);
  });

  it("reports gated keys without a minimum version", () => {
    const { requiredMinimumVersion: _dropped, ...document } = compliantSettings();
    assert.deepEqual(run(document), [
      "Uses allowManagedHooksOnly, allowManagedMcpServersOnly, allowManagedPermissionRulesOnly, enforceAvailableModels, permissions.disableAutoMode but sets no requiredMinimumVersion; older clients would ignore them. Require at least 2.1.329.",
    ]);
  });

  it("reports a minimum older than the configured client, a malformed version and an empty range", () => {
    assert.deepEqual(
      run({ allowManagedHooksOnly: true, requiredMinimumVersion: "2.1.300" }, { minimumClientVersion: "2.1.310" }),
      ["requiredMinimumVersion 2.1.300 is older than the pinned client 2.1.310 while allowManagedHooksOnly are used."],
    );
    assert.deepEqual(run({ requiredMinimumVersion: "latest" }), [
      'requiredMinimumVersion "latest" is not a version like 2.1.329.',
    ]);
    assert.deepEqual(run({ requiredMinimumVersion: "2.1.329", requiredMaximumVersion: "2.0.0" }), [
      "requiredMaximumVersion 2.0.0 is below requiredMinimumVersion 2.1.329; no client can start.",
    ]);
  });

  it("compares versions numerically", () => {
    assert.ok(compareVersions("2.1.329", "2.1.40") > 0);
    assert.equal(compareVersions("2.1.329", "2.1.329"), 0);
  });

  it("is not applicable to other types", () => {
    assert.equal(runResource(settingsMinimumVersion, resourceArgs("aws:s3/bucket:Bucket", {})), "not-applicable");
  });
});
