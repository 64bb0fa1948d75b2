import * as assert from "assert";
import { loadRolloutConfig } from "../../components/config";
import { compileRollout, PINNED_CLIENT_VERSION } from "../../components/settings";
import { runDoctor } from "../../cli/verify/doctor";
import { detectNamespaceMode } from "../../cli/verify/sandbox";
import { DEFAULT_CLIENT } from "../../cli/verify/session";
import { readStack } from "../../cli/stack";

describe("claude doctor on the compiled prod profiles (real client)", function () {
  this.timeout(180_000);
  const mode = detectNamespaceMode();
  const stack = readStack("prod");
  const rollout = compileRollout(loadRolloutConfig(stack.projectConfig, stack.stack), PINNED_CLIENT_VERSION);

  it("lists what it drops, so a clean report means something", () => {
    const broken = JSON.stringify({
      permissions: { deny: ["bash(curl *)", "Read(./.env)"] },
      cleanupPeriodDays: "seven",
    });
    const report = runDoctor(broken, undefined, DEFAULT_CLIENT, mode);
    assert.equal(report.exitCode, 0);
    assert.deepEqual(report.invalidSettings, [
      '- /etc/claude-code/managed-settings.json › permissions.deny: Invalid permission rule "bash(curl *)" was skipped: Tool names must start with uppercase. Use "Bash"',
      "- /etc/claude-code/managed-settings.json › cleanupPeriodDays: Failed schema validation. This field was ignored.",
    ]);
  });

  for (const profile of rollout.profiles) {
    for (const [os, document] of [
      ["macOS/Linux", profile],
      ["Windows", profile.windows],
    ] as const) {
      it(`${profile.name} (${os}): no invalid settings`, () => {
        const report = runDoctor(document.settingsJson, profile.mcp?.json, DEFAULT_CLIENT, mode);
        assert.equal(report.exitCode, 0, report.output);
        assert.deepEqual(report.invalidSettings, []);
        assert.match(report.output, /Running: npm-global \(2\.1\.329\)/);
      });
    }
  }
});
