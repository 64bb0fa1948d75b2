// Real client runs: the pinned Claude Code binary, offline, managed settings in a private mount
// namespace. Each session is one client start (about 1 s). The independent sessions all start with
// the suite (the client slots bound how many run at once) and each test awaits its own results. The
// timeout is the sum of the sessions' own deadlines: an upper bound for a hang, not a speed requirement.
import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { loadRolloutConfig } from "../../components/config";
import { compileRollout, PINNED_CLIENT_VERSION } from "../../components/settings";
import { readStack } from "../../cli/stack";
import { verifyAll } from "../../cli/verify";
import { detectNamespaceMode, MANAGED_DIR } from "../../cli/verify/sandbox";
import { VerifyScenario } from "../../cli/verify/scenarios";
import { clientVersion, DEFAULT_CLIENT, runSession } from "../../cli/verify/session";
import { settleAll } from "../../cli/verify/slots";
import { DEFAULT_SESSION_TIMEOUT_MS, ProfileResult, verifyProfile } from "../../cli/verify/verify-profile";

const FIXTURES = path.join(__dirname, "..", "fixtures", "verify");
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name), "utf8");
const scenarios: VerifyScenario[] = JSON.parse(fixture("standard.verify.json"));
const hostHadManagedDir = fs.existsSync(MANAGED_DIR);

/** Every sample stack, compiled. */
function sampleStacks() {
  const names = fs
    .readdirSync(path.join(__dirname, "..", "..", "stacks"))
    .flatMap((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1] ?? []);
  return names.map((name) => {
    const stack = readStack(name);
    return {
      name,
      stack,
      rollout: compileRollout(loadRolloutConfig(stack.projectConfig, stack.stack), PINNED_CLIENT_VERSION),
    };
  });
}

/** A result to await in its own test; marked handled now, so a failure is reported there, not as unhandled. */
function started<T>(task: () => Promise<T>): Promise<T> {
  const promise = task();
  promise.catch(() => undefined);
  return promise;
}

describe("verify: real client 2.1.329", function () {
  const mode = detectNamespaceMode();
  const version = clientVersion(DEFAULT_CLIENT);
  const stacks = sampleStacks();
  // Sessions: control, standard, weakened, bedrock (copy and exact start), per sample profile the
  // conformance session and (pinned provider) the exact start. (Batched against one start per
  // scenario is a speed comparison: `npm run bench` reports it, a test would pass or fail with the load.)
  const sessions = 1 + 1 + 1 + 2 + stacks.reduce((sum, s) => sum + s.rollout.profiles.length, 0) * 2;
  this.timeout(sessions * DEFAULT_SESSION_TIMEOUT_MS);

  const byName = (result: ProfileResult, name: string) => {
    const outcome = result.outcomes.find((o) => o.name === name);
    assert.ok(outcome, `no outcome "${name}" in ${result.outcomes.map((o) => o.name).join(", ")}`);
    return outcome;
  };
  const outDirs: string[] = [];
  const outDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "verify-out-"));
    outDirs.push(dir);
    return dir;
  };

  let control: ReturnType<typeof runSession>;
  let standard: Promise<ProfileResult>;
  let weakened: Promise<{ result: ProfileResult; out: string }>;
  let bedrock: Promise<ProfileResult>;
  let samples: Promise<{ name: string; results: ProfileResult[]; out: string }[]>;

  before(() => {
    control = started(() =>
      runSession(
        {
          attemptBypass: true,
          documents: () => ({ settingsJson: "" }), // a 0-byte file counts as absent
          turns: () => ({
            turns: [[{ id: "toolu_control", name: "Bash", input: { command: "echo hello", description: "echo" } }]],
            files: {},
          }),
        },
        { client: DEFAULT_CLIENT, mode, timeoutMs: DEFAULT_SESSION_TIMEOUT_MS },
      ),
    );
    standard = started(() =>
      verifyProfile(
        { name: "standard", settingsJson: fixture("standard.managed-settings.json"), scenarios },
        { mode, clientVersion: version, adversarial: false },
      ),
    );
    weakened = started(async () => {
      const document = JSON.parse(fixture("standard.managed-settings.json"));
      document.permissions.deny = document.permissions.deny.filter((rule: string) => rule !== "Bash(echo *)");
      const out = outDir();
      const [result] = await verifyAll(
        "fixture",
        [{ name: "weakened", settingsJson: JSON.stringify(document), scenarios }],
        version,
        mode,
        out,
        { adversarial: false },
      );
      return { result, out };
    });
    bedrock = started(() =>
      verifyProfile(
        { name: "bedrock", settingsJson: fixture("bedrock.managed-settings.json"), scenarios },
        { mode, clientVersion: version, adversarial: false },
      ),
    );
    // Conformance only here: the adversarial suite's own test (adversarial.test.ts) runs it for real.
    samples = started(() =>
      settleAll(
        stacks.map(async ({ name, stack, rollout }) => {
          const out = outDir();
          const inputs = rollout.profiles.map((p) => ({
            name: p.name,
            settingsJson: p.settingsJson,
            mcpJson: p.mcp?.json,
            scenarios: p.verify,
          }));
          return {
            name,
            results: await verifyAll(stack.stack, inputs, version, mode, out, { adversarial: false }),
            out,
          };
        }),
      ),
    );
  });

  after(async () => {
    // Every session has ended (a failed test may not have awaited its own) before the checks and clean-up.
    await Promise.allSettled([control, standard, weakened, bedrock, samples]);
    for (const dir of outDirs) fs.rmSync(dir, { recursive: true, force: true });
    assert.strictEqual(fs.existsSync(MANAGED_DIR), hostHadManagedDir, `${MANAGED_DIR} on the host changed`);
  });

  it("reports the pinned version", () => assert.strictEqual(version, `${PINNED_CLIENT_VERSION} (Claude Code)`));

  it("control: without a managed policy the user's widening settings take effect", async () => {
    const record = await control;
    assert.strictEqual(record.init?.permissionMode, "bypassPermissions");
    assert.deepStrictEqual(
      record.init?.mcpServers.map((s) => [s.name, s.status]),
      [["verify-extra", "connected"]],
    );
    assert.deepStrictEqual(record.toolResults.get("toolu_control"), {
      toolUseId: "toolu_control",
      content: "hello",
      isError: false,
    });
  });

  it("standard profile: managed rules beat the user's settings in one client session", async () => {
    const result = await standard;
    assert.deepStrictEqual(byName(result, "echo is denied despite the user's Bash allow"), {
      name: "echo is denied despite the user's Bash allow",
      source: "stack",
      expected: "denied",
      observed: "denied",
      passed: true,
      message: "Permission to use Bash with command echo hello has been denied.",
    });
    assert.strictEqual(byName(result, "git push needs approval").observed, "asked");
    assert.deepStrictEqual(
      [byName(result, "printf runs").observed, byName(result, "printf runs").message],
      ["executed", "verify-ok"],
    );
    assert.deepStrictEqual(
      [byName(result, "deny Read(~/.ssh/**)").observed, byName(result, "deny Read(~/.ssh/**)").message],
      ["denied", "<tool_use_error>File is in a directory that is denied by your permission settings.</tool_use_error>"],
    );
    assert.strictEqual(byName(result, "bypassPermissions cannot be entered").observed, "permissionMode default");
    assert.strictEqual(byName(result, 'user MCP server "verify-extra" is not loaded').observed, "not loaded");
    assert.strictEqual(result.resolved.observedExact, result.resolved.expected);
    assert.strictEqual(result.copySubstitutions, undefined);
    assert.strictEqual(result.passed, true);
  });

  it("a removed deny is reported as a mismatch naming the profile and the scenario", async () => {
    const { result, out } = await weakened;
    assert.strictEqual(result.passed, false);
    assert.deepStrictEqual(
      result.outcomes.filter((o) => !o.passed).map((o) => [o.name, o.observed, o.message]),
      [["echo is denied despite the user's Bash allow", "executed", "hello"]],
    );
    const junit = fs.readFileSync(path.join(out, "weakened.junit.xml"), "utf8");
    assert.ok(
      junit.includes(
        `<failure message="weakened: echo is denied despite the user's Bash allow: expected denied, observed executed">`,
      ),
      junit,
    );
    assert.match(fs.readFileSync(path.join(out, "weakened.md"), "utf8"), /verdict: \*\*FAIL\*\* — 7\/8 checks passed/);
  });

  it("a Bedrock- and collector-pinned document runs its scenarios on a verification copy", async () => {
    const result = await bedrock;
    assert.strictEqual(result.passed, true, JSON.stringify(result.outcomes.filter((o) => !o.passed)));
    assert.strictEqual(result.resolved.observedCopy, result.resolved.expectedCopy);
    assert.strictEqual(result.resolved.observedExact, undefined);
    assert.notStrictEqual(result.exactStartup?.exitCode, 0);
    assert.match(result.exactStartup?.message ?? "", /awsCredentialExport/);
    assert.ok(result.copySubstitutions?.includes("env.CLAUDE_CODE_USE_BEDROCK (removed)"));
  });

  it("every sample stack verifies with evidence and resolved.json", async () => {
    assert.ok(stacks.length > 0);
    const verified = await samples;
    assert.deepStrictEqual(
      verified.map((v) => v.name),
      stacks.map((s) => s.name),
    );
    for (const [i, { name, results, out }] of verified.entries()) {
      assert.deepStrictEqual(
        results.filter((r) => !r.passed).map((r) => r.profile),
        [],
        `${name}: failing profiles`,
      );
      const resolved = JSON.parse(fs.readFileSync(path.join(out, "resolved.json"), "utf8"));
      assert.deepStrictEqual(Object.keys(resolved), stacks[i].rollout.profiles.map((p) => p.name).sort());
    }
  });
});
