// `npm run verify` end to end on a changed prod stack: the developer profile loses its explicit
// `Read(~/.ssh/**)` deny (the built-in secret set must restore it) and gets a wrong `verify`
// expectation (the run must exit 1 naming exactly that check), while the adversarial suite and the
// jobs still pass.
import * as assert from "assert";
import { stackCopy } from "../fixtures/stack-copy";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { loadRolloutConfig } from "../../components/config";
import { compileRollout, PINNED_CLIENT_VERSION } from "../../components/settings";
import { readStack } from "../../cli/stack";
import { sessionDeadline, SUITE_SESSIONS } from "../../cli/verify/adversarial";
import { requiredDenies } from "../../cli/verify/required-denies";
import { DEFAULT_SESSION_TIMEOUT_MS } from "../../cli/verify/verify-profile";

const ROOT = path.resolve(__dirname, "..", "..");

describe("verify: a changed prod stack, end to end (real client)", () => {
  it("exits 1 naming only the wrong expectation; the restored deny, the attacks and the jobs pass", function () {
    const prod = fs.readFileSync(path.join(ROOT, "stacks", "Pulumi.prod.yaml"), "utf8");
    const changed = prod
      .replace("        - Read(~/.ssh/**)\n", "")
      .replace(
        '{ name: pushing asks, tool: Bash, input: { command: "git push origin main" }, expect: asked }',
        '{ name: pushing asks, tool: Bash, input: { command: "git push origin main" }, expect: executed }',
      );
    assert.notStrictEqual(changed, prod);
    const file = stackCopy("prod", changed);
    const dir = path.dirname(file);
    try {
      const stack = readStack(file);
      const developer = compileRollout(
        loadRolloutConfig(stack.projectConfig, stack.stack),
        PINNED_CLIENT_VERSION,
      ).profiles.find((p) => p.name === "developer");
      assert.ok(developer);
      const input = {
        intent: developer.intent,
        settings: JSON.parse(developer.settingsJson),
        requiredDenies: requiredDenies("prod"),
      };
      assert.ok(
        input.settings.permissions.deny.includes("Read(~/.ssh/**)"),
        "the built-in secret set restores the deny",
      );
      // The conformance session, the exact-bytes start and every suite session, each with its own deadline.
      const budget =
        2 * DEFAULT_SESSION_TIMEOUT_MS +
        SUITE_SESSIONS.reduce((sum, s) => sum + sessionDeadline(input, s, DEFAULT_SESSION_TIMEOUT_MS), 0);
      this.timeout(budget + 60_000);
      const run = spawnSync(
        path.join(ROOT, "node_modules", ".bin", "ts-node"),
        [
          "--transpile-only",
          path.join(ROOT, "cli", "verify.ts"),
          file,
          "--profile",
          "developer",
          "--out",
          path.join(dir, "out"),
        ],
        {
          cwd: ROOT,
          encoding: "utf8",
          timeout: budget, // spawnSync blocks mocha's own timer
        },
      );
      assert.strictEqual(run.status, 1, run.stderr);
      assert.deepStrictEqual(
        run.stderr.split("\n").filter((line) => line.startsWith("MISMATCH")),
        [
          "MISMATCH developer: pushing asks: expected executed, observed asked — Claude requested permissions to use Bash, but you haven't granted it yet.",
        ],
      );
      const report = fs.readFileSync(path.join(dir, "out", "developer.md"), "utf8");
      assert.match(report, /verdict: \*\*FAIL\*\*/);
      assert.match(report, /\| deny Read\(~\/\.ssh\/\*\*\) \| derived \| denied \| denied \| yes \|/);
      assert.match(report, /conformance (\d+)\/(?!\1)\d+, adversarial (\d+)\/\2, jobs 7\/7/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
