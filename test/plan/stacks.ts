import { readStack } from "../../cli/stack";
import { planStack } from "../../cli/synth/run";
import { ConfigError } from "../../components/config";
import { RolloutPlan } from "../../components/plan";

/** A stack as the Pulumi CLI hands it to the program: its name, `ns:key` → string config, and the secret keys. */
export interface StackVariant {
  readonly stack: string;
  readonly config: Readonly<Record<string, string>>;
  readonly secretKeys: readonly string[];
}

export interface StackEdits {
  /** Run it under another stack name. */
  readonly stack?: string;
  /** Project keys (without the `claude-code-rollout:` prefix) to replace; undefined removes one. */
  readonly project?: Readonly<Record<string, unknown>>;
  /** Raw `ns:key` entries to set; undefined removes one. */
  readonly raw?: Readonly<Record<string, string | undefined>>;
  /** Keys to mark as given with `secure:`. */
  readonly secretKeys?: readonly string[];
}

/** A sample stack file (stacks/Pulumi.<name>.yaml) with edits. */
export function variant(name: string, edits: StackEdits = {}): StackVariant {
  const file = readStack(name);
  const config: Record<string, string> = { ...file.allConfig };
  const set = (key: string, value: string | undefined) => {
    if (value === undefined) delete config[key];
    else config[key] = value;
  };
  for (const [key, value] of Object.entries(edits.project ?? {})) {
    set(`claude-code-rollout:${key}`, typeof value === "string" || value === undefined ? value : JSON.stringify(value));
  }
  for (const [key, value] of Object.entries(edits.raw ?? {})) set(key, value);
  return { stack: edits.stack ?? name, config, secretKeys: [...file.secretKeys, ...(edits.secretKeys ?? [])] };
}

/** The project config of a sample stack file, for edits of one section. */
export function projectOf(name: string): Record<string, Record<string, unknown>> & { assignments: unknown[] } {
  return readStack(name).projectConfig as Record<string, Record<string, unknown>> & { assignments: unknown[] };
}

/** What index.ts does before constructing anything: read, load, then plan (as synth does). */
export function planVariant(stack: StackVariant, today: Date): RolloutPlan {
  return planStack({ stack: stack.stack, allConfig: { ...stack.config }, secretKeys: [...stack.secretKeys] }, today);
}

/** The ConfigError's problems as `path: message`; fails when the plan accepts the stack. */
export function planProblems(stack: StackVariant, today: Date): string[] {
  try {
    planVariant(stack, today);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.problems.map((p) => `${p.path}: ${p.message}`);
  }
  throw new Error(`the plan accepted stack "${stack.stack}"`);
}
