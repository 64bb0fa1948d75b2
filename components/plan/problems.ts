// One list of problems per plan, thrown once: every check reports here instead of throwing on the first.
import { ConfigError, ConfigProblem } from "../config";

/** A problem in the stack file: where (`credentials.automationReaderArns`) and what to do about it. */
export type PlanProblem = ConfigProblem;

/** What a slice planner returns: the slice when its input is sound, and every problem it found. */
export interface SlicePlan<T> {
  /** Undefined when a problem makes the slice impossible to build; the plan then throws before using it. */
  readonly slice: T | undefined;
  readonly problems: readonly PlanProblem[];
}

/** Throws one ConfigError for the stack listing every problem (in the order found); returns when there is none. */
export function throwIfProblems(stack: string, problems: readonly PlanProblem[]): void {
  if (problems.length) throw new ConfigError(stack, problems);
}
