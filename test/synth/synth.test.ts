import * as assert from "assert";
import { editedStackCopy } from "../fixtures/stack-copy";
import { execFileSync, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ConfigError } from "../../components/config";
import { renderStackSchema, SCHEMA_FILE } from "../../cli/export-schema";
import { readStack } from "../../cli/stack";
import { synthesize } from "../../cli/synth/run";
import { synthArtefacts } from "../../cli/synth/write";

const ROOT = path.resolve(__dirname, "..", "..");
const TS_NODE = path.join(ROOT, "node_modules", ".bin", "ts-node");

/** A copy of the prod stack file with one textual change, in a fresh temp folder, its release file beside it. */
function editedProd(edit: (yaml: string) => string): string {
  return editedStackCopy("prod", edit);
}

async function configProblems(file: string): Promise<string[]> {
  try {
    await synthesize(readStack(file));
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error.problems.map((p) => `${p.path}: ${p.message}`);
  }
  return assert.fail("expected a config error");
}

describe("synth", function () {
  // Whole-program syntheses: generous, so a loaded machine cannot fail them.
  this.timeout(600_000);
  it("gives byte-identical artefacts for the same stack", async () => {
    const first = synthArtefacts(await synthesize(readStack("prod")));
    const second = synthArtefacts(await synthesize(readStack("prod")));
    assert.deepEqual([...second.keys()], [...first.keys()]);
    for (const [file, content] of first) assert.equal(second.get(file), content, `${file} differs between runs`);
    for (const profile of ["contractor", "developer", "security-reviewer", "platform"]) {
      assert.ok(first.has(`profiles/${profile}/managed-settings.json`), `no settings for ${profile}`);
    }
  });

  it("rejects a misspelt profile naming the config path", async () => {
    const file = editedProd((y) =>
      y.replace("{ group: Eng - Mobile, profile: developer }", "{ group: Eng - Mobile, profile: develper }"),
    );
    assert.deepEqual(await configProblems(file), [
      'assignments[4].profile: unknown profile "develper" — did you mean "developer"?',
    ]);
  });

  it("rejects an extends cycle", async () => {
    const file = editedProd((y) =>
      y.replace("      priority: 10\n", "      priority: 10\n      extends: security-reviewer\n"),
    );
    assert.deepEqual(await configProblems(file), [
      "profiles.contractor.extends: extends cycle contractor → security-reviewer → contractor — one of these profiles must not extend another",
    ]);
  });

  it("rejects an unbalanced rule", async () => {
    const file = editedProd((y) => y.replace("- Bash(npm test)\n", "- Bash(npm test\n"));
    assert.deepEqual(await configProblems(file), [
      'profiles.developer.permissions.allow[0]: invalid rule "Bash(npm test": unbalanced parentheses: the rule must end with ")" — write "Bash(npm test)"',
    ]);
  });

  it("names baseline.announcements[1] for a control character in an announcement, not the compiled document", async () => {
    const file = editedProd((y) =>
      y.replace("Sessions are audited.\n", 'Sessions are audited.\n      - "Ring the bell\\a now"\n'),
    );
    assert.deepEqual(await configProblems(file), [
      'baseline.announcements[1]: "Ring the bell\\u0007 now" holds U+0007, a control character, at character 14 — ' +
        "remove it: names, descriptions, rules and announcements are one line of visible text",
    ]);
  });

  it("exits non-zero from the command line and writes nothing", () => {
    const file = editedProd((y) => y.replace("- Bash(npm test)\n", "- Bash(npm test\n"));
    const out = path.join(path.dirname(file), "out");
    const run = spawnSync(TS_NODE, ["--transpile-only", path.join(ROOT, "cli", "synth.ts"), file, "--out", out], {
      cwd: ROOT,
      encoding: "utf8",
    });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /profiles\.developer\.permissions\.allow\[0\]: invalid rule "Bash\(npm test"/);
    assert.equal(fs.existsSync(out), false);
    assert.deepEqual(fs.readdirSync(path.dirname(file)).sort(), ["Pulumi.prod.release.json", "Pulumi.prod.yaml"]);
  });

  it("keeps the committed stack JSON Schema in step with the config model (npm run schema)", () => {
    assert.equal(fs.readFileSync(SCHEMA_FILE, "utf8"), renderStackSchema());
  });

  it("prints a one-screen summary", () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "synth-out-"));
    const stdout = execFileSync(
      TS_NODE,
      ["--transpile-only", path.join(ROOT, "cli", "synth.ts"), "dev", "--out", out],
      { cwd: ROOT, encoding: "utf8" },
    );
    assert.match(stdout, /^synth dev: 4 profiles, 9 assigned groups, \d+ resources → /);
    assert.ok(fs.existsSync(path.join(out, "rollout.json")));
  });
});

describe("synth: account pin", () => {
  it("refuses a provider account other than the one the helpers name", async () => {
    const file = editedProd((y) =>
      y.replace('aws:allowedAccountIds: ["210987654321"]', 'aws:allowedAccountIds: ["999999999999"]'),
    );
    await assert.rejects(synthesize(readStack(file)), {
      name: "ConfigError",
      message:
        'Invalid stack config for "prod" (1 problem):\n  - aws:allowedAccountIds: must be ["210987654321"] (credentials.accountId), so the provider deploys only into the account the helpers name — set it in the stack file',
    });
  });
});

describe("synth: the clock is an input", function () {
  this.timeout(600_000);
  /** Runs `fn` with SOURCE_DATE_EPOCH set, restoring the caller's value. */
  async function at<T>(epoch: string, fn: () => Promise<T>): Promise<T> {
    const previous = process.env.SOURCE_DATE_EPOCH;
    process.env.SOURCE_DATE_EPOCH = epoch;
    try {
      return await fn();
    } finally {
      if (previous === undefined) delete process.env.SOURCE_DATE_EPOCH;
      else process.env.SOURCE_DATE_EPOCH = previous;
    }
  }

  it("judges secret expiry on the same day the rotation was planned for, however old the commit", async () => {
    // 2025-10-27: far more than one 30-day secret lifetime before any day this test runs on.
    const result = await at("1761523200", () => synthesize(readStack("prod")));
    assert.equal(result.today.toISOString(), "2025-10-27T00:00:00.000Z");
    const secret = result.resources.find((r) => r.name === "credentials-vault-platform-machine");
    assert.deepEqual(secret?.inputs.tags, { expires: "2025-11-22", "managed-by": "claude-code-rollout" });
    const rotation = result.policyReport.policies.find((p) => p.name === "secret-rotation");
    assert.deepEqual([rotation?.status, rotation?.violations], ["passed", []]);
    assert.equal(result.policyReport.mandatoryViolations, 0);
  });

  it("gives byte-identical artefacts for the same clock, and leaves SOURCE_DATE_EPOCH as it found it", async () => {
    const first = synthArtefacts(await at("1761523200", () => synthesize(readStack("dev"))));
    const second = synthArtefacts(await at("1761523200", () => synthesize(readStack("dev"))));
    assert.deepEqual([...second.entries()], [...first.entries()]);
    assert.equal(process.env.SOURCE_DATE_EPOCH, undefined);
  });

  it("takes --date on the command line and says where its clock came from", () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "synth-date-"));
    const stdout = execFileSync(
      TS_NODE,
      ["--transpile-only", path.join(ROOT, "cli", "synth.ts"), "prod", "--out", out, "--date", "2027-01-15"],
      { cwd: ROOT, encoding: "utf8" },
    );
    assert.match(stdout, /\n {2}clock 2027-01-15 \(--date\)\n/);
    const resources: { name: string; inputs: { endDate?: string } }[] = JSON.parse(
      fs.readFileSync(path.join(out, "resources.json"), "utf8"),
    );
    // 30-day lifetime, replaced every 15 days: the period holding 2027-01-15 runs from 2027-01-02.
    assert.equal(
      resources.find((r) => r.name === "credentials-platform-machine-secret")?.inputs.endDate,
      "2027-02-01T00:00:00Z",
    );
  });

  it("refuses a --date that is not a day, before doing anything", () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "synth-date-")), "out");
    const run = spawnSync(
      TS_NODE,
      ["--transpile-only", path.join(ROOT, "cli", "synth.ts"), "prod", "--out", out, "--date", "2027-02-30"],
      { cwd: ROOT, encoding: "utf8" },
    );
    assert.equal(run.status, 2);
    assert.equal(run.stderr, '--date "2027-02-30" is not a calendar day — write it as YYYY-MM-DD, e.g. 2027-01-15\n');
    assert.equal(fs.existsSync(out), false);
  });
});
