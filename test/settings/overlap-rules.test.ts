import * as assert from "assert";
import * as fc from "fast-check";
import { indexRules, ruleCovers } from "../../components/config/rule-covers";
import { checkRule } from "../../components/config/rules";

/**
 * indexRules is only a faster way to ask ruleCovers: for any rule list and any rule, its answer must
 * be the naive `rules.find((r) => ruleCovers(r, specific))`, the same rule in the same position.
 */

/** Few letters, so random patterns and texts often meet; every character the matchers treat specially. */
const piece = fc.string({
  unit: fc.constantFrom("a", "b", " ", ":", "/", ".", "-", '"', "*", "**", "(", "~"),
  maxLength: 6,
});
const tool = fc.constantFrom("Bash", "PowerShell", "Read", "Edit", "WebFetch", "WebSearch", "Agent");
const toolRule = fc.oneof(
  tool,
  fc.tuple(tool, piece).map(([t, spec]) => `${t}(${spec})`),
  fc.tuple(tool, piece).map(([t, spec]) => `${t}(${spec} *)`),
  fc.tuple(tool, piece).map(([t, spec]) => `${t}(${spec}:*)`),
  piece.map((spec) => `WebFetch(domain:${spec.replace(/[^a-z.*]/g, "")}x.io)`),
);
const mcpName = fc.string({ unit: fc.constantFrom("a", "b", "_", "*", "-"), minLength: 1, maxLength: 4 });
const mcpRule = fc.oneof(
  mcpName.map((server) => `mcp__${server}`),
  fc.tuple(mcpName, mcpName).map(([server, name]) => `mcp__${server}__${name}`),
);
/** Rules the client would refuse still reach ruleCovers (it only says "covers" for identical text then). */
const invalidRule = fc.constantFrom("", " Bash", "bash(x)", "Bash()", "Read(a:*)", "mcp__a(b)", "Nope(x)");
const rule = fc.oneof(
  { weight: 6, arbitrary: toolRule },
  { weight: 2, arbitrary: mcpRule },
  { weight: 1, arbitrary: invalidRule },
);

/** A text some pattern of the list matches: its wildcards filled with random text. */
function instance(pattern: string, fill: readonly string[]): string {
  let i = 0;
  return pattern.replace(/\*+/g, () => fill[i++ % fill.length] ?? "");
}

const naive = (rules: readonly string[], specific: string) => rules.find((r) => ruleCovers(r, specific));

/**
 * The oracle: ruleCovers as it was written with regular expressions, before its matchers were
 * rewritten for speed. The rewrite must answer exactly as this does.
 */
function regexRuleCovers(general: string, specific: string): boolean {
  if (general === specific) return true;
  const g = checkRule(general, "deny");
  const s = checkRule(specific, "deny");
  if (!g.ok || !s.ok) return false;
  const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const glob = (text: string) => new RegExp(`^${text.split("*").map(escape).join(".*")}$`, "s");
  if (g.rule.mcp || s.rule.mcp) {
    if (!g.rule.mcp || !s.rule.mcp) return false;
    if (!general.slice("mcp__".length).includes("__") && specific.startsWith(`${general}__`)) return true;
    return glob(general).test(specific);
  }
  if (g.rule.tool !== s.rule.tool) return false;
  if (g.rule.specifier === undefined || g.rule.specifier === "*") return true;
  if (s.rule.specifier === undefined) return false;
  const spec = g.rule.specifier;
  let pattern: RegExp;
  if (g.rule.tool === "Read" || g.rule.tool === "Edit") {
    const parts = spec.split("**").map((chunk) => chunk.split("*").map(escape).join("[^/]*"));
    pattern = new RegExp(`^${parts.join(".*")}$`, "s");
  } else if (spec.endsWith(":*")) pattern = new RegExp(`^${escape(spec.slice(0, -2))}(\\s.*)?$`, "s");
  else {
    const tail = spec.endsWith(" *");
    const body = tail ? spec.slice(0, -2) : spec;
    pattern = new RegExp(`^${body.split("*").map(escape).join(".*")}${tail ? "( .*)?" : ""}$`, "s");
  }
  return pattern.test(s.rule.specifier);
}

describe("ruleCovers: the matchers without regular expressions", () => {
  it("answers as the regex matchers did, for random patterns and texts", () => {
    const whitespace = fc.constantFrom(" ", "\t", "\n", "\u00a0", "\u2028", "\ufeff");
    const text = fc.array(fc.oneof(piece, whitespace), { maxLength: 4 }).map((parts) => parts.join(""));
    fc.assert(
      fc.property(rule, fc.array(text, { minLength: 1, maxLength: 3 }), rule, (general, fill, other) => {
        const tool = /^[A-Za-z]+/.exec(general)?.[0] ?? "Bash";
        for (const specific of [other, instance(general, fill), `${tool}(${fill.join("")})`, general]) {
          assert.strictEqual(
            ruleCovers(general, specific),
            regexRuleCovers(general, specific),
            `${general} / ${specific}`,
          );
        }
      }),
      { numRuns: 5000 },
    );
  });

  it("answers as the regex matchers did over a two-letter alphabet, where pieces overlap and repeat", () => {
    const ab = (min: number) => fc.string({ unit: fc.constantFrom("a", "b", "*"), minLength: min, maxLength: 7 });
    const letters = fc.string({ unit: fc.constantFrom("a", "b", " "), maxLength: 7 });
    fc.assert(
      fc.property(fc.constantFrom("Bash", "Read", "mcp__"), ab(1), letters, (tool, pattern, text) => {
        const [general, specific] =
          tool === "mcp__"
            ? [`mcp__${pattern}`, `mcp__${text.replace(/ /g, "")}`]
            : [`${tool}(${pattern})`, `${tool}(${text})`];
        assert.strictEqual(
          ruleCovers(general, specific),
          regexRuleCovers(general, specific),
          `${general} / ${specific}`,
        );
      }),
      { numRuns: 5000 },
    );
    assert.strictEqual(ruleCovers("Bash(a*b*b)", "Bash(ab)"), false);
    assert.strictEqual(ruleCovers("Bash(a*b*b)", "Bash(abb)"), true);
  });
});

describe("indexRules: the indexed covering check", () => {
  it("finds exactly what the naive scan finds, for random rule lists and rules", () => {
    fc.assert(
      fc.property(
        fc.array(rule, { maxLength: 30 }),
        rule,
        fc.nat(),
        fc.array(piece, { minLength: 1, maxLength: 3 }),
        (rules, other, pick, fill) => {
          const index = indexRules(rules);
          // An unrelated rule, a rule of the list, and a filled-in instance of one (most of these are covered).
          const picked = rules.length ? rules[pick % rules.length] : other;
          for (const specific of [other, picked, instance(picked, fill)]) {
            assert.strictEqual(
              index.firstCovering(specific),
              naive(rules, specific),
              `specific ${JSON.stringify(specific)}`,
            );
          }
        },
      ),
      { numRuns: 3000 },
    );
  });

  it("answers the first covering rule in list order, not the first one the index happens to hold", () => {
    const rules = ["Bash(git push --force *)", "Bash(* push*)", "Bash(git *)", "Bash"];
    assert.strictEqual(indexRules(rules).firstCovering("Bash(git push --force origin)"), "Bash(git push --force *)");
    assert.strictEqual(indexRules(rules.slice(1)).firstCovering("Bash(git push --force origin)"), "Bash(* push*)");
    assert.strictEqual(indexRules(rules.slice(2)).firstCovering("Bash(git status)"), "Bash(git *)");
    assert.strictEqual(indexRules(["Bash(ls)"]).firstCovering("Bash(ls -la)"), undefined);
  });

  it("keeps the matchers' optional parts: a trailing ` *`, a `:*` word prefix, `**` across folders, a bare MCP server", () => {
    const index = indexRules(["Bash(npm test *)", "PowerShell(Get-Item:*)", "Read(./**/.env)", "mcp__github"]);
    assert.strictEqual(index.firstCovering("Bash(npm test)"), "Bash(npm test *)");
    assert.strictEqual(index.firstCovering("PowerShell(Get-Item)"), "PowerShell(Get-Item:*)");
    assert.strictEqual(index.firstCovering("PowerShell(Get-Item -Path x)"), "PowerShell(Get-Item:*)");
    assert.strictEqual(index.firstCovering("Read(./a/b/.env)"), "Read(./**/.env)");
    assert.strictEqual(index.firstCovering("mcp__github__get_issue"), "mcp__github");
    assert.strictEqual(index.firstCovering("Bash(npm testing)"), undefined);
    assert.strictEqual(index.firstCovering("mcp__githubx__get"), undefined);
  });

  it("finds spelled denies that start with a wildcard among thousands of numbered rules", () => {
    const denies = Array.from({ length: 3000 }, (_, i) => `Bash(*"danger${i}.*)`);
    const index = indexRules(denies);
    assert.strictEqual(index.firstCovering(`Bash(sh -c "danger2999.sh")`), `Bash(*"danger2999.*)`);
    assert.strictEqual(index.firstCovering(`Bash(sh -c "danger29.sh")`), `Bash(*"danger29.*)`);
    assert.strictEqual(index.firstCovering(`Bash(sh -c 'danger29.sh')`), undefined);
  });
});
