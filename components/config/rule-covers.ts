import { checkRule, ParsedRule } from "./rules";

/**
 * Whether one permission rule matches everything another matches. The client evaluates
 * deny → ask → allow and the first match wins, so an allow covered by a deny or ask is dead.
 * Conservative: "covers" is only claimed when the pattern provably matches the other's text.
 */
export function ruleCovers(general: string, specific: string): boolean {
  if (general === specific) return true;
  const g = parsed(general);
  const s = parsed(specific);
  if (!g || !s) return false;

  if (g.mcp || s.mcp) {
    if (!g.mcp || !s.mcp) return false;
    // `mcp__server` covers every tool of that server.
    if (!general.slice("mcp__".length).includes("__") && specific.startsWith(`${general}__`)) return true;
    return matcher(general, () => starGlob(general))(specific);
  }
  if (g.tool !== s.tool) return false;
  if (g.specifier === undefined || g.specifier === "*") return true;
  if (s.specifier === undefined) return false;

  const specifier = g.specifier;
  const matches = matcher(general, () =>
    g.tool === "Read" || g.tool === "Edit" ? pathPattern(specifier) : commandPattern(specifier),
  );
  return matches(s.specifier);
}

/** The rules that may cover another, indexed; see indexRules. */
export interface RuleIndex {
  /** The first indexed rule (in the given order) that covers `specific`: `rules.find((r) => ruleCovers(r, specific))`. */
  firstCovering(specific: string): string | undefined;
}

/**
 * Indexes rules so that a lookup tries only the few that can cover the other rule: checking n allows
 * against m denies costs about n + m instead of n × m. A rule is filed by tool (MCP rules apart)
 * under its most selective required literal — the text its matches start with, or a short piece of
 * text every match contains (spelled denies such as `*"git push*` start with a wildcard). So every
 * rule that can cover `specific` is a candidate, and ruleCovers still decides.
 */
export function indexRules(rules: readonly string[]): RuleIndex {
  const exact = new Map<string, number>();
  const mcp = new Shelf();
  const tools = new Map<string, Shelf>();
  rules.forEach((rule, position) => {
    if (!exact.has(rule)) exact.set(rule, position);
    const g = parsed(rule);
    if (!g) return; // an invalid rule covers only its identical text
    if (g.mcp) return mcp.add(position, literals(rule, false));
    const shelf = tools.get(g.tool) ?? new Shelf();
    tools.set(g.tool, shelf);
    if (g.specifier === undefined || g.specifier === "*") shelf.add(position, undefined);
    else shelf.add(position, literals(g.specifier, g.tool !== "Read" && g.tool !== "Edit"));
  });
  mcp.file();
  for (const shelf of tools.values()) shelf.file();
  return {
    firstCovering(specific) {
      const candidates: number[] = [];
      const same = exact.get(specific);
      if (same !== undefined) candidates.push(same);
      const s = parsed(specific);
      if (s?.mcp) mcp.collect(specific, candidates);
      else if (s) tools.get(s.tool)?.collect(s.specifier, candidates);
      candidates.sort((a, b) => a - b);
      const found = candidates.find((i) => ruleCovers(rules[i], specific));
      return found === undefined ? undefined : rules[found];
    },
  };
}

/** What every text a pattern matches must hold: its literal start (may be ""), then the literal pieces between wildcards. */
interface Literals {
  readonly start: string;
  readonly pieces: readonly string[];
}

/**
 * The literal text of a pattern. In command patterns a trailing ` *` makes its space optional and
 * `:*` matches without the colon, so trailing spaces and colons are dropped: a shorter literal
 * only adds candidates, never loses one.
 */
function literals(pattern: string, command: boolean): Literals {
  const pieces = pattern.split("*").map((piece) => (command ? piece.replace(/[ :]+$/, "") : piece));
  // Every rule sharing a start shares each gram of it too, so the start's own grams are never more selective.
  const [start, rest] = pattern.startsWith("*") ? ["", pieces] : [pieces[0], pieces.slice(1)];
  return { start, pieces: rest.filter((piece) => piece !== "") };
}

/** Pieces are filed by their substrings of this length (shorter pieces whole): short enough to be shared rarely by chance. */
const GRAM = 4;

/**
 * Rule positions of one tool, each filed under one key: `^start` or a gram of one of its pieces,
 * whichever the fewest rules share. A lookup tries every key the text could hold.
 */
class Shelf {
  private readonly pending: { position: number; keys: string[] }[] = [];
  /** Matches everything of the tool, or holds no literal at all. */
  private readonly always: number[] = [];
  private readonly byKey = new Map<string, number[]>();
  private readonly startLengths = new Set<number>();
  private readonly gramLengths = new Set<number>();

  add(position: number, literal: Literals | undefined): void {
    const keys = literal
      ? [...new Set([...(literal.start ? [`^${literal.start}`] : []), ...literal.pieces.flatMap(grams)])]
      : [];
    if (keys.length) this.pending.push({ position, keys });
    else this.always.push(position);
  }

  /** Files every added rule under its rarest key; done once all are added, when the counts are known. */
  file(): void {
    const shared = new Map<string, number>();
    for (const { keys } of this.pending) for (const key of keys) shared.set(key, (shared.get(key) ?? 0) + 1);
    for (const { position, keys } of this.pending) {
      const key = keys.reduce((best, k) => (shared.get(k)! < shared.get(best)! ? k : best));
      const list = this.byKey.get(key);
      if (list) list.push(position);
      else this.byKey.set(key, [position]);
      if (key.startsWith("^")) this.startLengths.add(key.length - 1);
      else this.gramLengths.add(key.length - 1);
    }
    this.pending.length = 0;
  }

  collect(text: string | undefined, into: number[]): void {
    into.push(...this.always);
    if (text === undefined) return; // a bare tool: only the tool-wide rules cover it
    for (const length of this.startLengths) if (length <= text.length) this.take(`^${text.slice(0, length)}`, into);
    for (const length of this.gramLengths) {
      for (let at = 0; at + length <= text.length; at++) this.take(`*${text.slice(at, at + length)}`, into);
    }
  }

  private take(key: string, into: number[]): void {
    const list = this.byKey.get(key);
    if (list) into.push(...list);
  }
}

/** Keys for the substrings of GRAM characters (the piece itself when shorter); `*` never occurs in a piece, so they never meet a `^start` key. */
function grams(piece: string): string[] {
  if (piece.length <= GRAM) return [`*${piece}`];
  return Array.from({ length: piece.length - GRAM + 1 }, (_, at) => `*${piece.slice(at, at + GRAM)}`);
}

/**
 * Parsing and pattern building are pure and by far the cost of one check; the same rules are
 * compared many times (every spelling, every profile, both documents), so both are kept per text.
 */
const parsedRules = new Map<string, ParsedRule | null>();
const matchers = new Map<string, Matcher>();

/** Whether a pattern matches the whole of a text. */
type Matcher = (text: string) => boolean;

function parsed(rule: string): ParsedRule | undefined {
  let entry = parsedRules.get(rule);
  if (entry === undefined) {
    const checked = checkRule(rule, "deny");
    entry = checked.ok ? checked.rule : null;
    parsedRules.set(rule, entry);
  }
  return entry ?? undefined;
}

function matcher(rule: string, build: () => Matcher): Matcher {
  let matches = matchers.get(rule);
  if (!matches) matchers.set(rule, (matches = build()));
  return matches;
}

/** Bash/PowerShell: `*` spans anything (spaces too), a trailing ` *` is optional, `:*` is a word prefix. */
function commandPattern(specifier: string): Matcher {
  if (specifier.endsWith(":*")) {
    // The prefix is literal, a `*` in it too; then the end, or whitespace and anything.
    const prefix = specifier.slice(0, -2);
    return (text) => text.startsWith(prefix) && (text.length === prefix.length || WHITESPACE.test(text[prefix.length]));
  }
  if (!specifier.endsWith(" *")) return starGlob(specifier);
  const [bare, spaced] = [starGlob(specifier.slice(0, -2)), starGlob(specifier)];
  return (text) => bare(text) || spaced(text);
}

const WHITESPACE = /^\s$/;

/**
 * `*` spans anything, line breaks too; every other character is literal. Matched without a regex:
 * building one costs far more than matching, and most patterns are checked only a few times.
 * Taking each middle piece at its first occurrence is enough, as a `*` can absorb any text.
 */
function starGlob(pattern: string): Matcher {
  const pieces = pattern.split("*");
  if (pieces.length === 1) return (text) => text === pattern;
  const [first, last, middle] = [pieces[0], pieces[pieces.length - 1], pieces.slice(1, -1)];
  return (text) => {
    if (text.length < first.length + last.length || !text.startsWith(first) || !text.endsWith(last)) return false;
    const end = text.length - last.length;
    let at = first.length;
    for (const piece of middle) {
      const found = text.indexOf(piece, at);
      if (found < 0 || found + piece.length > end) return false;
      at = found + piece.length;
    }
    return true;
  };
}

/** Read/Edit: gitignore-style, `**` crosses folders and `*` does not. */
function pathPattern(specifier: string): Matcher {
  const parts = specifier.split("**").map((chunk) => chunk.split("*").map(escape).join("[^/]*"));
  const pattern = new RegExp(`^${parts.join(".*")}$`, "s");
  return (text) => pattern.test(text);
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
