/** Whole-string match of `value` against `pattern`, where `*` is any run of characters and `?` one character. */
export function matchesGlob(pattern: string, value: string): boolean {
  const body = pattern
    .split("")
    .map((c) => (c === "*" ? ".*" : c === "?" ? "." : c.replace(/[\\^$.|+()[\]{}]/g, "\\$&")))
    .join("");
  return new RegExp(`^${body}$`, "s").test(value);
}
