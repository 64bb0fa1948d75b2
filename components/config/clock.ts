/**
 * The one clock the program judges dates by: rotation schedules, secret expiry tags and the policy
 * pack's expiry checks all read it, so a synth and its policy report always agree on "today".
 * It is an input: SOURCE_DATE_EPOCH (seconds; the reproducible-builds convention) when set, so the
 * same commit synthesizes byte-identical output on any later day; otherwise `now`.
 */
export function programClock(sourceDateEpoch: string | undefined, now: Date): Date {
  if (sourceDateEpoch === undefined || sourceDateEpoch === "") return now;
  if (!/^\d+$/.test(sourceDateEpoch))
    throw new Error(
      `SOURCE_DATE_EPOCH="${sourceDateEpoch}" is not a number of seconds since 1970 — unset it or fix it`,
    );
  return new Date(Number(sourceDateEpoch) * 1000);
}

/** SOURCE_DATE_EPOCH for midnight UTC of a `YYYY-MM-DD` day (synth's `--date`), or why it is not a day. */
export function sourceDateEpochOfDay(day: string): { epoch: string } | { error: string } {
  const parsed = /^\d{4}-\d{2}-\d{2}$/.test(day) ? new Date(`${day}T00:00:00Z`) : undefined;
  if (!parsed || Number.isNaN(parsed.getTime()) || parsed.toISOString().slice(0, 10) !== day) {
    return { error: `--date "${day}" is not a calendar day — write it as YYYY-MM-DD, e.g. 2027-01-15` };
  }
  return { epoch: String(parsed.getTime() / 1000) };
}
