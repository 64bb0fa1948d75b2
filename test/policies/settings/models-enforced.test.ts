import { strict as assert } from "node:assert";
import { settingsModelsEnforced } from "../../../policies/rules/settings/models-enforced";
import { compliantSettings, resourceArgs, runResource, SETTINGS_OBJECT, settingsObject } from "../harness";

describe("policy settings-models-enforced", () => {
  const run = (document: unknown) =>
    runResource(settingsModelsEnforced, resourceArgs(SETTINGS_OBJECT, settingsObject(document)));

  it("passes enforceAvailableModels, exact matching, or no list at all", () => {
    assert.deepEqual(run(compliantSettings()), []);
    assert.deepEqual(run({ availableModels: ["sonnet"], availableModelsMatch: "exact" }), []);
    assert.deepEqual(run({}), []);
  });

  it("reports an allowlist that does not bind the Default model", () => {
    assert.deepEqual(run({ availableModels: ["sonnet"] }), [
      'availableModels is set but neither enforceAvailableModels: true nor availableModelsMatch: "exact" is, so the Default model escapes the list.',
    ]);
  });

  it("is not applicable to other types", () => {
    assert.equal(runResource(settingsModelsEnforced, resourceArgs("aws:kms/key:Key", {})), "not-applicable");
  });
});
