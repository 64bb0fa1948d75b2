import { strict as assert } from "node:assert";
import { iamNoWildcardAllow } from "../../../policies/rules/iam/no-wildcard-allow";
import { resourceArgs, runResource } from "../harness";

describe("policy iam-no-wildcard-allow", () => {
  const run = (policy: unknown, config: object = {}, type = "aws:iam/rolePolicy:RolePolicy") =>
    runResource(iamNoWildcardAllow, resourceArgs(type, { role: "r", policy }, { config }));
  const invoke = {
    Sid: "Invoke",
    Effect: "Allow",
    Action: ["bedrock:InvokeModel"],
    Resource: ["arn:aws:bedrock:eu-west-1:1:inference-profile/x"],
  };

  it("passes scoped statements (string or object document) and a Deny with wildcards", () => {
    assert.deepEqual(run(JSON.stringify({ Statement: [invoke] })), []);
    assert.deepEqual(run({ Statement: [invoke, { Effect: "Deny", Action: "*", Resource: "*" }] }), []);
  });

  it("reports wildcard action, wildcard resource and NotAction", () => {
    assert.deepEqual(
      run(
        JSON.stringify({
          Statement: [
            { Effect: "Allow", Action: "*", Resource: "arn:x" },
            { Effect: "Allow", Action: "s3:GetObject", Resource: "*" },
            { Effect: "Allow", NotAction: "iam:*", Resource: "arn:x" },
          ],
        }),
      ),
      [
        'Statement[0] allows Action "*".',
        'Statement[1] allows s3:GetObject on Resource "*".',
        "Statement[2] uses NotAction/NotResource in an Allow, which grants everything not listed.",
      ],
    );
  });

  it("allows the actions config lists on Resource *, also in managed policies", () => {
    const doc = { Statement: [{ Effect: "Allow", Action: "sts:GetCallerIdentity", Resource: "*" }] };
    assert.deepEqual(run(doc, { wildcardResourceActions: ["sts:GetCallerIdentity"] }, "aws:iam/policy:Policy"), []);
    assert.deepEqual(run(doc, {}, "aws:iam/policy:Policy"), [
      'Statement[0] allows sts:GetCallerIdentity on Resource "*".',
    ]);
  });

  it("is not applicable to other types", () => {
    assert.equal(runResource(iamNoWildcardAllow, resourceArgs("aws:iam/role:Role", {})), "not-applicable");
  });
});
