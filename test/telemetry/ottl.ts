// A strict interpreter of the OTTL the collector configuration generates (transform and filter
// processors), so tests run the generated statements themselves instead of re-deriving their
// verdicts. Anything outside the generated subset throws: a new kind of statement must be taught
// here before a test can pass with it.

/** Attribute values as the client sends them (strings, numbers, booleans, string arrays). */
export type AttributeValue = string | number | boolean | readonly string[];
export type Attributes = Map<string, AttributeValue>;

/** An error the collector reports while running a statement; `error_mode: ignore` skips the statement. */
export class OttlRuntimeError extends Error {}

/** What a statement reads and writes: one log record and its resource. */
export interface LogContext {
  readonly resource: Attributes;
  readonly attributes: Attributes;
  readonly body: string;
}

type MapPath = { readonly scope: "resource" | "log"; readonly key: string };
type Path = MapPath | { readonly scope: "body" };
type Value =
  | { readonly kind: "literal"; readonly value: string | null }
  | { readonly kind: "split"; readonly path: Path; readonly separator: string };
export type Condition =
  | { readonly kind: "or" | "and"; readonly parts: readonly Condition[] }
  | { readonly kind: "eq" | "ne"; readonly path: Path; readonly literal: string | null }
  | { readonly kind: "isMatch"; readonly path: Path; readonly pattern: RegExp };
export type Statement =
  | { readonly kind: "delete_key"; readonly target: MapPath["scope"]; readonly key: string }
  | { readonly kind: "set"; readonly target: MapPath; readonly value: Value; readonly where?: Condition };

/** String literals (JSON escapes, as the generator writes them), names and dotted paths, operators, punctuation. */
function tokenize(text: string): string[] {
  const token = /\s*("(?:[^"\\]|\\.)*"|==|!=|[(),[\]]|[A-Za-z_][A-Za-z0-9_.]*)\s*/y;
  const tokens: string[] = [];
  while (token.lastIndex < text.length) {
    const at = token.lastIndex;
    const match = token.exec(text);
    if (!match) throw new Error(`OTTL: cannot read "${text.slice(at)}" in ${text}`);
    tokens.push(match[1]);
  }
  return tokens;
}

class Parser {
  private at = 0;
  private readonly tokens: string[];
  constructor(private readonly text: string) {
    this.tokens = tokenize(text);
  }
  peek(): string | undefined {
    return this.tokens[this.at];
  }
  next(expected?: string): string {
    const token = this.tokens[this.at++];
    if (token === undefined || (expected !== undefined && token !== expected))
      throw new Error(`OTTL: expected ${expected ?? "more"}, got ${token} in ${this.text}`);
    return token;
  }
  string(): string {
    const token = this.next();
    if (!token.startsWith('"')) throw new Error(`OTTL: expected a string, got ${token} in ${this.text}`);
    return JSON.parse(token) as string;
  }
  end(): void {
    if (this.at !== this.tokens.length) throw new Error(`OTTL: unexpected ${this.peek()} in ${this.text}`);
  }
  map(): MapPath["scope"] {
    const head = this.next();
    if (head === "log.attributes") return "log";
    if (head === "resource.attributes") return "resource";
    throw new Error(`OTTL: unknown attribute map ${head} in ${this.text}`);
  }
  path(): Path {
    if (this.peek() === "log.body") {
      this.next();
      return { scope: "body" };
    }
    const scope = this.map();
    this.next("[");
    const key = this.string();
    this.next("]");
    return { scope, key };
  }
  mapPath(): MapPath {
    const path = this.path();
    if (path.scope === "body") throw new Error(`OTTL: expected an attribute in ${this.text}`);
    return path;
  }
  value(): Value {
    if (this.peek() === "nil") {
      this.next();
      return { kind: "literal", value: null };
    }
    if (this.peek() !== "Split") return { kind: "literal", value: this.string() };
    this.next();
    this.next("(");
    const path = this.path();
    this.next(",");
    const separator = this.string();
    this.next(")");
    return { kind: "split", path, separator };
  }
  condition(): Condition {
    const parts = [this.conjunction()];
    while (this.peek() === "or") {
      this.next();
      parts.push(this.conjunction());
    }
    return parts.length === 1 ? parts[0] : { kind: "or", parts };
  }
  private conjunction(): Condition {
    const parts = [this.atom()];
    while (this.peek() === "and") {
      this.next();
      parts.push(this.atom());
    }
    return parts.length === 1 ? parts[0] : { kind: "and", parts };
  }
  private atom(): Condition {
    if (this.peek() === "(") {
      this.next();
      const inner = this.condition();
      this.next(")");
      return inner;
    }
    if (this.peek() === "IsMatch") {
      this.next();
      this.next("(");
      const path = this.path();
      this.next(",");
      // Go's RE2 and JavaScript agree on the anchored alternations the generator writes.
      const pattern = new RegExp(this.string());
      this.next(")");
      return { kind: "isMatch", path, pattern };
    }
    const path = this.path();
    const op = this.next();
    if (op !== "==" && op !== "!=") throw new Error(`OTTL: unknown operator ${op} in ${this.text}`);
    const value = this.value();
    if (value.kind !== "literal") throw new Error(`OTTL: only literals are compared in ${this.text}`);
    return { kind: op === "==" ? "eq" : "ne", path, literal: value.value };
  }
}

/** One statement of the generated subset: `delete_key(<map>, "k")` or `set(<attr>, <value>) [where <cond>]`. */
export function parseStatement(text: string): Statement {
  const parser = new Parser(text);
  const fn = parser.next();
  parser.next("(");
  let statement: Statement;
  if (fn === "delete_key") {
    const target = parser.map();
    parser.next(",");
    statement = { kind: "delete_key", target, key: parser.string() };
    parser.next(")");
  } else if (fn === "set") {
    const target = parser.mapPath();
    parser.next(",");
    const value = parser.value();
    parser.next(")");
    statement = { kind: "set", target, value };
    if (parser.peek() === "where") {
      parser.next();
      statement = { ...statement, where: parser.condition() };
    }
  } else {
    throw new Error(`OTTL: unknown function ${fn} in ${text}`);
  }
  parser.end();
  return statement;
}

/** One condition (filter processor, `conditions` of a statement group). */
export function parseCondition(text: string): Condition {
  const parser = new Parser(text);
  const condition = parser.condition();
  parser.end();
  return condition;
}

function read(path: Path, context: LogContext): AttributeValue | undefined {
  if (path.scope === "body") return context.body;
  return (path.scope === "log" ? context.attributes : context.resource).get(path.key);
}

/** OTTL's comparison: nil equals only nil; a string equals the same string, and nothing else. */
function equals(value: AttributeValue | undefined, literal: string | null): boolean {
  return literal === null ? value === undefined : value === literal;
}

export function evaluate(condition: Condition, context: LogContext): boolean {
  switch (condition.kind) {
    case "or":
      return condition.parts.some((part) => evaluate(part, context));
    case "and":
      return condition.parts.every((part) => evaluate(part, context));
    case "eq":
      return equals(read(condition.path, context), condition.literal);
    case "ne":
      return !equals(read(condition.path, context), condition.literal);
    case "isMatch": {
      // IsMatch is false for nil; the values it reads here are strings (anything else is not modelled).
      const value = read(condition.path, context);
      if (value === undefined) return false;
      if (typeof value !== "string") throw new OttlRuntimeError("IsMatch: the target is not a string");
      return condition.pattern.test(value);
    }
  }
}

/**
 * Runs one statement. Throws where the collector would report an error; the transform processor's
 * `error_mode: ignore` turns that into skipping the statement (see runStatements).
 */
export function execute(statement: Statement, context: LogContext): void {
  if (statement.kind === "delete_key") {
    (statement.target === "log" ? context.attributes : context.resource).delete(statement.key);
    return;
  }
  if (statement.where && !evaluate(statement.where, context)) return;
  const value = statement.value;
  let result: AttributeValue | undefined;
  if (value.kind === "literal") {
    result = value.value ?? undefined;
  } else {
    const source = read(value.path, context);
    if (typeof source !== "string") throw new OttlRuntimeError("Split: the target is not a string");
    result = source.split(value.separator);
  }
  const target = statement.target.scope === "log" ? context.attributes : context.resource;
  if (result === undefined) target.delete(statement.target.key);
  else target.set(statement.target.key, result);
}

/** Statements in order, as `error_mode: ignore` runs them: a failing statement is skipped, the rest run. */
export function runStatements(statements: readonly Statement[], context: LogContext): void {
  for (const statement of statements) {
    try {
      execute(statement, context);
    } catch (error) {
      if (!(error instanceof OttlRuntimeError)) throw error;
    }
  }
}
