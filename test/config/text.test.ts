// Stack text that could rewrite what reviewers and users read: control characters, bidi overrides,
// invisible line breaks. Each is a config error naming the stack-file path; and one locale-free order.
import * as assert from "assert";
import { ConfigError, loadRolloutConfig, RawRolloutConfig } from "../../components/config";
import { compareCodePoints } from "../../components/config/text";
import { sampleConfig } from "../fixtures/config";

/** The text problems loading reports (other checks of the same config are other tests' business). */
function problemsOf(raw: RawRolloutConfig, keep = (line: string) => line.includes(" holds U+")): string[] {
  try {
    loadRolloutConfig(raw, "dev");
  } catch (error) {
    assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
    return error.problems.map((p) => `${p.path}: ${p.message}`).filter(keep);
  }
  return [];
}

const ONE_LINE = "remove it: names, descriptions, rules and announcements are one line of visible text";

describe("config: control characters in stack text", () => {
  it("names baseline.announcements[1], not the compiled companyAnnouncements", () => {
    const raw = sampleConfig();
    raw.baseline!.announcements = ["Sessions are audited.", "Read go/ai-policy\u0007 first"];
    assert.deepEqual(problemsOf(raw), [
      `baseline.announcements[1]: "Read go/ai-policy\\u0007 first" holds U+0007, a control character, at character 18 — ${ONE_LINE}`,
    ]);
  });

  it("rejects the bare carriage return that forged a heading and a mention in the PR comment", () => {
    const raw = sampleConfig();
    raw.assignments![1].group = "Eng\r## Looks fine: no effective change\r@team";
    assert.deepEqual(problemsOf(raw), [
      `assignments[1].group: "Eng\\u000d## Looks fine: no effective change\\u000d@team" holds U+000D, a carriage return, at character 4 — ${ONE_LINE}`,
    ]);
  });

  it("rejects bidi overrides, invisible line separators, line feeds, tabs, DEL, C1 and lone surrogates in names and descriptions", () => {
    const raw = sampleConfig();
    raw.profiles.restricted.description = "Contractors \u202eyletelpmoc";
    raw.profiles.standard.description = "Engineers\nbuild and test";
    raw.profiles.platform.description = "Platform\u2028SRE";
    raw.mcpServers!.github.purpose = "PRs\u2066 and issues";
    raw.assignments![0].group = "Contract\tors";
    raw.assignments![2].group = "Platform\u007f";
    raw.baseline!.permissions!.deny![2] = "Bash(curl \u0085*)";
    raw.baseline!.announcements = ["half \ud83d of an emoji"];
    assert.deepEqual(problemsOf(raw), [
      `baseline.permissions.deny[2]: "Bash(curl \\u0085*)" holds U+0085, a control character, at character 11 — ${ONE_LINE}`,
      `baseline.announcements[0]: "half \\ud83d of an emoji" holds U+D83D, half of a surrogate pair (not valid Unicode text), at character 6 — ${ONE_LINE}`,
      `profiles.restricted.description: "Contractors \\u202eyletelpmoc" holds U+202E, a bidirectional control that makes the text display differently from what it is, at character 13 — ${ONE_LINE}`,
      `profiles.standard.description: "Engineers\\nbuild and test" holds U+000A, a line break, at character 10 — ${ONE_LINE}`,
      `profiles.platform.description: "Platform\\u2028SRE" holds U+2028, a line break invisible in most editors, at character 9 — ${ONE_LINE}`,
      `assignments[0].group: "Contract\\tors" holds U+0009, a tab, at character 9 — ${ONE_LINE}`,
      `assignments[2].group: "Platform\\u007f" holds U+007F, a control character, at character 9 — ${ONE_LINE}`,
      `mcpServers.github.purpose: "PRs\\u2066 and issues" holds U+2066, a bidirectional control that makes the text display differently from what it is, at character 4 — ${ONE_LINE}`,
    ]);
  });

  it("lets scripts, prompts, env values and verify inputs span lines, but never hold a carriage return", () => {
    const raw = sampleConfig();
    raw.baseline!.hooks = {
      PreToolUse: [{ matcher: "Bash", hooks: [{ type: "command", command: "set -eu\n\tcheck-policy" }] }],
    };
    raw.profiles.standard.env = { GREETING: "line one\nline two" };
    raw.profiles.standard.verify = [
      { tool: "Write", input: { file_path: "a.txt", content: "x\n\ty" }, expect: "executed" },
    ];
    raw.profiles.restricted.description = "Contractors — read-only 🚀 (café)";
    assert.deepEqual(problemsOf(raw), []);

    raw.baseline!.hooks = {
      PreToolUse: [{ matcher: "Bash", hooks: [{ type: "command", command: "set -eu\r\ncheck-policy" }] }],
    };
    raw.profiles.standard.verify = [{ tool: "Write", input: { "file\u001b[2Jpath": "a.txt" }, expect: "executed" }];
    assert.deepEqual(problemsOf(raw), [
      'baseline.hooks.PreToolUse[0].hooks[0].command: "set -eu\\u000d\\ncheck-policy" holds U+000D, a carriage return, at character 8 — remove it (only tabs and line breaks may appear in this value)',
      'profiles.standard.verify[0].input.file\\u001b[2Jpath: the key "file\\u001b[2Jpath" holds U+001B, a control character, at character 5 — ' +
        ONE_LINE,
    ]);
  });

  it("reports control characters alongside shape errors, before anything else is checked", () => {
    const raw = sampleConfig();
    raw.profiles.standard.description = "";
    raw.profiles.platform.description = "Platform\u0000";
    assert.deepEqual(
      problemsOf(raw, (line) => line.includes(".description: ")),
      [
        `profiles.platform.description: "Platform\\u0000" holds U+0000, a control character, at character 9 — ${ONE_LINE}`,
        "profiles.standard.description: Too small: expected string to have >=1 characters",
      ],
    );
  });
});

describe("config: errors print as one line each", () => {
  it("escapes control characters a problem echoes, so no value can move the cursor or forge a CI log line", () => {
    const raw = sampleConfig();
    raw.assignments![0].profile = "x\u001b[2J\n::error::forged";
    assert.throws(
      () => loadRolloutConfig(raw, "dev"),
      (error: ConfigError) => {
        const lines = error.message.split("\n");
        assert.deepEqual(
          lines.filter((line) => line.startsWith("  - assignments[0].profile: ")),
          [
            `  - assignments[0].profile: "x\\u001b[2J\\n::error::forged" holds U+001B, a control character, at character 2 — ${ONE_LINE}`,
            '  - assignments[0].profile: unknown profile "x\\u001b[2J\\n::error::forged" — expected one of "restricted", "standard", "platform"',
          ],
        );
        assert.ok(lines.every((line) => !line.startsWith("::")));
        assert.equal(
          error.problems.find((p) => p.message.startsWith("unknown profile"))?.message,
          'unknown profile "x\u001b[2J\n::error::forged" — expected one of "restricted", "standard", "platform"',
        );
        return true;
      },
    );
  });
});

describe("config: compareCodePoints", () => {
  it("orders by code point, case and accents included, the same everywhere", () => {
    const names = ["b", "é", "\u{1F600}", "a", "Z", "_x", "\uFFFD", "B", "ä", "\uE000", "z", "aa", ""];
    assert.deepEqual([...names].sort(compareCodePoints), [
      "",
      "B",
      "Z",
      "_x",
      "a",
      "aa",
      "b",
      "z",
      "ä",
      "é",
      "\uE000",
      "\uFFFD",
      "\u{1F600}",
    ]);
    // Plain code-unit order would put the emoji (a surrogate pair, 0xD83D…) before U+E000.
    assert.deepEqual(["\uE000", "\u{1F600}"].sort(), ["\u{1F600}", "\uE000"]);
    assert.equal(compareCodePoints("same", "same"), 0);
  });
});
