// The command line of `npm run rollout-status`.
import { parseArgs } from "node:util";
import { RolloutStatusUsageError } from "./input-error";

export const USAGE =
  "usage: npm run rollout-status -- <stack name | path to Pulumi.<stack>.yaml> [--events FILE] [--json] [--now ISO-8601]";

export interface RolloutStatusArgs {
  readonly stack: string;
  /** An OTLP/JSON logs export to read instead of the audit log group. */
  readonly events: string | undefined;
  readonly json: boolean;
  readonly now: Date;
}

export function rolloutStatusArgs(argv: readonly string[], clock: () => Date): RolloutStatusArgs {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        events: { type: "string" },
        json: { type: "boolean" },
        now: { type: "string" },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new RolloutStatusUsageError(error instanceof Error ? error.message : String(error));
  }
  const { values, positionals } = parsed;
  if (positionals.length !== 1) throw new RolloutStatusUsageError(`expected one stack, got ${positionals.length}`);
  const now = values.now === undefined ? clock() : new Date(values.now);
  // A bare date is midnight UTC; anything Date.parse reads in local time would make the verdict depend on the machine.
  if (
    values.now !== undefined &&
    (!/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2}))?$/.test(values.now) ||
      Number.isNaN(now.getTime()) ||
      !isCalendarDay(values.now.slice(0, 10)))
  )
    throw new RolloutStatusUsageError(
      `--now must be an ISO-8601 date or UTC time (2026-12-02 or 2026-12-02T09:00:00Z), got ${JSON.stringify(values.now)}`,
    );
  if (values.events === "") throw new RolloutStatusUsageError("--events needs a file");
  return {
    stack: positionals[0],
    events: values.events,
    json: values.json === true,
    now,
  };
}

/** Date reads 2026-02-30 as March 2: a day that is not on the calendar is a typo, not a date. */
function isCalendarDay(day: string): boolean {
  const [year, month, date] = day.split("-").map(Number);
  const parsed = new Date(Date.UTC(year, month - 1, date));
  return parsed.getUTCFullYear() === year && parsed.getUTCMonth() === month - 1 && parsed.getUTCDate() === date;
}
