import { RolloutConfig } from "../config";

/** The Entra security group that carries a profile; MDM assignments target it. */
export function profileGroupName(environment: string, profile: string): string {
  return `claude-code-${environment}-${profile}`;
}

export interface MdmTargeting {
  readonly includeGroup: string;
  /** Groups of every higher-priority profile, highest first: a device gets exactly one profile. */
  readonly excludeGroups: string[];
  readonly assignedGroups: string[];
}

export function mdmTargeting(config: RolloutConfig, profile: string): MdmTargeting {
  const priority = config.profiles[profile].priority;
  const higher = Object.entries(config.profiles)
    .filter(([, p]) => p.priority > priority)
    .sort(([, a], [, b]) => b.priority - a.priority);
  return {
    includeGroup: profileGroupName(config.environment, profile),
    excludeGroups: higher.map(([name]) => profileGroupName(config.environment, name)),
    assignedGroups: config.assignments
      .filter((a) => a.profile === profile)
      .map((a) => a.group)
      .sort(),
  };
}
