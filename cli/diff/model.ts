// Vocabulary of the semantic permission diff: risk levels, effects, change records and the
// shapes of the synth artefacts it reads. Pure types and constants; no I/O.

/** Risk levels, riskiest first. The index in this array is the sort rank. */
export const RISK_LEVELS = ["critical", "high", "medium", "low", "info"] as const;
export type Risk = (typeof RISK_LEVELS)[number];

/** Whether a change grants more (widening), takes away (tightening) or neither (neutral). */
export type Effect = "widening" | "tightening" | "neutral";

/** Report sections, in the order used to break ties between equally risky changes. */
export const CATEGORIES = [
  "permissions",
  "locks",
  "mcp",
  "models",
  "telemetry",
  "retention",
  "assignments",
  "rings",
  "profiles",
  "settings",
  "resources",
] as const;
export type Category = (typeof CATEGORIES)[number];

/** One change a reviewer should see. `before`/`after` exist only for value changes; null = unset. */
export interface Change {
  risk: Risk;
  effect: Effect;
  category: Category;
  kind: string;
  /** Profiles the change applies to (several when the same change hits several profiles). */
  profiles: string[];
  /** Directory groups assigned to those profiles in the head output (base for removed profiles). */
  groups: string[];
  /** Short human title, e.g. "deny rule removed". */
  title: string;
  /** What changed: a rule, a setting path, a server, a group, a resource type. */
  subject: string;
  before?: unknown;
  after?: unknown;
  /** Extra lines: what a moved group gains, resource names per operation. */
  details: string[];
}

/** A change as the settings comparison produces it, before profiles and groups are attached. */
export type SettingChange = Omit<Change, "profiles" | "groups">;

/** Builds one category's value changes: an unset value reads as null, no detail lines. */
export function valueChanges(category: Category) {
  return (
    risk: Risk,
    effect: Effect,
    kind: string,
    title: string,
    subject: string,
    before: unknown,
    after: unknown,
  ): SettingChange => ({
    risk,
    effect,
    category,
    kind,
    title,
    subject,
    before: before ?? null,
    after: after ?? null,
    details: [],
  });
}

/** A profile whose published settings were re-hashed because its settings changed. */
export interface Republished {
  profile: string;
  before: string;
  after: string;
}

export interface DiffReport {
  schema: typeof REPORT_SCHEMA;
  stack: string;
  base: { clientVersion: string | null };
  head: { clientVersion: string | null };
  summary: Record<Risk, number> & { total: number; widening: number };
  changes: Change[];
  republished: Republished[];
  /** Comparisons that could not be made, e.g. a side without resources.json. */
  notes: string[];
}

export const REPORT_SCHEMA = "claude-code-rollout/permission-diff@1";

/** `rollout.json` as far as the diff reads it; every field is optional to survive older outputs. */
export interface RolloutDoc {
  stack?: string;
  environment?: string;
  clientVersion?: string;
  profiles?: ProfileDoc[];
  assignments?: { group: string; profile: string }[];
  /** Rollout rings in stack order (absent in ring-less, older outputs): per profile the release each ring runs. */
  rings?: RingDoc[];
}

export interface RingDoc {
  name: string;
  groups?: string[];
  profiles?: Record<string, { policyHash?: string; settingsSha256?: string }>;
}

export interface ProfileDoc {
  name: string;
  priority?: number;
  description?: string;
  policyHash?: string;
  settingsSha256?: string;
  /** What devices report in managed_settings_resolved for this document (the collector's accepted hashes name it). */
  resolvedSha256?: string;
  assignedGroups?: string[];
  settings?: Record<string, unknown>;
  /** managed-mcp.json servers: either the server record or the whole `{ mcpServers }` document. */
  mcpServers?: Record<string, unknown>;
}

/** One entry of `resources.json`. */
export interface ResourceDoc {
  type: string;
  name: string;
  urn?: string;
  parent?: string | null;
  custom?: boolean;
  inputs?: Record<string, unknown>;
  /** Former names: a resource registered under one of them before is renamed, not replaced. */
  aliases?: string[];
}

export function riskRank(risk: Risk): number {
  return RISK_LEVELS.indexOf(risk);
}

/** The riskier of two levels. */
export function maxRisk(a: Risk, b: Risk): Risk {
  return riskRank(a) <= riskRank(b) ? a : b;
}
