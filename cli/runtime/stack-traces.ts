/**
 * Loaded by ts-node right after it registers (tsconfig.json `ts-node.require`), so it runs inside a
 * real `pulumi up` as well as in synth, the tests and the bench.
 *
 * Pulumi stamps a stack trace on every promise it creates (`debuggablePromise`: `new Error().stack`,
 * read at once and kept on the promise) for its promise-leak report only — about 35 promises per
 * resource. Capturing those frames (and, under ts-node, mapping each through source maps) was the
 * largest cost of a large synth after garbage collection. Here they are taken with no frames at all
 * unless PULUMI_DEBUG_PROMISE_LEAKS (Pulumi's own switch for chasing leaks) is set; the leak report
 * still names each promise's context. Every other trace — the errors people read, the resource
 * source positions Pulumi sends to the engine — is captured and mapped as before.
 */

import { withoutStackFrames } from "../../components/config/stack-frames";

/** The SDK module behind every Pulumi promise; the SDK calls it through its exports, so wrapping them reaches every call. */
interface Debuggable {
  debuggablePromise<T>(promise: Promise<T>, context: unknown): Promise<T>;
}

if (!process.env.PULUMI_DEBUG_PROMISE_LEAKS) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the SDK keeps this module out of its typings
  const debuggable = require("@pulumi/pulumi/runtime/debuggable") as Debuggable;
  const stamp = debuggable.debuggablePromise;
  debuggable.debuggablePromise = function debuggablePromiseWithoutFrames<T>(promise: Promise<T>, context: unknown) {
    return withoutStackFrames(() => stamp(promise, context));
  };
}
