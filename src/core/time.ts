import dayjs from "dayjs";
import timezone from "dayjs/plugin/timezone.js";
import utc from "dayjs/plugin/utc.js";
import type { Language } from "./schema.js";

dayjs.extend(utc);
dayjs.extend(timezone);

export { dayjs };

/** "11월 22일 14:00" or "Nov 22, 14:00", in the team's time zone. */
export function formatAsOf(at: Date | string, language: Language, tz: string): string {
  const d = dayjs(at).tz(tz);
  return language === "ko" ? d.format("M월 D일 HH:mm") : d.format("MMM D, HH:mm");
}

const wallClocks = new Map<string, Intl.DateTimeFormat>();

/**
 * The local date and time of `at` in zone `tz`: `{ day: "2026-11-21", time: "14:03" }`. Every case
 * card shows a time like this; dayjs's timezone plugin formats through Intl each call and cost a
 * tenth of a millisecond per card, so the formatter is made once per zone.
 */
export function wallClock(at: Date | string, tz: string): { day: string; time: string } {
  let f = wallClocks.get(tz);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: tz,
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    wallClocks.set(tz, f);
  }
  const parts: Record<string, string> = {};
  for (const p of f.formatToParts(typeof at === "string" ? new Date(at) : at)) parts[p.type] = p.value;
  return { day: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` };
}

/** "14:03" in the team's time zone. */
export function formatClock(at: Date | string, tz: string): string {
  return dayjs(at).tz(tz).format("HH:mm");
}
