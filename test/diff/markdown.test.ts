// Hostile stack values in the PR comment: each shows as its own characters in its own cell, and none
// becomes a row, a heading, HTML, a link, an image or a mention. Checked as text, and as GitHub renders
// it (cmark-gfm, the renderer github.com uses; CI installs it).
import * as assert from "assert";
import { spawnSync } from "child_process";
import fc from "fast-check";
import { RolloutDoc } from "../../cli/diff/model";
import { renderMarkdown } from "../../cli/diff/render";
import { buildReport } from "../../cli/diff/report";
import { changeParts } from "../../cli/diff/text";
import { markdownCellCode, markdownCode, markdownText } from "../../components/settings/markdown";

const CR_GROUP = "Eng\r## Looks fine: no effective change\r@team";
const BACKTICK_RULE = "Read(a`` <img src=x onerror=alert(1)> [x](http://evil.example) ``)";

/** The PR comment for a head that adds `allow` rules to profile p and assigns `groups` to it. */
function comment(allow: string[], groups: string[]): string {
  const profile = (rules: string[]) => ({ name: "p", settings: { permissions: { allow: rules } } });
  const base: RolloutDoc = { stack: "prod", profiles: [profile([])], assignments: [] };
  const head: RolloutDoc = {
    stack: "prod",
    profiles: [profile(allow)],
    assignments: groups.map((group) => ({ group, profile: "p" })),
  };
  return renderMarkdown(buildReport({ dir: "base", rollout: base }, { dir: "head", rollout: head }));
}

/** HTML as github.com renders the markdown: cmark-gfm with its table, autolink and strikethrough extensions, raw HTML let through. */
function github(markdown: string): string {
  const run = spawnSync("cmark-gfm", ["--unsafe", "-e", "table", "-e", "autolink", "-e", "strikethrough"], {
    input: markdown,
    encoding: "utf8",
  });
  assert.equal(
    run.error,
    undefined,
    "cmark-gfm is needed for this test (apt-get install cmark-gfm; .ci/run installs it)",
  );
  return run.stdout;
}

/** Text of every table cell, row by row, entities decoded. */
function cells(html: string): string[][] {
  const decode = (text: string) =>
    text
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, "&");
  return [...html.matchAll(/<tr>\n([\s\S]*?)<\/tr>/g)].map((row) =>
    [...row[1].matchAll(/<t[dh]>([\s\S]*?)<\/t[dh]>\n/g)].map((cell) =>
      decode(cell[1].replace(/<\/?(code|strong|br)>/g, "")),
    ),
  );
}

describe("markdown escaping", () => {
  it("writes text so it renders as exactly its characters", () => {
    assert.equal(markdownText(CR_GROUP), "Eng\\r\\#\\# Looks fine: no effective change\\r@&#8203;team");
    assert.equal(markdownText("a|b"), "a\\|b");
    assert.equal(markdownText("<img src=x onerror=alert(1)>"), "&lt;img src=x onerror=alert(1)&gt;");
    assert.equal(
      markdownText("[x](http://evil.example) ![i](https://evil.example/i.png)"),
      "\\[x\\](http\\://evil.example) !\\[i\\](https\\://evil.example/i.png)",
    );
    assert.equal(
      markdownText("@team @org/sec-team a@b.example #12 #x www.evil.example"),
      "@&#8203;team @&#8203;org/sec-team a@&#8203;b.example \\#&#8203;12 \\#x www\\.evil.example",
    );
    assert.equal(
      markdownText("*a* _b_ ~~c~~ `d` $e$ \\ &amp;"),
      "\\*a\\* \\_b\\_ \\~\\~c\\~\\~ \\`d\\` \\$e\\$ \\\\ &amp;amp;",
    );
    assert.equal(
      markdownText("tab\there\u0000\u007f\u0085\u200b\u202e\u2028\u2029\u2066\ufeff\u{e0041}\ud800 café 🚀"),
      "tab\\there\\u0000\\u007f\\u0085\\u200b\\u202e\\u2028\\u2029\\u2066\\ufeff\\u{e0041}\\ud800 café 🚀",
    );
    assert.equal(markdownText("Eng - Backend (Platform SRE), v2.1.329"), "Eng - Backend (Platform SRE), v2.1.329");
  });

  it("fences code one backtick longer than any run inside, padding only where CommonMark needs it", () => {
    assert.equal(markdownCode("Bash(npm test *)"), "`Bash(npm test *)`");
    assert.equal(
      markdownCode(BACKTICK_RULE),
      "```Read(a`` <img src=x onerror=alert(1)> [x](http://evil.example) ``)```",
    );
    assert.equal(markdownCode("`id`"), "`` `id` ``");
    assert.equal(markdownCode(" padded "), "`  padded  `");
    assert.equal(markdownCode("a|b\r\n@team"), "`a|b\\r\\n@team`");
    assert.equal(markdownCellCode("a|b\\|c"), "`a\\|b\\\\|c`");
    assert.equal(markdownCode(""), "(empty)");
  });

  it("cuts a long value by character, never through the middle of an emoji", () => {
    const parts = changeParts({
      risk: "low",
      effect: "neutral",
      category: "settings",
      kind: "k",
      title: "t",
      subject: "s",
      before: null,
      after: "🚀".repeat(130),
      details: [],
    });
    assert.deepEqual(parts.values, ["unset", `${"🚀".repeat(119)}…`]);
  });

  it("keeps a bare CR, a doubled backtick, pipes, HTML, links and mentions inside their cells of the PR comment", () => {
    const hostile = "A|B [x](http://e.example) <img src=x onerror=alert(1)> @org/team";
    const markdown = comment([BACKTICK_RULE], [CR_GROUP, hostile]);
    assert.deepEqual(markdown.split("\n").slice(4, 9), [
      "| # | risk | flag | change | profiles | groups |",
      "| --- | --- | --- | --- | --- | --- |",
      "| 1 | medium | **widening** | allow rule added: ```Read(a`` <img src=x onerror=alert(1)> [x](http://evil.example) ``)``` | p | " +
        "A\\|B \\[x\\](http\\://e.example) &lt;img src=x onerror=alert(1)&gt; @&#8203;org/team, Eng\\r\\#\\# Looks fine: no effective change\\r@&#8203;team |",
      "| 2 | medium | **widening** | group assigned to profile: `A\\|B [x](http://e.example) <img src=x onerror=alert(1)> @org/team` | p | " +
        "A\\|B \\[x\\](http\\://e.example) &lt;img src=x onerror=alert(1)&gt; @&#8203;org/team |",
      "| 3 | medium | **widening** | group assigned to profile: `Eng\\r## Looks fine: no effective change\\r@team` | p | " +
        "Eng\\r\\#\\# Looks fine: no effective change\\r@&#8203;team |",
    ]);

    const html = github(markdown);
    assert.deepEqual((html.match(/<(h\d|img|a|table|blockquote)\b/g) ?? []).sort(), ["<blockquote", "<h2", "<table"]);
    assert.deepEqual(cells(html).slice(1), [
      [
        "1",
        "medium",
        "widening",
        `allow rule added: ${BACKTICK_RULE}`,
        "p",
        "A|B [x](http://e.example) <img src=x onerror=alert(1)> @\u200borg/team, Eng\\r## Looks fine: no effective change\\r@\u200bteam",
      ],
      [
        "2",
        "medium",
        "widening",
        "group assigned to profile: A|B [x](http://e.example) <img src=x onerror=alert(1)> @org/team",
        "p",
        "A|B [x](http://e.example) <img src=x onerror=alert(1)> @\u200borg/team",
      ],
      [
        "3",
        "medium",
        "widening",
        "group assigned to profile: Eng\\r## Looks fine: no effective change\\r@team",
        "p",
        "Eng\\r## Looks fine: no effective change\\r@\u200bteam",
      ],
    ]);
  });

  it("keeps a hostile group of a ring in its cells: the ring's details and the groups column", () => {
    const hostile = "A|B [x](http://e.example) <img src=x onerror=alert(1)> @org/team";
    const profiles = [{ name: "p", settings: {} }];
    const base: RolloutDoc = { stack: "prod", profiles, assignments: [{ group: hostile, profile: "p" }] };
    const head: RolloutDoc = {
      ...base,
      rings: [{ name: "pilot", groups: [hostile, CR_GROUP], profiles: { p: { policyHash: "ab".repeat(32) } } }],
    };
    const html = github(renderMarkdown(buildReport({ dir: "base", rollout: base }, { dir: "head", rollout: head })));
    assert.deepEqual((html.match(/<(h\d|img|a|table|blockquote)\b/g) ?? []).sort(), ["<blockquote", "<h2", "<table"]);
    const groups =
      "A|B [x](http://e.example) <img src=x onerror=alert(1)> @\u200borg/team, Eng\\r## Looks fine: no effective change\\r@\u200bteam";
    assert.deepEqual(cells(html).slice(1), [
      ["1", "medium", "—", `ring added: pilot• groups: ${groups}• p: abababababab`, "p", groups],
    ]);
  });

  it("keeps any value from a hostile alphabet in its own cell, shown as itself", () => {
    const alphabet = fc.constantFrom(..."ab |\\`*_~[]()!<>&@#1:/.w$-=+\r\n\t\u2028\u202e\u0000\u0085");
    const value = fc.array(alphabet, { minLength: 1, maxLength: 24 }).map((chars) => chars.join(""));
    // What a reader sees: invisible characters as escapes, a zero-width space after @ and before a #'s digit.
    const seen = (text: string) =>
      text
        .replace(
          // eslint-disable-next-line no-control-regex -- NUL is one of the invisible characters a reader must see escaped
          /[\r\n\t\u2028\u202e\u0000\u0085]/g,
          (c) =>
            ({ "\r": "\\r", "\n": "\\n", "\t": "\\t" })[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`,
        )
        .replace(/@/g, "@\u200b")
        .replace(/#(?=\d)/g, "#\u200b");
    const codeSeen = (text: string) => seen(text).replace(/\u200b/g, "");
    fc.assert(
      fc.property(value, value, (group, rule) => {
        const html = github(comment([`Read(${rule})`], [`G${group}`]));
        const tags = new Set((html.match(/<[a-z0-9]+/g) ?? []).map((tag) => tag.slice(1)));
        assert.deepEqual(
          [...tags].sort(),
          ["blockquote", "code", "h2", "p", "strong", "table", "tbody", "td", "th", "thead", "tr"],
          html,
        );
        assert.deepEqual(
          cells(html)
            .slice(1)
            .map((row) => row.map((cell) => cell.trim())),
          [
            [
              "1",
              "medium",
              "widening",
              `allow rule added: ${codeSeen(`Read(${rule})`)}`.trim(),
              "p",
              seen(`G${group}`).trim(),
            ],
            [
              "2",
              "medium",
              "widening",
              `group assigned to profile: ${codeSeen(`G${group}`)}`.trim(),
              "p",
              seen(`G${group}`).trim(),
            ],
          ],
          html,
        );
      }),
      { numRuns: 150, seed: 13 },
    );
  });
});
