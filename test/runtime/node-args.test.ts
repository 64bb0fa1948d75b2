import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { programNodeArgs } from "../../cli/runtime/node-args";

const ROOT = path.resolve(__dirname, "..", "..");

describe("the Node flags the program runs with (Pulumi.yaml nodeargs)", () => {
  it("Pulumi.yaml gives the program a 64 MiB young generation", () => {
    assert.deepStrictEqual(programNodeArgs(), ["--max-semi-space-size=64"]);
  });

  it("npm run synth runs the program with exactly those flags", () => {
    const scripts = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")).scripts as Record<
      string,
      string
    >;
    assert.strictEqual(
      scripts.synth,
      ["node", ...programNodeArgs(), "-r", "ts-node/register/transpile-only", "cli/synth.ts"].join(" "),
    );
  });

  it("reads no flags when Pulumi.yaml sets none, and refuses nodeargs that are not a string, naming the file", () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "node-args-"));
    try {
      const file = path.join(dir, "Pulumi.yaml");
      fs.writeFileSync(file, "name: x\nruntime:\n  name: nodejs\n");
      assert.deepStrictEqual(programNodeArgs(file), []);
      fs.writeFileSync(file, "name: x\nruntime:\n  name: nodejs\n  options:\n    nodeargs: ' --a=1  --b '\n");
      assert.deepStrictEqual(programNodeArgs(file), ["--a=1", "--b"]);
      fs.writeFileSync(file, "name: x\nruntime:\n  name: nodejs\n  options:\n    nodeargs: [--a]\n");
      assert.throws(() => programNodeArgs(file), { message: `${file}: runtime.options.nodeargs must be a string` });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
