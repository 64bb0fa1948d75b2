import * as assert from "assert";
import { checkRule, KNOWN_TOOLS, RuleList } from "../../components/config";

/** Rules and the verdict the pinned client's grammar gives them (reference §2.2). */
const VALID: [string, RuleList][] = [
  ["Bash", "allow"],
  ["Bash(*)", "deny"],
  ["Bash(npm run build)", "allow"],
  ["Bash(npm:*)", "allow"],
  ["Bash(npm run *)", "allow"],
  ["Bash(echo (nested) parens)", "deny"],
  ["PowerShell(Get-ChildItem *)", "allow"],
  ["Read(./.env)", "deny"],
  ["Read(~/.ssh/**)", "deny"],
  ["Read(//etc/passwd)", "deny"],
  ["Edit(/src/**/*.ts)", "allow"],
  ["WebFetch(domain:example.com)", "allow"],
  ["WebFetch(domain:*.example.com)", "deny"],
  ["WebSearch(claude code)", "allow"],
  ["Agent(Explore)", "allow"],
  ["Skill(release-notes)", "allow"],
  ["CronCreate", "deny"],
  ["RemoteTrigger", "deny"],
  ["TaskStop", "deny"],
  ["Monitor", "ask"],
  ["NotebookEdit", "deny"],
  ["mcp__github", "allow"],
  ["mcp__github__*", "allow"],
  ["mcp__github__get_issue", "allow"],
  ["mcp__github__get_*", "allow"],
  ["mcp__*", "deny"],
];

const INVALID: [string, RuleList, string][] = [
  ["bash(curl *)", "deny", 'tool names start uppercase — use "Bash"'],
  ["Bash(npm test", "allow", 'unbalanced parentheses: the rule must end with ")" — write "Bash(npm test)"'],
  [
    "Bash()",
    "allow",
    '"Bash()" is invalid — write "Bash" to match every use, or put a specifier inside the parentheses',
  ],
  ["Bash(:*)", "allow", '"Bash(:*)" is invalid — write "Bash" to match every command'],
  ["Bash(npm:* run)", "allow", '":*" must come last — write "Bash(npm * run)"'],
  ["Write(./src/**)", "allow", 'the client never consults Write(…) rules — use "Edit(./src/**)"'],
  ["Glob(./**/*.ts)", "deny", 'the client never consults Glob(…) rules — use "Read(./**/*.ts)"'],
  [
    "Read(./src:*)",
    "deny",
    '":*" is only for shell prefixes — in Read rules use gitignore globs such as "Read(./src/**)"',
  ],
  [
    "WebFetch(https://example.com/docs)",
    "allow",
    'WebFetch rules take a domain, not a URL — write "WebFetch(domain:example.com)"',
  ],
  [
    "WebFetch(example.com)",
    "allow",
    'WebFetch rules have the form "WebFetch(domain:example.com)" or "WebFetch(domain:*.example.com)"',
  ],
  ["WebSearch(*)", "allow", "WebSearch rules take literal search terms, no wildcards"],
  ["mcp__*", "allow", 'in allow rules a wildcard may only follow a literal server — write "mcp__<server>__*"'],
  [
    "mcp__github__get(x)",
    "deny",
    'MCP rules take no parentheses — write "mcp__<server>__<tool>" or "mcp__<server>__*"',
  ],
  ["Bsh(ls)", "allow", 'unknown tool "Bsh" — did you mean "Bash"?'],
  [
    "Frobnicate",
    "deny",
    `unknown tool "Frobnicate" — expected one of ${KNOWN_TOOLS.map((tool) => `"${tool}"`).join(", ")}`,
  ],
  ["KillShell", "deny", '"KillShell" is the client\'s old name for TaskStop — write "TaskStop"'],
  ["Task(Explore)", "allow", '"Task" is the client\'s old name for Agent — write "Agent(Explore)"'],
  ["BashOutput", "deny", "the client no longer has a BashOutput tool, so the rule matches nothing — remove it"],
  [
    "MultiEdit(./src/**)",
    "deny",
    'the client no longer has a MultiEdit tool; Edit rules cover what it did — write "Edit(./src/**)"',
  ],
  ["NotebookEdit(./**/*.ipynb)", "deny", 'the client never consults NotebookEdit(…) rules — use "Edit(./**/*.ipynb)"'],
  [" Bash", "deny", "a rule may not be empty or have surrounding spaces"],
];

describe("permission rule grammar", () => {
  for (const [rule, list] of VALID) {
    it(`accepts ${rule} in ${list}`, () => assert.equal(checkRule(rule, list).ok, true));
  }
  for (const [rule, list, error] of INVALID) {
    it(`rejects ${JSON.stringify(rule)} in ${list}`, () =>
      assert.deepEqual(checkRule(rule, list), { ok: false, error }));
  }

  it("parses tool and specifier", () => {
    assert.deepEqual(checkRule("Bash(git log *)", "allow"), {
      ok: true,
      rule: { tool: "Bash", specifier: "git log *", mcp: false },
      warnings: [],
    });
    assert.deepEqual(checkRule("mcp__jira__search", "ask"), {
      ok: true,
      rule: { tool: "mcp__jira__search", mcp: true },
      warnings: [],
    });
  });

  it("warns when an allow puts a wildcard before the subcommand", () => {
    assert.deepEqual(checkRule("Bash(git * status)", "allow"), {
      ok: true,
      rule: { tool: "Bash", specifier: "git * status", mcp: false },
      warnings: ['a "*" before the subcommand also approves injected options (e.g. "git -c …")'],
    });
    assert.deepEqual(checkRule("Bash(git * status)", "deny"), {
      ok: true,
      rule: { tool: "Bash", specifier: "git * status", mcp: false },
      warnings: [],
    });
  });
});
