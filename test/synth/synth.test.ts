import * as assert from "assert";
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

/** A copy of the prod stack file with one textual change, in a fresh temp folder. */
function editedProd(edit: (yaml: string) => string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "synth-"));
  const file = path.join(dir, "Pulumi.broken.yaml");
  const original = fs.readFileSync(path.join(ROOT, "stacks", "Pulumi.prod.yaml"), "utf8");
  const edited = edit(original);
  assert.notEqual(edited, original, "the edit must change the stack");
  fs.writeFileSync(file, edited);
  return file;
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

describe("synth", () => {
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
    const file = editedProd((y) => y.replace("{ group: Eng - Mobile, profile: developer }", "{ group: Eng - Mobile, profile: develper }"));
    assert.deepEqual(await configProblems(file), ['assignments[4].profile: unknown profile "develper" — did you mean "developer"?']);
  });

  it("rejects an extends cycle", async () => {
    const file = editedProd((y) => y.replace("      priority: 20\n", "      priority: 20\n      extends: platform\n"));
    assert.deepEqual(await configProblems(file), [
      "profiles.developer.extends: extends cycle developer → platform → developer — one of these profiles must not extend another",
    ]);
  });

  it("rejects an unbalanced rule", async () => {
    const file = editedProd((y) => y.replace("- Bash(npm test *)", "- Bash(npm test"));
    assert.deepEqual(await configProblems(file), [
      'profiles.developer.permissions.allow[0]: invalid rule "Bash(npm test": unbalanced parentheses: the rule must end with ")" — write "Bash(npm test)"',
    ]);
  });

  it("exits non-zero from the command line and writes nothing", () => {
    const file = editedProd((y) => y.replace("- Bash(npm test *)", "- Bash(npm test"));
    const out = path.join(path.dirname(file), "out");
    const run = spawnSync(TS_NODE, ["--transpile-only", path.join(ROOT, "cli", "synth.ts"), file, "--out", out], { cwd: ROOT, encoding: "utf8" });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /profiles\.developer\.permissions\.allow\[0\]: invalid rule "Bash\(npm test"/);
    assert.equal(fs.existsSync(out), false);
    assert.deepEqual(fs.readdirSync(path.dirname(file)), ["Pulumi.broken.yaml"]);
  });

  it("keeps the committed stack JSON Schema in step with the config model (npm run schema)", () => {
    assert.equal(fs.readFileSync(SCHEMA_FILE, "utf8"), renderStackSchema());
  });

  it("prints a one-screen summary", () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), "synth-out-"));
    const stdout = execFileSync(TS_NODE, ["--transpile-only", path.join(ROOT, "cli", "synth.ts"), "dev", "--out", out], { cwd: ROOT, encoding: "utf8" });
    assert.match(stdout, /^synth dev: 4 profiles, 9 assigned groups, \d+ resources → /);
    assert.ok(fs.existsSync(path.join(out, "rollout.json")));
  });
});

describe("synth: account pin", () => {
  it("refuses a provider account other than the one the helpers name", async () => {
    const file = editedProd((y) => y.replace('aws:allowedAccountIds: ["210987654321"]', 'aws:allowedAccountIds: ["999999999999"]'));
    await assert.rejects(synthesize(readStack(file)), {
      message: 'aws:allowedAccountIds: must be ["210987654321"] (credentials.accountId), so the provider deploys only into the account the helpers name — set it in the stack file',
    });
  });
});
