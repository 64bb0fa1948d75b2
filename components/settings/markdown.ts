// Stack values in markdown that reviewers read (PR comment, permission matrix, policy report): a value
// shows as exactly its characters, on its own line and cell, and can never become markup, a link, an
// image, HTML, a heading, a table row or a GitHub mention. Written for GitHub-flavoured markdown.

/** Characters nobody can see or that move text: controls, format characters (bidi, zero-width), line and paragraph separators, lone surrogates. */
const INVISIBLE = /^[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]$/u;

/** ASCII punctuation that starts markup inside a line: escapes, code, emphasis, strikethrough, links and images, table cells, math, heading closers. */
const MARKUP = new Set(["\\", "`", "*", "_", "~", "[", "]", "|", "$", "#"]);

/** `<` and `>` would open HTML or autolinks, `&` an entity: written as entities instead. */
const ENTITIES: Record<string, string> = { "<": "&lt;", ">": "&gt;", "&": "&amp;" };

/**
 * A zero-width space after `@` (and after `#` before a digit): GitHub links `@name` and `@org/team`
 * (notifying them) and `#123` (cross-referencing the issue) only when the name or number follows
 * directly, so the mention is dead while the text reads the same. Renovate escapes mentions in the
 * release notes it copies into pull requests the same way. Backslash escapes would not do: GitHub
 * finds mentions in the rendered text, after the backslash is gone.
 */
const ZERO_WIDTH_SPACE = "&#8203;";

/** Text in a paragraph, list item, heading or table cell. */
export function markdownText(value: string): string {
  const characters = Array.from(value);
  return characters
    .map((character, i) => {
      const next = characters[i + 1] ?? "";
      if (INVISIBLE.test(character)) return visible(character);
      if (character === "@") return `@${ZERO_WIDTH_SPACE}`;
      if (character === "#" && /\d/.test(next)) return `\\#${ZERO_WIDTH_SPACE}`;
      // GFM turns bare `http://…` and `www.…` into links; an escaped `:` or `.` stops the autolink.
      if (character === ":" && characters[i + 1] === "/" && characters[i + 2] === "/") return "\\:";
      if (character === "." && /(^|[^\p{L}\p{N}])www$/iu.test(characters.slice(Math.max(0, i - 4), i).join("")))
        return "\\.";
      if (MARKUP.has(character)) return `\\${character}`;
      return ENTITIES[character] ?? character;
    })
    .join("");
}

/** A code span outside tables: every character literal, invisible ones shown as escapes. */
export function markdownCode(value: string): string {
  return codeSpan(
    Array.from(value, (character) => (INVISIBLE.test(character) ? visible(character) : character)).join(""),
  );
}

/** A code span in a table cell: as markdownCode, with pipes escaped (GFM splits cells before it reads code spans). */
export function markdownCellCode(value: string): string {
  return codeSpan(
    Array.from(value, (character) =>
      INVISIBLE.test(character) ? visible(character) : character === "|" ? "\\|" : character,
    ).join(""),
  );
}

/**
 * CommonMark code span: a fence one backtick longer than the longest backtick run inside, padded
 * with a space when the content starts or ends with a backtick or a space (one padding space on
 * each side is stripped again). Empty content cannot be a code span, so it is spelled out.
 */
function codeSpan(content: string): string {
  if (content === "") return "(empty)";
  const longestRun = Math.max(0, ...(content.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longestRun + 1);
  const pad = /^[` ]|[` ]$/.test(content) && !/^ +$/.test(content) ? " " : "";
  return `${fence}${pad}${content}${pad}${fence}`;
}

/** `\n`, `\r`, `\t`, else `\uXXXX` (`\u{XXXXX}` above U+FFFF), as in JavaScript source. */
function visible(character: string): string {
  const named: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };
  if (named[character]) return named[character];
  const code = character.codePointAt(0) as number;
  return code > 0xffff ? `\\u{${code.toString(16)}}` : `\\u${code.toString(16).padStart(4, "0")}`;
}
