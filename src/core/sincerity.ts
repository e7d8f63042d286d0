/**
 * The concreteness lint. The seeds' critic (shared/seeds/003) found most replies were "sorry / we know /
 * we are checking": emotion from a messenger, not a decision. A sincere reply carries at least one
 * concrete element: who handles it (a department), where to call (a hotline), where to look (a link),
 * or how far things are as of when (a status with its time).
 */
import twitterText from "twitter-text";
import { templateTokens } from "./template.js";
import type { Department } from "./types.js";

const PHONE =
  /(?:^|[^\d])(?:0\d{1,2}-\d{3,4}-\d{4}|1[5-9]\d{2}-\d{4}|\+\d{1,3}[ -]?\d{1,4}[ -]\d{3,4}[ -]\d{4}|114)(?!\d)/;
const TIME = /\d{1,2}:\d{2}|\d{1,2}\s*시(?:\s*\d{1,2}\s*분)?|\d{1,2}\s*[ap]\.?m\b/i;

export type ConcreteElement = "hotline" | "link" | "department" | "time";

export const APOLOGY_ONLY_MESSAGE =
  "apology-only: no department, hotline, link or time-stamped status. Say what happens next, who does it, or where to look.";

export function concreteElements(text: string, departments: readonly Department[]): ConcreteElement[] {
  const found = new Set<ConcreteElement>();
  const lower = text.toLowerCase();
  if (PHONE.test(text) || departments.some((d) => text.includes(d.hotline))) found.add("hotline");
  if (twitterText.extractUrls(text).length > 0) found.add("link");
  if (departments.some((d) => text.includes(d.name.ko) || lower.includes(d.name.en.toLowerCase()))) {
    found.add("department");
  }
  if (TIME.test(text)) found.add("time");
  return [...found];
}

/** Whether a template can ever render without a concrete element. */
export function templateIsConcrete(template: string, departments: readonly Department[]): boolean {
  const names = new Set(templateTokens(template).map((t) => t.name));
  if (names.has("hotline") || names.has("noticeUrl") || names.has("department")) return true;
  if (names.has("status") && names.has("asOf")) return true;
  return concreteElements(template.replace(/\{[^{}]*\}/g, " "), departments).length > 0;
}
