/** A value of a settings document that a delivery format cannot carry. */
export interface FormatProblem {
  /** The delivery format, e.g. "the macOS configuration profile (.mobileconfig)". */
  readonly format: string;
  /** JSON path inside the document, e.g. `hooks.PreToolUse[0].hooks[0].command`. */
  readonly where: string;
  readonly message: string;
}

/**
 * Thrown by the renderers with every value the formats cannot carry (not just the first); the plan
 * turns each into a problem naming the profile, so none is found one `pulumi up` at a time.
 */
export class UnrepresentableSettings extends Error {
  constructor(readonly problems: readonly FormatProblem[]) {
    super(problems.map((p) => `${p.format}: ${p.where}: ${p.message}`).join("; "));
    this.name = "UnrepresentableSettings";
  }
}

/** Runs each render, then throws one UnrepresentableSettings with every family's problems, if any. */
export function renderAll<T>(renders: readonly (() => T)[]): T[] {
  const problems: FormatProblem[] = [];
  const results: T[] = [];
  for (const render of renders) {
    try {
      results.push(render());
    } catch (error) {
      if (!(error instanceof UnrepresentableSettings)) throw error;
      problems.push(...error.problems);
    }
  }
  if (problems.length) throw new UnrepresentableSettings(problems);
  return results;
}
