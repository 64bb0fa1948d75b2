// How many client processes run at once, process-wide. Callers may start every session they need
// together (a profile's suite, several profiles, several stacks); the slots bound the load. A
// session's own deadline starts only once it holds a slot, so waiting in the queue never eats it.
import * as os from "node:os";

/** Environment variable that overrides the number of concurrent client processes. */
const CONCURRENCY_VARIABLE = "VERIFY_CONCURRENCY";

/** One slot per core (a session is mostly client CPU), or the variable's positive integer. */
export function clientConcurrency(env: NodeJS.ProcessEnv = process.env): number {
  const value = env[CONCURRENCY_VARIABLE];
  if (value === undefined || value === "") return Math.max(1, os.availableParallelism());
  if (!/^[1-9]\d{0,2}$/.test(value))
    throw new Error(
      `${CONCURRENCY_VARIABLE}=${JSON.stringify(value)}: expected the number of client sessions to run at once, 1 to 999 (unset: one per core)`,
    );
  return Number(value);
}

/** A counting semaphore: `run` waits for a free slot, runs the task, and frees the slot however it ends. */
export class Slots {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly size: number) {
    if (!Number.isInteger(size) || size < 1) throw new Error(`Slots: size must be a positive integer, got ${size}`);
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.active >= this.size) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next waiter (active stays the same), or free it.
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}

let shared: Slots | undefined;

/** The process-wide slots every client start goes through (sized on first use). */
export function clientSlots(): Slots {
  shared ??= new Slots(clientConcurrency());
  return shared;
}

/**
 * Like Promise.all, but waits for every task to end before rejecting (with the first failure), so
 * no session is still running, or its temp tree still on disk, when the caller moves on.
 */
export async function settleAll<T extends readonly unknown[]>(
  tasks: readonly [...{ [K in keyof T]: Promise<T[K]> }],
): Promise<T> {
  const settled = await Promise.allSettled(tasks);
  const failed = settled.find((result): result is PromiseRejectedResult => result.status === "rejected");
  if (failed) throw failed.reason;
  return settled.map((result) => (result as PromiseFulfilledResult<unknown>).value) as unknown as T;
}
