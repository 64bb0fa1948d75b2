import { strict as assert } from "node:assert";
import { entraPasswordExpiry } from "../../../policies/rules/entra/password-expiry";
import { resourceArgs, runResource } from "../harness";

describe("policy entra-password-expiry", () => {
  const run = (
    props: Record<string, unknown>,
    config: object = {},
    type = "azuread:index/applicationPassword:ApplicationPassword",
  ) => runResource(entraPasswordExpiry, resourceArgs(type, { applicationId: "/applications/x", ...props }, { config }));

  it("passes an endDate within 90 days of the evaluation day", () => {
    assert.deepEqual(run({ endDate: "2026-09-01T00:00:00Z" }), []);
    assert.deepEqual(
      run({ endDateRelative: "720h" }, {}, "azuread:index/servicePrincipalPassword:ServicePrincipalPassword"),
      [],
    );
  });

  it("reports a missing or distant endDate", () => {
    assert.deepEqual(run({}), [
      "endDate is undefined; set an RFC 3339 endDate (Entra's default lifetime is two years).",
    ]);
    assert.deepEqual(run({ endDate: "2028-07-01T00:00:00Z" }), [
      "endDate 2028-07-01 is 731 days after 2026-07-01; at most 90 days is allowed.",
    ]);
    assert.deepEqual(run({ endDate: "2026-09-01T00:00:00Z" }, { maxLifetimeDays: 30 }), [
      "endDate 2026-09-01 is 62 days after 2026-07-01; at most 30 days is allowed.",
    ]);
  });

  it("is not applicable to other types", () => {
    assert.equal(
      runResource(entraPasswordExpiry, resourceArgs("azuread:index/application:Application", {})),
      "not-applicable",
    );
  });
});
