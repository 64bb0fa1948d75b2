import * as assert from "assert";
import { withoutStackFrames } from "../../components/config/stack-frames";

describe("withoutStackFrames", () => {
  it("builds errors with no frames and restores the frame limit, also when make throws", () => {
    const limit = Error.stackTraceLimit;
    const error = withoutStackFrames(() => new RangeError("cheap"));
    assert.strictEqual(error.stack, "RangeError: cheap");
    assert.strictEqual(Error.stackTraceLimit, limit);
    assert.throws(
      () =>
        withoutStackFrames(() => {
          throw new Error("inside");
        }),
      (thrown: Error) => thrown.stack === "Error: inside",
    );
    assert.strictEqual(Error.stackTraceLimit, limit);
    assert.match(new Error("after").stack ?? "", /^Error: after\n\s+at /);
  });
});
