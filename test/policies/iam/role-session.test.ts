import { strict as assert } from "node:assert";
import { iamRoleMaxSession } from "../../../policies/rules/iam/role-session";
import { resourceArgs, runResource } from "../harness";

describe("policy iam-role-max-session", () => {
  const run = (props: Record<string, unknown>, config: object = {}) =>
    runResource(iamRoleMaxSession, resourceArgs("aws:iam/role:Role", { assumeRolePolicy: "{}", ...props }, { config }));

  it("passes the AWS default and shorter sessions", () => {
    assert.deepEqual(run({}), []);
    assert.deepEqual(run({ maxSessionDuration: 3600 }), []);
  });

  it("reports sessions above the default or configured limit", () => {
    assert.deepEqual(run({ maxSessionDuration: 43200 }), ["maxSessionDuration is 43200 s; at most 3600 s is allowed."]);
    assert.deepEqual(run({}, { maxSessionSeconds: 1800 }), [
      "maxSessionDuration is 3600 s; at most 1800 s is allowed.",
    ]);
  });

  it("is not applicable to other types", () => {
    assert.equal(runResource(iamRoleMaxSession, resourceArgs("aws:iam/rolePolicy:RolePolicy", {})), "not-applicable");
  });
});
