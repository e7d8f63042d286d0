/**
 * Calendar days in the team's time zone (TIMEZONE): the daily report and its schedule speak in local
 * dates ("2026-11-22"), while cases are stored with UTC instants.
 */
import { dayjs } from "../core/time.js";

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isDate(value: string): boolean {
  if (!DATE.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}

/** The local date (`YYYY-MM-DD`) of an instant in `timezone`. */
export function localDate(at: Date, timezone: string): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: timezone }).format(at);
}

/** `date` plus `days` (negative to go back), as a date string. */
export function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** The instant `date` `HH:mm` happens in `timezone`. */
export function localInstant(date: string, time: string, timezone: string): Date {
  return dayjs.tz(`${date} ${time}`, "YYYY-MM-DD HH:mm", timezone).toDate();
}

/** [start, end) of a local day, as instants. */
export function dayBounds(date: string, timezone: string): { start: Date; end: Date } {
  return {
    start: localInstant(date, "00:00", timezone),
    end: localInstant(addDays(date, 1), "00:00", timezone),
  };
}

export function minutesBetween(from: Date | string, to: Date | string): number {
  return (new Date(to).getTime() - new Date(from).getTime()) / 60_000;
}

/** Waits for `p`, but no longer than `ms` (shutdown must not hang on a post Slack keeps retrying). */
export async function settleWithin(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<void>((resolve) => {
    timer = setTimeout(resolve, ms);
    timer.unref();
  });
  await Promise.race([
    p.then(
      () => {},
      () => {},
    ),
    limit,
  ]);
  clearTimeout(timer);
}
