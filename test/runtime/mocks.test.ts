import * as assert from "assert";
import { installMockRuntime } from "../../cli/runtime/mocks";

// The mock runtime catches rejections nothing handled (what Pulumi's runtime would swallow) with one
// process listener however often it is installed, and settle() still fails on them.

describe("mock runtime: swallowed rejections", () => {
  it("adds one unhandledRejection listener however many runtimes are installed", async () => {
    await installMockRuntime({ stack: "test" });
    const before = process.listenerCount("unhandledRejection");
    for (let i = 0; i < 12; i++) await installMockRuntime({ stack: "test" });
    assert.strictEqual(process.listenerCount("unhandledRejection"), before);
  });

  it("fails settle() with a rejection nothing handled, once, on the current runtime only", async () => {
    const earlier = await installMockRuntime({ stack: "test" });
    const runtime = await installMockRuntime({ stack: "test" });
    void Promise.reject(new Error("lost in an apply"));
    await new Promise((resolve) => setImmediate(resolve));
    await assert.rejects(runtime.settle(), /^Error: Pulumi runtime error: Error: lost in an apply/);
    await runtime.settle();
    await earlier.settle();
    runtime.reset();
  });
});
