/**
 * Loaded by ts-node right after it registers (tsconfig.json `ts-node.require`), so it runs inside a
 * real `pulumi up` as well as in synth, the tests and the bench.
 *
 * Pulumi stamps a stack trace on every promise it creates (`debuggablePromise`: `new Error().stack`,
 * read at once and kept on the promise) for its promise-leak report only. Under ts-node each trace
 * is mapped through source maps frame by frame: half the CPU and a sixth of the memory of a
 * 1 000-group run. Those traces carry no frames unless PULUMI_DEBUG_PROMISE_LEAKS (Pulumi's own
 * switch for chasing leaks) is set; every other trace — the errors people read, the resource
 * source positions Pulumi sends to the engine — is mapped as before.
 */

/** The Pulumi SDK function whose traces only the leak report reads. */
const PROMISE_STAMP = "debuggablePromise";

const mapped = Error.prepareStackTrace;
if (mapped && !process.env.PULUMI_DEBUG_PROMISE_LEAKS) {
  Error.prepareStackTrace = (error, frames) =>
    frames[0]?.getFunctionName() === PROMISE_STAMP ? String(error) : mapped(error, frames);
}
