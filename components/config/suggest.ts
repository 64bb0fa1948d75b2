/** "did you mean" hints for misspelt names in the stack config. */

/** The closest candidate within a small edit distance, or undefined when nothing is close. */
export function closest(input: string, candidates: Iterable<string>): string | undefined {
  let best: { name: string; distance: number } | undefined;
  for (const name of candidates) {
    const distance = editDistance(input.toLowerCase(), name.toLowerCase());
    if (!best || distance < best.distance || (distance === best.distance && name < best.name))
      best = { name, distance };
  }
  // Beyond a third of the word, a suggestion is more likely to mislead than help.
  return best && best.distance <= Math.max(1, Math.floor(input.length / 3)) ? best.name : undefined;
}

/** `unknown profile "x" — did you mean "y"?` or, without a close match, the list of valid names. */
export function unknownName(kind: string, input: string, candidates: readonly string[]): string {
  const hint = closest(input, candidates);
  if (hint) return `unknown ${kind} "${input}" — did you mean "${hint}"?`;
  return candidates.length
    ? `unknown ${kind} "${input}" — expected one of ${candidates.map((c) => `"${c}"`).join(", ")}`
    : `unknown ${kind} "${input}" — none is defined`;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
