import { strict as assert } from "node:assert";
import { lbListenerTls } from "../../../policies/rules/lb/listener-tls";
import { resourceArgs, runResource } from "../harness";

describe("policy lb-listener-https", () => {
  const run = (props: Record<string, unknown>, config: object = {}) =>
    runResource(
      lbListenerTls,
      resourceArgs("aws:lb/listener:Listener", { loadBalancerArn: "arn:lb", ...props }, { config }),
    );
  const https = {
    protocol: "HTTPS",
    port: 443,
    certificateArn: "arn:acm",
    sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
    defaultActions: [{ type: "forward", targetGroupArn: "arn:tg" }],
  };

  it("passes modern HTTPS and an HTTP-to-HTTPS redirect", () => {
    assert.deepEqual(run(https), []);
    assert.deepEqual(
      run({
        protocol: "HTTP",
        port: 80,
        defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }],
      }),
      [],
    );
  });

  it("reports plain HTTP forwarding, a missing certificate and a legacy TLS policy", () => {
    assert.deepEqual(run({ protocol: "HTTP", defaultActions: [{ type: "forward", targetGroupArn: "arn:tg" }] }), [
      "Plain HTTP listener does not redirect to HTTPS; serve HTTPS or make every default action a redirect with protocol HTTPS.",
    ]);
    const [first, second] = run({
      ...https,
      certificateArn: undefined,
      sslPolicy: "ELBSecurityPolicy-2016-08",
    }) as string[];
    assert.equal(first, "HTTPS listener has no certificateArn.");
    assert.match(
      second,
      /^sslPolicy is "ELBSecurityPolicy-2016-08" \(unset means ELBSecurityPolicy-2016-08\); use one of ELBSecurityPolicy-TLS13-1-2-2021-06, /,
    );
  });

  it("takes the accepted TLS policies from config", () => {
    assert.equal((run(https, { allowedSslPolicies: ["ELBSecurityPolicy-TLS13-1-3-2021-06"] }) as string[]).length, 1);
  });

  it("is not applicable to TCP listeners and other types", () => {
    assert.equal(run({ protocol: "TCP", defaultActions: [] }), "not-applicable");
    assert.equal(runResource(lbListenerTls, resourceArgs("aws:lb/targetGroup:TargetGroup", {})), "not-applicable");
  });
});
