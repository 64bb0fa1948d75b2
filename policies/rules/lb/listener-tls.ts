import { resourcePolicy } from "../../lib/define";
import { isPresent, isRecord } from "../../lib/values";

export interface ListenerTlsConfig {
  /** ELB security policies accepted on HTTPS and TLS listeners. */
  allowedSslPolicies: string[];
}

/** The collector receives bearer tokens; they must only travel over modern TLS. */
export const lbListenerTls = resourcePolicy<ListenerTlsConfig>({
  name: "lb-listener-https",
  description:
    "Load-balancer listeners serve HTTPS/TLS with a certificate and a modern TLS policy; plain HTTP listeners only redirect to HTTPS.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Use protocol HTTPS with certificateArn and sslPolicy ELBSecurityPolicy-TLS13-1-2-2021-06 (or stricter); make any HTTP listener a redirect to HTTPS.",
  settings: {
    allowedSslPolicies: {
      schema: {
        type: "array",
        items: { type: "string", minLength: 1 },
        description: "Accepted ELB security policies.",
      },
      default: [
        "ELBSecurityPolicy-TLS13-1-2-2021-06",
        "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
        "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
        "ELBSecurityPolicy-TLS13-1-3-2021-06",
        "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
      ],
    },
  },
  types: ["aws:lb/listener:Listener", "aws:alb/listener:Listener"],
  validate: (props, args, { config, report }) => {
    const protocol = String(props.protocol ?? "HTTP").toUpperCase();
    if (protocol === "HTTP") {
      const actions: unknown[] = Array.isArray(props.defaultActions) ? props.defaultActions : [];
      const redirectsToHttps =
        actions.length > 0 &&
        actions.every(
          (a) =>
            isRecord(a) &&
            a.type === "redirect" &&
            String(isRecord(a.redirect) ? a.redirect.protocol : undefined).toUpperCase() === "HTTPS",
        );
      if (!redirectsToHttps) {
        report(
          "Plain HTTP listener does not redirect to HTTPS; serve HTTPS or make every default action a redirect with protocol HTTPS.",
        );
      }
      return;
    }
    if (protocol !== "HTTPS" && protocol !== "TLS") {
      args.notApplicable(`Listener protocol ${protocol} carries no HTTP traffic`);
    }
    if (!isPresent(() => props.certificateArn)) {
      report(`${protocol} listener has no certificateArn.`);
    }
    if (!config.allowedSslPolicies.includes(props.sslPolicy)) {
      report(
        `sslPolicy is ${JSON.stringify(props.sslPolicy)} (unset means ELBSecurityPolicy-2016-08); use one of ${config.allowedSslPolicies.join(", ")}.`,
      );
    }
  },
});
