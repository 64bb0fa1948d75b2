// `claude doctor` on every compiled prod document: all runs start with the suite (the client slots
// bound how many run at once) and each test awaits its own report. Each run has its own deadline;
// the timeout is their sum, an upper bound for a hang, not a speed requirement.
import * as assert from "assert";
import { loadRolloutConfig } from "../../components/config";
import { compileRollout, PINNED_CLIENT_VERSION } from "../../components/settings";
import { DoctorReport, startDoctor } from "../../cli/verify/doctor";
import { detectNamespaceMode } from "../../cli/verify/sandbox";
import { DEFAULT_CLIENT } from "../../cli/verify/session";
import { DEFAULT_SESSION_TIMEOUT_MS } from "../../cli/verify/verify-profile";
import { readStack } from "../../cli/stack";

describe("claude doctor on the compiled prod profiles (real client)", function () {
  const mode = detectNamespaceMode();
  const stack = readStack("prod");
  const rollout = compileRollout(loadRolloutConfig(stack.projectConfig, stack.stack), PINNED_CLIENT_VERSION);
  const documents = rollout.profiles.flatMap((profile) =>
    (
      [
        ["macOS/Linux", profile],
        ["Windows", profile.windows],
      ] as const
    ).map(([os, document]) => ({ name: `${profile.name} (${os})`, settingsJson: document.settingsJson, profile })),
  );
  this.timeout((documents.length + 1) * DEFAULT_SESSION_TIMEOUT_MS);

  /** Started now, awaited by its test; marked handled so a failure is reported there. */
  const started = (settingsJson: string, mcpJson: string | undefined): Promise<DoctorReport> => {
    const promise = startDoctor(settingsJson, mcpJson, DEFAULT_CLIENT, mode);
    promise.catch(() => undefined);
    return promise;
  };
  const broken = JSON.stringify({
    permissions: { deny: ["bash(curl *)", "Read(./.env)"] },
    cleanupPeriodDays: "seven",
  });
  let brokenReport: Promise<DoctorReport>;
  const reports = new Map<string, Promise<DoctorReport>>();
  before(() => {
    brokenReport = started(broken, undefined);
    for (const document of documents)
      reports.set(document.name, started(document.settingsJson, document.profile.mcp?.json));
  });
  // Every run has ended (a failed test may not have awaited its own) before the next file runs.
  after(() => Promise.allSettled([brokenReport, ...reports.values()]));

  it("lists what it drops, so a clean report means something", async () => {
    const report = await brokenReport;
    assert.equal(report.exitCode, 0);
    assert.deepEqual(report.invalidSettings, [
      '- /etc/claude-code/managed-settings.json › permissions.deny: Invalid permission rule "bash(curl *)" was skipped: Tool names must start with uppercase. Use "Bash"',
      "- /etc/claude-code/managed-settings.json › cleanupPeriodDays: Failed schema validation. This field was ignored.",
    ]);
  });

  for (const document of documents) {
    it(`${document.name}: no invalid settings`, async () => {
      const report = await reports.get(document.name);
      assert.ok(report);
      assert.equal(report.exitCode, 0, report.output);
      assert.deepEqual(report.invalidSettings, []);
      assert.match(report.output, /Running: npm-global \(2\.1\.329\)/);
    });
  }
});
