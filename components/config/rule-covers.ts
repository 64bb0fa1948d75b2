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
    return matcher(general, () => globToRegExp(general, "*")).test(specific);
  }
  if (g.tool !== s.tool) return false;
  if (g.specifier === undefined || g.specifier === "*") return true;
  if (s.specifier === undefined) return false;

  const specifier = g.specifier;
  const pattern = matcher(general, () =>
    g.tool === "Read" || g.tool === "Edit" ? pathPattern(specifier) : commandPattern(specifier),
  );
  return pattern.test(s.specifier);
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

/** What every text a pattern matches must hold: its literal start (may be ""), and the literal pieces between wildcards. */
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
  return { start: pattern.startsWith("*") ? "" : pieces[0], pieces: pieces.filter((piece) => piece !== "") };
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
 * Parsing and regex compilation are pure and by far the cost of one check; the same rules are
 * compared many times (every spelling, every profile, both documents), so both are kept per text.
 */
const parsedRules = new Map<string, ParsedRule | null>();
const patterns = new Map<string, RegExp>();

function parsed(rule: string): ParsedRule | undefined {
  let entry = parsedRules.get(rule);
  if (entry === undefined) {
    const checked = checkRule(rule, "deny");
    entry = checked.ok ? checked.rule : null;
    parsedRules.set(rule, entry);
  }
  return entry ?? undefined;
}

function matcher(rule: string, compile: () => RegExp): RegExp {
  let pattern = patterns.get(rule);
  if (!pattern) patterns.set(rule, (pattern = compile()));
  return pattern;
}

/** Bash/PowerShell: `*` spans anything (spaces too), a trailing ` *` is optional, `:*` is a word prefix. */
function commandPattern(specifier: string): RegExp {
  if (specifier.endsWith(":*")) {
    const prefix = escape(specifier.slice(0, -2));
    return new RegExp(`^${prefix}(\\s.*)?$`, "s");
  }
  const optionalTail = specifier.endsWith(" *");
  const body = optionalTail ? specifier.slice(0, -2) : specifier;
  return new RegExp(`^${body.split("*").map(escape).join(".*")}${optionalTail ? "( .*)?" : ""}$`, "s");
}

/** Read/Edit: gitignore-style, `**` crosses folders and `*` does not. */
function pathPattern(specifier: string): RegExp {
  const parts = specifier.split("**").map((chunk) => chunk.split("*").map(escape).join("[^/]*"));
  return new RegExp(`^${parts.join(".*")}$`, "s");
}

function globToRegExp(glob: string, wildcard: string): RegExp {
  return new RegExp(`^${glob.split(wildcard).map(escape).join(".*")}$`, "s");
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
