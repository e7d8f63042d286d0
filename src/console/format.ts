/** Times and numbers as people read them, in the team's time zone. */
import { dayjs } from "../core/time.js";
import type { UiLang } from "./i18n.js";

/** `14:03` today, `11-21 14:03` this year, `2025-11-21 14:03` before. */
export function formatWhen(at: string | Date, tz: string, now: Date = new Date()): string {
  const d = dayjs(at).tz(tz);
  const today = dayjs(now).tz(tz);
  if (d.format("YYYY-MM-DD") === today.format("YYYY-MM-DD")) return d.format("HH:mm");
  if (d.year() === today.year()) return d.format("MM-DD HH:mm");
  return d.format("YYYY-MM-DD HH:mm");
}

/** The full instant, for a `title`/`datetime` attribute: `2026-11-22 14:03:05 (Asia/Seoul)`. */
export function formatFull(at: string | Date, tz: string): string {
  return `${dayjs(at).tz(tz).format("YYYY-MM-DD HH:mm:ss")} (${tz})`;
}

export function percent(x: number, digits = 0): string {
  return `${(x * 100).toFixed(digits)}%`;
}

export function minutesAgo(at: string, now: Date): number {
  return Math.floor((now.getTime() - Date.parse(at)) / 60_000);
}

/** Shortens customer text for a table cell (by code points, so Hangul and emoji are not split). */
export function excerpt(text: string, max = 90): string {
  const chars = [...text.replace(/\s+/g, " ").trim()];
  return chars.length <= max ? chars.join("") : `${chars.slice(0, max - 1).join("")}…`;
}

export function localized(
  value: { ko: string; en: string } | undefined,
  lang: UiLang,
  fallback: string,
): string {
  return value?.[lang] ?? fallback;
}
