import { resourcePolicy } from "../../lib/define";

export interface RoleSessionConfig {
  /** Longest session a role may grant, in seconds. */
  maxSessionSeconds: number;
}

/** Credentials handed to laptops must be short-lived; AWS's own default is 3600 s. */
export const iamRoleMaxSession = resourcePolicy<RoleSessionConfig>({
  name: "iam-role-max-session",
  description: "IAM roles grant sessions of at most N seconds (maxSessionDuration).",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps: "Set maxSessionDuration to N seconds or less (or leave it unset for AWS's 3600 s).",
  settings: {
    maxSessionSeconds: {
      schema: { type: "integer", minimum: 900, maximum: 43200, description: "Longest session, in seconds." },
      default: 3600,
    },
  },
  types: ["aws:iam/role:Role"],
  validate: (props, _args, { config, report }) => {
    const duration = props.maxSessionDuration ?? 3600;
    if (duration > config.maxSessionSeconds) {
      report(`maxSessionDuration is ${duration} s; at most ${config.maxSessionSeconds} s is allowed.`);
    }
  },
});
