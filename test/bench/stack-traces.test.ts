import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

/**
 * cli/runtime/stack-traces.ts, loaded by ts-node through tsconfig.json: Pulumi's per-promise debug
 * traces capture no frames, every other trace keeps its frames, mapped to the TypeScript source.
 */

const ROOT = path.resolve(__dirname, "..", "..");
/** Stamps `_debugStackTrace` on the promise it is given. */
type Stamp = (p: Promise<unknown>, ctx: unknown) => Promise<unknown>;
type Stamped = Promise<unknown> & { _debugStackTrace?: string };
const debuggable = (): { debuggablePromise: Stamp } =>
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the SDK keeps this module out of its typings
  require(require.resolve("@pulumi/pulumi/runtime/debuggable", { paths: [ROOT] }));

describe("stack traces under ts-node (cli/runtime/stack-traces.ts)", () => {
  it("is loaded by every ts-node that reads tsconfig.json, which type-checks nothing (npm run typecheck does)", () => {
    const config = JSON.parse(fs.readFileSync(path.join(ROOT, "tsconfig.json"), "utf8")) as {
      "ts-node": { transpileOnly: boolean; require: string[] };
    };
    assert.deepStrictEqual(config["ts-node"], { transpileOnly: true, require: ["./cli/runtime/stack-traces.ts"] });
    assert.strictEqual(debuggable().debuggablePromise.name, "debuggablePromiseWithoutFrames");
  });

  it("stamps Pulumi's debug promises with the error line only", async () => {
    const promise: Stamped = Promise.resolve(1);
    assert.strictEqual(await debuggable().debuggablePromise(promise, "test"), 1);
    assert.strictEqual(promise._debugStackTrace, "Error");
  });

  it("still maps every other trace to the TypeScript line, with the frame limit restored", async () => {
    const limit = Error.stackTraceLimit;
    await debuggable().debuggablePromise(Promise.resolve(), "test");
    assert.strictEqual(Error.stackTraceLimit, limit);
    const error = new Error("mapped"); // MARKER: this line's number must appear in the trace
    const source = fs.readFileSync(__filename, "utf8").split("\n");
    const line = source.findIndex((text) => text.includes("// MARKER:")) + 1;
    assert.match(error.stack ?? "", new RegExp(`^Error: mapped\\n\\s+at .*stack-traces\\.test\\.ts:${line}:\\d+`));
  });

  it("keeps the frames of the debug traces when PULUMI_DEBUG_PROMISE_LEAKS asks for them", () => {
    const script = [
      `const { debuggablePromise } = require(${JSON.stringify(require.resolve("@pulumi/pulumi/runtime/debuggable", { paths: [ROOT] }))});`,
      `const promise = Promise.resolve();`,
      `debuggablePromise(promise, "test").then(() => process.stdout.write(promise._debugStackTrace));`,
    ].join("\n");
    const run = (env: NodeJS.ProcessEnv) =>
      spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", "-e", script], {
        cwd: ROOT,
        encoding: "utf8",
        env: { ...process.env, ...env },
      });
    const debugging = run({ PULUMI_DEBUG_PROMISE_LEAKS: "1" });
    assert.strictEqual(debugging.status, 0, debugging.stderr);
    assert.match(debugging.stdout, /^Error\n\s+at debuggablePromise /);
    const plain = run({ PULUMI_DEBUG_PROMISE_LEAKS: "" });
    assert.strictEqual(plain.stdout, "Error");
  });
});
