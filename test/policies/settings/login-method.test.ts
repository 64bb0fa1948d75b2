import { strict as assert } from "node:assert";
import { settingsLoginMethod } from "../../../policies/rules/settings/login-method";
import { resourceArgs, runResource, SETTINGS_OBJECT, settingsObject } from "../harness";

describe("policy settings-login-method-valid", () => {
  const run = (document: unknown) =>
    runResource(settingsLoginMethod, resourceArgs(SETTINGS_OBJECT, settingsObject(document)));

  it("passes the three accepted methods and an unset one", () => {
    for (const method of ["claudeai", "console", "gateway"]) {
      assert.deepEqual(run({ forceLoginMethod: method }), []);
    }
    assert.deepEqual(run({}), []);
  });

  it("reports a value the client drops silently", () => {
    assert.deepEqual(run({ forceLoginMethod: "sso" }), [
      'forceLoginMethod "sso" is not one of claudeai, console, gateway; the client drops it silently.',
    ]);
  });

  it("is not applicable to other types", () => {
    assert.equal(runResource(settingsLoginMethod, resourceArgs("azuread:index/group:Group", {})), "not-applicable");
  });
});
