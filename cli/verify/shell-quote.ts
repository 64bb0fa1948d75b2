// POSIX sh quoting for the commands verify builds (namespace setup, respelled denies). Pure.

/** `value` as one sh word: single-quoted, each `'` closed, escaped and reopened. */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}
