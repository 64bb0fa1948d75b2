import { strict as assert } from "node:assert";
import { settingsBypassDisabled } from "../../../policies/rules/settings/bypass-disabled";
import { compliantSettings, resourceArgs, runResource, SETTINGS_OBJECT, settingsObject } from "../harness";

describe("policy settings-bypass-disabled", () => {
  const run = (document: unknown) =>
    runResource(settingsBypassDisabled, resourceArgs(SETTINGS_OBJECT, settingsObject(document)));

  it("passes when bypass mode is disabled", () => {
    assert.deepEqual(run(compliantSettings()), []);
  });

  it("reports a missing lock and a bypass default", () => {
    const document = { ...compliantSettings(), permissions: { defaultMode: "bypassPermissions" } };
    assert.deepEqual(run(document), [
      'permissions.disableBypassPermissionsMode is undefined; it must be "disable".',
      'permissions.defaultMode is "bypassPermissions"; choose default, acceptEdits, plan or dontAsk.',
    ]);
  });

  it("is not applicable to an unparseable document (settings-json-object reports it) or other objects", () => {
    assert.equal(run("{"), "not-applicable");
    assert.equal(
      runResource(
        settingsBypassDisabled,
        resourceArgs(SETTINGS_OBJECT, settingsObject({}, "profiles/x/manifest.json")),
      ),
      "not-applicable",
    );
  });
});
