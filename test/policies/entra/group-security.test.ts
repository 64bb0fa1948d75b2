import { strict as assert } from "node:assert";
import { entraGroupSecurityEnabled } from "../../../policies/rules/entra/group-security";
import { resourceArgs, runResource } from "../harness";

describe("policy entra-group-security-enabled", () => {
  const run = (props: Record<string, unknown>) =>
    runResource(
      entraGroupSecurityEnabled,
      resourceArgs("azuread:index/group:Group", { displayName: "claude-code-prod-standard", ...props }),
    );

  it("passes a security group", () => {
    assert.deepEqual(run({ securityEnabled: true }), []);
  });

  it("reports a group that is not security-enabled", () => {
    assert.deepEqual(run({ mailEnabled: true }), [
      "securityEnabled is undefined; profile groups must be security groups.",
    ]);
  });

  it("is not applicable to other types", () => {
    assert.equal(
      runResource(entraGroupSecurityEnabled, resourceArgs("azuread:index/groupMember:GroupMember", {})),
      "not-applicable",
    );
  });
});
