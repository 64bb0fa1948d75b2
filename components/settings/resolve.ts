import { ancestry, ProfileBody, RolloutConfig, VerifyScenario } from "../config";
import { Hooks } from "../config/hooks";
import { resolveIntent, ResolvedIntent } from "../config/intent";
import { sortedUnique } from "../config/text";

/** A profile with its inheritance applied: baseline → root ancestor → … → the profile itself. */
export interface EffectiveProfile {
  readonly name: string;
  readonly priority: number;
  readonly description: string;
  /** Profiles this one inherits from, nearest first. */
  readonly inheritsFrom: readonly string[];
  readonly allow: readonly string[];
  readonly ask: readonly string[];
  readonly deny: readonly string[];
  readonly defaultMode?: ProfileBody["permissions"]["defaultMode"];
  readonly additionalDirectories: readonly string[];
  readonly mcp: readonly string[];
  readonly models?: { readonly available: readonly string[]; readonly default?: string };
  readonly env: Readonly<Record<string, string>>;
  readonly hooks: Hooks;
  readonly announcements: readonly string[];
  readonly cleanupPeriodDays?: number;
  readonly logUserPrompts: boolean;
  readonly logToolDetails: boolean;
  readonly automation: boolean;
  readonly verify: readonly VerifyScenario[];
  /** What the profile may do, after inheritance, with every secret path it protects. */
  readonly intent: ResolvedIntent;
}

/**
 * Lists accumulate down the chain and are never removed (deny wins); scalars take the nearest
 * value. Locks and the bypass/auto switches are not resolved: every compiled document sets them.
 */
export function resolveProfile(config: RolloutConfig, name: string): EffectiveProfile {
  const profile = config.profiles[name];
  const ancestors = ancestry(config, name).slice(1);
  // Farthest first, so later levels override scalars and append to lists.
  const levels: ProfileBody[] = [config.baseline, ...[...ancestors].reverse().map((n) => config.profiles[n]), profile];

  const deny = sortedUnique(levels.flatMap((b) => b.permissions.deny));
  const union = (pick: (body: ProfileBody) => readonly string[]) => sortedUnique(levels.flatMap(pick));
  const nearest = <T>(pick: (body: ProfileBody) => T | undefined): T | undefined =>
    levels.map(pick).reduce<T | undefined>((found, value) => (value === undefined ? found : value), undefined);

  return {
    name,
    priority: profile.priority,
    description: profile.description,
    inheritsFrom: ancestors,
    allow: union((b) => b.permissions.allow),
    ask: union((b) => b.permissions.ask),
    deny,
    defaultMode: nearest((b) => b.permissions.defaultMode),
    additionalDirectories: union((b) => b.permissions.additionalDirectories ?? []),
    mcp: union((b) => b.mcp),
    models: nearest((b) => b.models),
    env: Object.assign({}, ...levels.map((b) => b.env)),
    hooks: mergeHooks(levels.map((b) => b.hooks)),
    announcements: union((b) => b.announcements),
    cleanupPeriodDays: config.baseline.cleanupPeriodDays,
    logUserPrompts: profile.telemetry.logUserPrompts,
    logToolDetails: profile.telemetry.logToolDetails,
    automation: profile.automation,
    verify: profile.verify,
    intent: resolveIntent(config, [name, ...ancestors], deny),
  };
}

function mergeHooks(levels: readonly Hooks[]): Hooks {
  const merged: Hooks = {};
  for (const hooks of levels) {
    for (const [event, matchers] of Object.entries(hooks) as [keyof Hooks, Hooks[keyof Hooks]][]) {
      if (matchers?.length) merged[event] = [...(merged[event] ?? []), ...matchers];
    }
  }
  return merged;
}
