// Text in stack values: which characters may appear in it, and an order for it that no locale changes.

/**
 * Characters that never belong in stack text: C0 controls (tab and line feed aside), DEL, C1 controls, the line and paragraph
 * separators, the bidirectional embeddings, overrides and isolates (they make text display other
 * than it reads: "Trojan Source"), and lone surrogates (not Unicode text at all).
 */
const CONTROL =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point of this pattern
  /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const CONTROL_ALL = new RegExp(CONTROL.source, "g");

/** Tab and line feed: allowed only where a value is a script, a prompt or data, never in a name or description. */
const LAYOUT = /[\t\n]/;
const ONE_LINE = new RegExp(`${LAYOUT.source}|${CONTROL.source}`);

/** Longest excerpt of a value quoted in an error message. */
const MAX_QUOTE = 60;

export interface TextProblem {
  /** Config path as keys and indexes; keys that hold forbidden characters are shown escaped. */
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/**
 * Every string (and object key) in raw stack config holding a forbidden character, with its path.
 * Hook commands and prompts, env values and verify inputs may span lines; nothing else may.
 */
export function textProblems(raw: unknown): TextProblem[] {
  const problems: TextProblem[] = [];
  walk(raw, [], new Set(), problems);
  return problems;
}

function walk(value: unknown, path: PropertyKey[], ancestors: Set<object>, problems: TextProblem[]): void {
  if (typeof value === "string") {
    const problem = describe(value, allowsLayout(path));
    if (problem) problems.push({ path: path.map(visibleKey), message: problem });
    return;
  }
  if (value === null || typeof value !== "object" || ancestors.has(value)) return;
  ancestors.add(value);
  if (Array.isArray(value)) {
    value.forEach((item, i) => walk(item, [...path, i], ancestors, problems));
  } else {
    for (const [key, item] of Object.entries(value)) {
      const problem = describe(key, false);
      if (problem) problems.push({ path: [...path, key].map(visibleKey), message: `the key ${problem}` });
      walk(item, [...path, key], ancestors, problems);
    }
  }
  ancestors.delete(value);
}

/** Scripts, prompts and data: `….hooks.<event>[i].hooks[j].command|prompt`, `….env.<NAME>`, `profiles.<p>.verify[i].input…`. */
function allowsLayout(path: readonly PropertyKey[]): boolean {
  const last = path[path.length - 1];
  if (path.includes("hooks") && (last === "command" || last === "prompt")) return true;
  if (path[path.length - 2] === "env") return true;
  const verify = path.indexOf("verify");
  return verify !== -1 && path[verify + 2] === "input";
}

/** What is wrong with one string, or undefined when it is clean. */
function describe(text: string, multiLine: boolean): string | undefined {
  const match = (multiLine ? CONTROL : ONE_LINE).exec(text);
  if (!match) return undefined;
  const character = match[0];
  const where = `${quote(text)} holds ${codePoint(character)}, ${kind(character)}, at character ${match.index + 1}`;
  const fix = multiLine
    ? "remove it (only tabs and line breaks may appear in this value)"
    : "remove it: names, descriptions, rules and announcements are one line of visible text";
  return `${where} — ${fix}`;
}

function kind(character: string): string {
  const code = character.charCodeAt(0);
  if (code >= 0xd800 && code <= 0xdfff) return "half of a surrogate pair (not valid Unicode text)";
  if (code === 0x2028 || code === 0x2029) return "a line break invisible in most editors";
  if (code >= 0x202a) return "a bidirectional control that makes the text display differently from what it is";
  if (character === "\t") return "a tab";
  if (character === "\n") return "a line break";
  if (character === "\r") return "a carriage return";
  return "a control character";
}

function codePoint(character: string): string {
  return `U+${character.charCodeAt(0).toString(16).toUpperCase().padStart(4, "0")}`;
}

/** The value in double quotes with every forbidden or layout character escaped, cut to a readable length. */
function quote(text: string): string {
  const cut = text.length > MAX_QUOTE ? `${text.slice(0, MAX_QUOTE)}…` : text;
  return `"${printable(cut)}"`;
}

function visibleKey(key: PropertyKey): PropertyKey {
  return typeof key === "string" ? printable(key) : key;
}

/**
 * Control characters as \uXXXX, tabs and line feeds as \t and \n: one line, safe to print in a terminal
 * or a CI log (no escape sequences, no forged `::workflow-command` lines).
 */
export function printable(text: string): string {
  return text
    .replace(/[\t\n]/g, (c) => (c === "\t" ? "\\t" : "\\n"))
    .replace(CONTROL_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/**
 * Orders strings by Unicode code point: the same in every locale and on every machine, unlike
 * `localeCompare` (whose order follows LANG/LC_ALL). Plain `<` compares UTF-16 code units, which
 * puts characters above U+FFFF before U+E000–U+FFFF; this maps the units so the order is by code point.
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

/** Surrogates (U+D800–DFFF, the halves of code points above U+FFFF) rank above every other code unit. */
function codePointRank(unit: number): number {
  if (unit >= 0xd800 && unit <= 0xdfff) return unit + 0x2000;
  return unit >= 0xe000 ? unit - 0x800 : unit;
}

/** Each value once, in code-unit order (not locale order): identical on every machine. */
export function sortedUnique<T extends string>(values: Iterable<T>): T[] {
  return [...new Set(values)].sort();
}
