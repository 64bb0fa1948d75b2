import * as assert from "assert";
import { readFileSync, writeFileSync } from "fs";
import { join } from "path";
import { hasTool, IN_CI, IS_ROOT, run, SHELLS, snapshot, V1_FILES, Workspace } from "./installer-harness";
import { powerShellParser, renderWindowsProfile } from "./powershell-parser";

// A partial download must never report success: the scripts act only once their last line is read.

/** Every length to cut a script at: each line boundary, each of the last 64 bytes, and in the middle of each word. */
function cuts(text: string, words: string[]): number[] {
  const lengths = new Set<number>();
  for (let at = text.indexOf("\n"); at !== -1 && at + 1 < text.length; at = text.indexOf("\n", at + 1))
    lengths.add(at + 1);
  for (let back = 1; back <= 64; back++) lengths.add(text.length - back);
  for (const word of words) {
    const at = text.lastIndexOf(word);
    assert.ok(at > 0, word);
    lengths.add(at + Math.floor(word.length / 2));
  }
  return [...lengths].filter((length) => length > 0 && length < text.length).sort((a, b) => a - b);
}

describe("truncated installers (executed for real)", function () {
  // Generous: many real installer runs, on a machine that may be busy.
  this.timeout(900_000);
  let ws: Workspace;
  before(function () {
    if (!hasTool("dash") && IN_CI) throw new Error("dash is missing: .ci/run installs it");
    if (!IS_ROOT || !hasTool("dash")) {
      console.warn("    skipped: run as root with dash installed");
      this.skip();
    }
    ws = new Workspace("cc-truncated-");
  });
  after(() => ws?.remove());

  for (const shell of SHELLS) {
    it(`install.sh cut at every line boundary, at each of its last 64 bytes and mid-word, run by ${shell}: fails and writes nothing`, () => {
      const text = readFileSync(ws.scripts(V1_FILES).install, "utf8");
      const prefixes = ws.folder("prefixes");
      // Without its final newline the script is whole (checked below), so that cut is left out here.
      const lengths = cuts(text, [
        "install_payload",
        "acquire_lock",
        "finish_journal",
        'main "$@"',
        "CLAUDE_CODE_PAYLOAD",
      ]).filter((length) => length !== text.length - 1);
      for (const length of lengths)
        writeFileSync(join(prefixes, `${String(length).padStart(6, "0")}.sh`), text.slice(0, length));
      const root = ws.folder("root");
      // One driver loop instead of a process per prefix from node: the same runs, fewer forks.
      const driver = `for f in "${prefixes}"/*.sh; do ${shell} "$f" --root "${root}" >/dev/null 2>&1; echo "\${f##*/} $?"; done`;
      const result = run("sh", ["-c", driver]);
      assert.strictEqual(result.status, 0, result.stderr);
      const statuses = new Map(
        result.stdout
          .trimEnd()
          .split("\n")
          .map((line) => {
            const [name, status] = line.split(" ");
            return [Number(name.replace(/\.sh$/, "")), Number(status)] as const;
          }),
      );
      assert.strictEqual(statuses.size, lengths.length);
      assert.ok(lengths.length > 400, `${lengths.length} cuts`);
      // Only the first line, "#!/bin/sh", is an empty program on its own: it exits 0 and does nothing.
      const shebang = "#!/bin/sh\n".length;
      const exitedZero = [...statuses].filter(([, status]) => status === 0).map(([length]) => length);
      assert.deepStrictEqual(
        exitedZero,
        lengths.filter((length) => length <= shebang),
        "prefixes that exited 0",
      );
      assert.deepStrictEqual(snapshot(root), {}, "no prefix wrote anything");

      const whole = ws.folder("whole");
      writeFileSync(join(prefixes, "whole.sh"), text.slice(0, -1));
      assert.strictEqual(run(shell, [join(prefixes, "whole.sh"), "--root", whole]).status, 0);
      const normal = ws.folder("normal");
      assert.strictEqual(run(shell, [ws.scripts(V1_FILES).install, "--root", normal]).status, 0);
      assert.deepStrictEqual(
        snapshot(whole),
        snapshot(normal),
        "without its last newline the script installs what it always does",
      );
    });
  }
});

describe("truncated PowerShell scripts (parsed)", () => {
  // pwsh cannot be installed here. PowerShell parses a whole script file before running any of
  // it, so a cut script runs nothing if every prefix either fails to parse or holds no statement.
  it("install.ps1 and detect.ps1: every prefix cut at a line boundary or mid-word fails to parse or holds only comments", async () => {
    const parser = await powerShellParser();
    const out = renderWindowsProfile();
    for (const name of ["install.ps1", "detect.ps1"]) {
      const text = out[name];
      assert.strictEqual(parser.parse(text).rootNode.hasError, false, `${name} parses whole`);
      let checked = 0;
      for (const length of cuts(text, ["$PayloadFiles", "Get-FileSha256", "$ErrorActionPreference"])) {
        if (length >= text.trimEnd().length) continue;
        const tree = parser.parse(text.slice(0, length));
        // Statements are looked for only in a prefix that parses (most do not); the tree's wasm memory is freed at once.
        const runs =
          !tree.rootNode.hasError &&
          tree.rootNode.descendantsOfType(["pipeline", "assignment_expression", "function_statement", "if_statement"])
            .length > 0;
        tree.delete();
        assert.ok(
          !runs,
          `${name} cut at ${length} parses into statements that would run: ${JSON.stringify(text.slice(Math.max(0, length - 40), length))}`,
        );
        checked++;
      }
      assert.ok(checked > 100, `${name}: ${checked} prefixes`);
    }
  });
});
