// The client slots: never more tasks at once than slots, every task runs, a failure frees its slot;
// settleAll waits for every task before it rejects. No client involved.
import * as assert from "assert";
import { clientConcurrency, settleAll, Slots } from "../../cli/verify/slots";

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe("verify: client slots", () => {
  it("runs at most `size` tasks at once, in the order they asked, and every one of them", async () => {
    const slots = new Slots(2);
    let running = 0;
    let most = 0;
    const order: number[] = [];
    const task = (n: number) =>
      slots.run(async () => {
        order.push(n);
        running++;
        most = Math.max(most, running);
        for (let i = 0; i < 3; i++) await tick();
        running--;
        if (n === 1) throw new Error("task 1 failed");
        return n * 10;
      });
    const results = await Promise.allSettled([0, 1, 2, 3, 4].map(task));
    assert.strictEqual(most, 2);
    assert.deepStrictEqual(order, [0, 1, 2, 3, 4]);
    assert.deepStrictEqual(
      results.map((r) => (r.status === "fulfilled" ? r.value : (r.reason as Error).message)),
      [0, "task 1 failed", 20, 30, 40],
    );
    // The failed task gave its slot back: two more run together at once.
    running = 0;
    most = 0;
    await Promise.all([5, 6].map(task));
    assert.strictEqual(most, 2);
  });

  it("takes one slot per core, or VERIFY_CONCURRENCY, and names the variable for anything else", () => {
    assert.ok(clientConcurrency({}) >= 1);
    assert.strictEqual(clientConcurrency({ VERIFY_CONCURRENCY: "3" }), 3);
    for (const bad of ["0", "-1", "two", "1.5", "1000"])
      assert.throws(
        () => clientConcurrency({ VERIFY_CONCURRENCY: bad }),
        new RegExp(`^Error: VERIFY_CONCURRENCY=${JSON.stringify(bad).replace(/\./g, "\\.")}: expected the number`),
      );
    assert.throws(() => new Slots(0), /positive integer/);
  });

  it("settleAll rejects with the first failure only once every task has ended", async () => {
    let slowEnded = false;
    const slow = (async () => {
      for (let i = 0; i < 5; i++) await tick();
      slowEnded = true;
      return "slow";
    })();
    await assert.rejects(settleAll([Promise.reject(new Error("first")), slow]), (error: Error) => {
      assert.strictEqual(error.message, "first");
      assert.strictEqual(slowEnded, true);
      return true;
    });
    assert.deepStrictEqual(await settleAll([Promise.resolve(1), slow] as const), [1, "slow"]);
  });
});
