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

  it("listens again after a test runner dropped every listener (as mocha's parallel workers do between files)", async () => {
    await installMockRuntime({ stack: "test" });
    const others = process.listeners("unhandledRejection");
    process.removeAllListeners("unhandledRejection");
    try {
      const runtime = await installMockRuntime({ stack: "test" });
      void Promise.reject(new Error("lost after the listeners went"));
      await new Promise((resolve) => setImmediate(resolve));
      await assert.rejects(runtime.settle(), /^Error: Pulumi runtime error: Error: lost after the listeners went/);
      runtime.reset();
    } finally {
      for (const listener of others)
        if (!process.listeners("unhandledRejection").includes(listener)) process.on("unhandledRejection", listener);
    }
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
