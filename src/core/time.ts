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

/** "14:03" in the team's time zone. */
export function formatClock(at: Date | string, tz: string): string {
  return dayjs(at).tz(tz).format("HH:mm");
}
