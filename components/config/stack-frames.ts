/**
 * Runs `make` with V8 capturing no stack frames for the errors it builds, and restores the limit
 * after, whatever happens. For errors built in the hundreds of thousands that nobody reads a trace
 * of: control flow (the policy pack's "not applicable") and Pulumi's per-promise debug stamps.
 */
export function withoutStackFrames<T>(make: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return make();
  } finally {
    Error.stackTraceLimit = limit;
  }
}
