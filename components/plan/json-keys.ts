// JSON.parse keeps the last of two equal keys and drops nothing it warns about: a reviewer reading the
// first of two "pilot" entries in a release file's diff would approve what the program never runs. And
// what reads the parsed value recursively (schemas, canonical rendering) overflows the stack on a
// deep enough nesting: the depth is bounded before anything recursive sees it.

/** Far deeper than any document the compiler writes (a release file nests about ten levels). */
export const MAX_JSON_DEPTH = 64;

/**
 * The first key an object of `text` holds twice, or a `__proto__` key (a schema drops it unseen), or
 * the first value nested deeper than MAX_JSON_DEPTH (key ""), with its path (`rings.pilot`). `text` must be valid JSON (JSON.parse accepted it). Iterative: nesting
 * depth costs no stack.
 */
export function jsonShapeProblem(text: string): { path: string; key: string } | undefined {
  interface Frame {
    readonly path: string;
    /** Keys seen so far; undefined in an array. */
    readonly keys: Set<string> | undefined;
    expectKey: boolean;
    lastKey: string;
    index: number;
  }
  const frames: Frame[] = [];
  const child = (): string => {
    const top = frames.at(-1);
    if (!top) return "";
    return top.keys ? `${top.path}${top.path ? "." : ""}${top.lastKey}` : `${top.path}[${top.index}]`;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === "\\" ? 2 : 1;
      const top = frames.at(-1);
      if (top?.keys && top.expectKey) {
        const key = JSON.parse(text.slice(i, end + 1)) as string;
        top.lastKey = key;
        if (top.keys.has(key) || key === "__proto__") return { path: child(), key };
        top.keys.add(key);
        top.expectKey = false;
      }
      i = end;
    } else if (c === "{" || c === "[") {
      if (frames.length === MAX_JSON_DEPTH) return { path: child(), key: "" };
      frames.push({ path: child(), keys: c === "{" ? new Set() : undefined, expectKey: true, lastKey: "", index: 0 });
    } else if (c === "}" || c === "]") {
      frames.pop();
    } else if (c === ",") {
      const top = frames.at(-1)!;
      top.expectKey = true;
      top.index++;
    }
  }
  return undefined;
}
