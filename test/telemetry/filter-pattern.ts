// Evaluates the CloudWatch Logs JSON filter patterns the audit signals use on exported records, so a
// test counts what a metric filter (and the alarm on its metric) would count. The subset: `{ … }`,
// `&&`, `||`, parentheses and `$.a.b = "text"`; anything else (wildcards, numbers, other
// operators) throws, so a new kind of pattern must be taught here first.

type Node =
  | { readonly kind: "and" | "or"; readonly parts: readonly Node[] }
  | { readonly kind: "equals"; readonly selector: string; readonly text: string };

function tokenize(pattern: string): string[] {
  const token = /\s*("(?:[^"\\]|\\.)*"|&&|\|\||!=|=|[{}()]|\$(?:\.[A-Za-z0-9_]+)+)\s*/y;
  const tokens: string[] = [];
  while (token.lastIndex < pattern.length) {
    const at = token.lastIndex;
    const match = token.exec(pattern);
    if (!match) throw new Error(`filter pattern: cannot read "${pattern.slice(at)}"`);
    tokens.push(match[1]);
  }
  return tokens;
}

export function parseFilterPattern(pattern: string): Node {
  const tokens = tokenize(pattern);
  let at = 0;
  const next = (expected?: string) => {
    const t = tokens[at++];
    if (t === undefined || (expected !== undefined && t !== expected))
      throw new Error(`filter pattern: expected ${expected ?? "more"}, got ${t} in ${pattern}`);
    return t;
  };
  const list = (kind: "and" | "or", operator: string, item: () => Node): Node => {
    const parts = [item()];
    while (tokens[at] === operator) {
      next();
      parts.push(item());
    }
    return parts.length === 1 ? parts[0] : { kind, parts };
  };
  const expression = (): Node => list("or", "||", () => list("and", "&&", atom));
  const atom = (): Node => {
    if (tokens[at] === "(") {
      next();
      const inner = expression();
      next(")");
      return inner;
    }
    const selector = next();
    if (!selector.startsWith("$.")) throw new Error(`filter pattern: expected a selector, got ${selector}`);
    const op = next();
    if (op !== "=") throw new Error(`filter pattern: operator ${op} is not modelled`);
    const literal = next();
    if (!literal.startsWith('"')) throw new Error(`filter pattern: only strings are compared, got ${literal}`);
    const text = JSON.parse(literal) as string;
    if (text.includes("*")) throw new Error("filter pattern: wildcards are not modelled");
    return { kind: "equals", selector, text };
  };
  next("{");
  const root = expression();
  next("}");
  if (at !== tokens.length) throw new Error(`filter pattern: unexpected ${tokens[at]} in ${pattern}`);
  return root;
}

/** The value a `$.a.b` selector picks from a JSON record; undefined when a step is missing. */
export function selectJson(record: unknown, selector: string): unknown {
  if (!selector.startsWith("$.")) throw new Error(`filter pattern: ${selector} is not a selector`);
  return selector
    .slice(2)
    .split(".")
    .reduce<unknown>(
      (value, key) =>
        value !== null && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined,
      record,
    );
}

function matches(node: Node, record: unknown): boolean {
  if (node.kind === "equals") return selectJson(record, node.selector) === node.text;
  return node.kind === "and"
    ? node.parts.every((part) => matches(part, record))
    : node.parts.some((part) => matches(part, record));
}

/** Whether the filter `pattern` counts the JSON `record` (as written by the exporter). */
export function filterMatches(pattern: string, record: unknown): boolean {
  return matches(parseFilterPattern(pattern), record);
}
