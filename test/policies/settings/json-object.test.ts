import { strict as assert } from "node:assert";
import { settingsJsonObject } from "../../../policies/rules/settings/json-object";
import { resourceArgs, runResource, SETTINGS_OBJECT, settingsObject } from "../harness";

describe("policy settings-json-object", () => {
  const run = (props: Record<string, unknown>, config: object = {}) =>
    runResource(settingsJsonObject, resourceArgs(SETTINGS_OBJECT, props, { config }));

  it("passes a JSON object document", () => {
    assert.deepEqual(run(settingsObject({ permissions: {} })), []);
  });

  it("reports a JSON array, which stops the client", () => {
    assert.deepEqual(run(settingsObject("[]")), [
      "Managed settings document is unusable: content is JSON but not an object. The client refuses to start with it.",
    ]);
  });

  it("reports truncated JSON", () => {
    const [message] = run(settingsObject('{"permissions": {"deny": [')) as string[];
    assert.match(message, /^Managed settings document is unusable: content is not valid JSON: /);
  });

  it("reports a document larger than maxBytes from config", () => {
    assert.deepEqual(run(settingsObject({ a: "x" }), { maxBytes: 10 }), [
      "Managed settings document is 15 bytes; the limit is 10.",
    ]);
  });

  it("is not applicable to other objects and other types", () => {
    assert.equal(run(settingsObject("[]", "profiles/standard/abc/install.sh")), "not-applicable");
    assert.equal(runResource(settingsJsonObject, resourceArgs("aws:s3/bucket:Bucket", {})), "not-applicable");
  });
});
