const DAY_MS = 24 * 60 * 60 * 1000;

/** Where the rotation clock stands for one machine credential. */
export interface RotationWindow {
  /** Rotation period number since 1970-01-01; a new value replaces the credential. */
  readonly period: number;
  /** First day of the period (YYYY-MM-DD): the replacement trigger, readable in a diff. */
  readonly periodStart: string;
  /** When the credential expires (RFC 3339, midnight UTC): `lifetimeDays` after the period starts. */
  readonly endDate: string;
  /** Last day it is valid (YYYY-MM-DD), for the secret's `expires` tag. */
  readonly lastValidDay: string;
}

/**
 * The credential lives `lifetimeDays` but is replaced every ⌈lifetimeDays / 2⌉ days, so as long as
 * `pulumi up` runs at least once per half-lifetime (e.g. a daily scheduled run), the next credential
 * is in the vault well before the current one expires. `today` is an input, never the clock, so
 * the same date gives the same resources.
 */
export function rotationWindow(today: Date, lifetimeDays: number): RotationWindow {
  if (!Number.isInteger(lifetimeDays) || lifetimeDays < 2) {
    throw new Error(`credentials.machineSecretRotationDays: ${lifetimeDays} is too short — use at least 2 days`);
  }
  if (Number.isNaN(today.getTime())) throw new Error("rotationWindow: today is not a valid date");
  const periodDays = Math.ceil(lifetimeDays / 2);
  const day = Math.floor(today.getTime() / DAY_MS);
  const period = Math.floor(day / periodDays);
  const start = period * periodDays * DAY_MS;
  const end = start + lifetimeDays * DAY_MS;
  return {
    period,
    periodStart: isoDay(start),
    endDate: `${isoDay(end)}T00:00:00Z`,
    lastValidDay: isoDay(end - DAY_MS),
  };
}

function isoDay(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}
