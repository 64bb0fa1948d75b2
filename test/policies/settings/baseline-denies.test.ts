import { strict as assert } from "node:assert";
import { settingsBaselineDenies } from "../../../policies/rules/settings/baseline-denies";
import { compliantSettings, resourceArgs, runResource, SETTINGS_OBJECT, settingsObject } from "../harness";

describe("policy settings-baseline-denies", () => {
  const run = (document: unknown, config: object = {}) =>
    runResource(settingsBaselineDenies, resourceArgs(SETTINGS_OBJECT, settingsObject(document), { config }));

  it("passes when every default baseline deny is present", () => {
    assert.deepEqual(run(compliantSettings()), []);
  });

  it("names the missing default rules", () => {
    const document = compliantSettings();
    document.permissions.deny = ["Read(./.env)"];
    assert.deepEqual(run(document), [
      'permissions.deny lacks the baseline rule(s) "Read(./.env.*)", "Read(~/.ssh/**)", "Read(~/.aws/**)".',
    ]);
  });

  it("uses the required list from config instead of the defaults", () => {
    assert.deepEqual(run(compliantSettings(), { requiredDenies: ["Read(//etc/secrets/**)"] }), [
      'permissions.deny lacks the baseline rule(s) "Read(//etc/secrets/**)".',
    ]);
  });

  it("is not applicable to other resource types", () => {
    assert.equal(runResource(settingsBaselineDenies, resourceArgs("aws:kms/key:Key", {})), "not-applicable");
  });
});
