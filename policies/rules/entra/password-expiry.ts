import { resourcePolicy } from "../../lib/define";
import { DAY_MS, utcDay } from "../../lib/exemptions";

export interface PasswordExpiryConfig {
  /** Longest remaining lifetime of a client secret, in days from the evaluation day. */
  maxLifetimeDays: number;
}

/** Entra client secrets default to two years; machine credentials must expire within the rotation window. */
export const entraPasswordExpiry = resourcePolicy<PasswordExpiryConfig>({
  name: "entra-password-expiry",
  description: "Entra application and service-principal passwords set an endDate no more than N days ahead.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps:
    "Set endDate (RFC 3339) at most N days ahead and rotate the password before it expires (rotateWhenChanged).",
  settings: {
    maxLifetimeDays: {
      schema: { type: "integer", minimum: 1, description: "Longest remaining lifetime, in days." },
      default: 90,
    },
  },
  types: [
    "azuread:index/applicationPassword:ApplicationPassword",
    "azuread:index/servicePrincipalPassword:ServicePrincipalPassword",
  ],
  validate: (props, _args, { config, report, today }) => {
    const endDate = props.endDate;
    const relative = props.endDateRelative;
    const end = typeof endDate === "string" ? Date.parse(endDate) : endOfRelative(relative, today);
    if (end === undefined || Number.isNaN(end)) {
      report(
        `endDate is ${JSON.stringify(endDate ?? relative)}; set an RFC 3339 endDate (Entra's default lifetime is two years).`,
      );
      return;
    }
    const days = (end - today.getTime()) / DAY_MS;
    if (days > config.maxLifetimeDays) {
      report(
        `endDate ${utcDay(new Date(end))} is ${Math.ceil(days)} days after ${utcDay(today)}; at most ${config.maxLifetimeDays} days is allowed.`,
      );
    }
  },
});

/** The deprecated `endDateRelative` ("2160h") as an absolute time. */
function endOfRelative(relative: unknown, today: Date): number | undefined {
  const hours = typeof relative === "string" ? /^(\d+)h$/.exec(relative.trim()) : null;
  return hours ? today.getTime() + Number(hours[1]) * 60 * 60 * 1000 : undefined;
}
