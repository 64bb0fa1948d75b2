import { strict as assert } from "node:assert";
import { iamWebIdentityAudPinned } from "../../../policies/rules/iam/web-identity-aud";
import { resourceArgs, runResource } from "../harness";

const ISSUER = "login.microsoftonline.com/00000000-0000-0000-0000-000000000000/v2.0";
const trust = (condition: Record<string, unknown> | undefined) => ({
  Version: "2012-10-17",
  Statement: [
    {
      Sid: "EntraUsers",
      Effect: "Allow",
      Principal: { Federated: `arn:aws:iam::111122223333:oidc-provider/${ISSUER}` },
      Action: "sts:AssumeRoleWithWebIdentity",
      ...(condition ? { Condition: condition } : {}),
    },
  ],
});

describe("policy iam-web-identity-aud-pinned", () => {
  const run = (assumeRolePolicy: unknown) =>
    runResource(iamWebIdentityAudPinned, resourceArgs("aws:iam/role:Role", { assumeRolePolicy }));

  it("passes a trust policy pinning aud, as a JSON string or an object", () => {
    const pinned = trust({ StringEquals: { [`${ISSUER}:aud`]: "11111111-2222-3333-4444-555555555555" } });
    assert.deepEqual(run(JSON.stringify(pinned)), []);
    assert.deepEqual(run(pinned), []);
  });

  it("reports a missing or wildcard audience", () => {
    const expected = ["Trust statement EntraUsers does not pin the audience with StringEquals on <issuer>:aud."];
    assert.deepEqual(run(JSON.stringify(trust(undefined))), expected);
    assert.deepEqual(run(JSON.stringify(trust({ StringLike: { [`${ISSUER}:aud`]: "*" } }))), expected);
    assert.deepEqual(run(JSON.stringify(trust({ StringEquals: { [`${ISSUER}:sub`]: "x" } }))), expected);
  });

  it("reports an unreadable trust policy", () => {
    const [message, ...rest] = run("{not json") as string[];
    assert.match(message, /^assumeRolePolicy cannot be read: policy is not valid JSON \(.+\)\.$/);
    assert.deepEqual(rest, []);
  });

  it("is not applicable to roles trusting a service, and to other types", () => {
    const service = {
      Statement: [{ Effect: "Allow", Principal: { Service: "ecs-tasks.amazonaws.com" }, Action: "sts:AssumeRole" }],
    };
    assert.equal(run(JSON.stringify(service)), "not-applicable");
    assert.equal(runResource(iamWebIdentityAudPinned, resourceArgs("aws:iam/policy:Policy", {})), "not-applicable");
  });
});
