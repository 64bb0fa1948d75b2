import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";

const ROOT = path.resolve(__dirname, "..", "..");

describe("verify: a prod stack that lost a baseline deny (real client)", function () {
  this.timeout(120_000);

  it("fails, naming the profile and the scenario, because the policy config still requires the deny", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "verify-weakened-"));
    try {
      const prod = fs.readFileSync(path.join(ROOT, "stacks", "Pulumi.prod.yaml"), "utf8");
      const weakened = prod.replace("        - Read(~/.ssh/**)\n", "");
      assert.notEqual(weakened, prod);
      fs.writeFileSync(path.join(dir, "Pulumi.prod.yaml"), weakened);
      const run = spawnSync(path.join(ROOT, "node_modules", ".bin", "ts-node"),
        ["--transpile-only", path.join(ROOT, "cli", "verify.ts"), path.join(dir, "Pulumi.prod.yaml"), "--profile", "developer", "--out", path.join(dir, "out")],
        { cwd: ROOT, encoding: "utf8" });
      assert.equal(run.status, 1, run.stderr);
      assert.match(run.stderr, /^MISMATCH developer: deny Read\(~\/\.ssh\/\*\*\): expected denied, observed asked — Claude requested permissions to read from ~\/\.ssh\/verify-probe/m);
      assert.match(fs.readFileSync(path.join(dir, "out", "developer.md"), "utf8"), /verdict: \*\*FAIL\*\*/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
