/** Unusable input (events file, group ids, stack, query): exit 1 with the message, which names the fix. */
export class RolloutStatusInputError extends Error {}

/** Bad command line: exit 2 with the usage. */
export class RolloutStatusUsageError extends Error {}
