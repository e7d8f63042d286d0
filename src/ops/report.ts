/**
 * The daily report for leadership (seed 004: the team emailed a "Twitter daily report" every evening):
 * what came in, what the team did with it, what is still waiting on a department, and what customers
 * suggested, for one local day in TIMEZONE.
 *
 * The figures describe the day "as of" the earlier of its end and now: cases created that day, and the
 * decisions, edits and replies made before that moment, so a report printed later for a past day says
 * what the report posted that evening said.
 */
import { type Case, mentionTime } from "../cases/types.js";
import type { Engine } from "../core/engine.js";
import type { SurgeRule } from "../core/types.js";
import type { ReportFigures } from "../store/case-figures.js";
import { renderChartSvg, renderMarkdown } from "./report-render.js";
import type { OpsSource } from "./source.js";
import { type DetectedSurge, type SurgeData, type SurgeRecord, surgesFromCases } from "./surge.js";
import { addDays, dayBounds, minutesBetween } from "./time.js";

export { renderChartSvg, renderMarkdown };

/** The intent whose cases are listed verbatim as the customers' suggestions. */
export const SUGGESTION_INTENT = "suggestion";
/** How far back open escalations are looked for. */
export const ESCALATION_LOOKBACK_DAYS = 30;
const TOP_TERMS = 5;

export interface IntentCount {
  intent: string;
  title: { ko: string; en: string };
  count: number;
  previousDay: number;
  /** count − previousDay */
  change: number;
  /** Average per day over the 7 days before. */
  weekAverage: number;
}

export interface Rate {
  count: number;
  /** count / the day's cases; 0 when there were none. */
  rate: number;
}

export interface OpenEscalation {
  caseId: string;
  intent: string;
  escalatedAt: string;
  waitedMinutes: number;
}

export interface DepartmentEscalations {
  department: string;
  name: { ko: string; en: string };
  open: number;
  longestWaitMinutes: number;
  cases: OpenEscalation[];
}

export interface SurgeSummary {
  intent: string;
  startedAt: string;
  endedAt?: string;
  peakCount: number;
  baseline: number;
  noticeUrl?: string;
  /** Found in the stored cases only: the monitor did not see it (e.g. taken in by `triage`). */
  fromCases?: boolean;
}

export interface DailyReport {
  date: string;
  timezone: string;
  /** The moment the figures describe: the end of the day, or now for today. */
  asOf: string;
  total: number;
  intents: IntentCount[];
  surges: SurgeSummary[];
  rates: { approved: Rate; edited: Rate; reclassified: Rate; dismissed: Rate; unknown: Rate; pending: Rate };
  /** Intake → approval, for cases approved that day. */
  approvalMinutes: { count: number; median: number | null; p90: number | null };
  escalations: DepartmentEscalations[];
  suggestions: Array<{ caseId: string; text: string; handle?: string; at: string }>;
  topTerms: Array<{ intent: string; terms: Array<{ term: string; count: number }> }>;
}

export interface ReportInput {
  date: string;
  timezone: string;
  now: Date;
  engine: Pick<Engine, "pack">;
  surges: SurgeData;
  suggestionIntent?: string;
}

/** Gathers the figures (aggregated by the database) and the surges, then assembles the report. */
export async function loadDailyReport(
  source: Pick<OpsSource, "reportFigures" | "readSurges">,
  options: Omit<ReportInput, "surges">,
): Promise<DailyReport> {
  const { date, timezone } = options;
  const { start, end } = dayBounds(date, timezone);
  const asOf = new Date(Math.min(end.getTime(), options.now.getTime()));
  const figures = await source.reportFigures({
    weekStart: dayBounds(addDays(date, -7), timezone).start,
    previousStart: dayBounds(addDays(date, -1), timezone).start,
    dayStart: start,
    asOf,
    escalatedSince: dayBounds(addDays(date, -Math.max(7, ESCALATION_LOOKBACK_DAYS)), timezone).start,
    fallbackIntent: options.engine.pack.settings.fallback_intent,
    suggestionIntent: options.suggestionIntent ?? SUGGESTION_INTENT,
  });
  const surges = await source.readSurges();
  return reportFromFigures(figures, { ...options, surges });
}

/**
 * The report from the database's figures. A mention belongs to the day it was posted (taken in later
 * by `triage` or not), and is counted under the intent it had at asOf: the few cases reclassified
 * after asOf come whole (`reclassifiedLater`) and are moved back here.
 */
export function reportFromFigures(figures: ReportFigures, input: ReportInput): DailyReport {
  const { date, timezone, engine } = input;
  const pack = engine.pack;
  const fallback = pack.settings.fallback_intent;
  const suggestionIntent = input.suggestionIntent ?? SUGGESTION_INTENT;
  const { start, end } = dayBounds(date, timezone);
  const asOf = new Date(Math.min(end.getTime(), input.now.getTime()));
  const asOfMs = asOf.getTime();
  const before = (at: string | undefined) => at !== undefined && Date.parse(at) < asOfMs;
  const inRange = (at: string, from: Date, to: Date) => {
    const t = Date.parse(at);
    return t >= from.getTime() && t < to.getTime();
  };
  const yesterday = dayBounds(addDays(date, -1), timezone);
  const weekStart = dayBounds(addDays(date, -7), timezone).start;
  const intentAt = (c: Case) => intentAsOf(c, asOfMs);

  // Cases per intent: the intent as it stood at asOf (after reclassifications made by then).
  const titles = new Map(pack.intents.map((i) => [i.id, i.title]));
  const counts = new Map<string, { count: number; previousDay: number; week: number }>();
  const row = (intent: string) => {
    const r = counts.get(intent) ?? { count: 0, previousDay: 0, week: 0 };
    counts.set(intent, r);
    return r;
  };
  for (const f of figures.intents) {
    const r = row(f.intent);
    r.count += f.count;
    r.previousDay += f.previousDay;
    r.week += f.week;
  }
  for (const c of figures.reclassifiedLater) {
    const then = intentAt(c);
    if (then === c.intent) continue;
    const posted = mentionTime(c);
    for (const key of ["count", "previousDay", "week"] as const) {
      const [from, to] =
        key === "count"
          ? [start, asOf]
          : key === "previousDay"
            ? [yesterday.start, yesterday.end]
            : [weekStart, start];
      if (!inRange(posted, from, to)) continue;
      row(c.intent)[key]--;
      row(then)[key]++;
    }
  }
  const intents: IntentCount[] = [...counts]
    .filter(([, r]) => r.count || r.previousDay || r.week)
    .map(([intent, r]) => ({
      intent,
      title: titles.get(intent) ?? { ko: intent, en: intent },
      count: r.count,
      previousDay: r.previousDay,
      change: r.count - r.previousDay,
      weekAverage: round1(r.week / 7),
    }))
    .sort((a, b) => b.count - a.count || b.weekAverage - a.weekAverage || a.intent.localeCompare(b.intent));

  const { day } = figures;
  const total = day.total;
  const rate = (n: number): Rate => ({ count: n, rate: total ? round3(n / total) : 0 });
  const rates = {
    approved: rate(day.approved),
    edited: rate(day.edited),
    reclassified: rate(day.reclassified),
    dismissed: rate(day.dismissed),
    unknown: rate(day.unknown),
    pending: rate(total - day.approved - day.dismissed),
  };

  const waits = figures.approvals.map((a) => minutesBetween(a.createdAt, a.approvedAt)).sort((a, b) => a - b);
  const approvalMinutes = {
    count: waits.length,
    median: waits.length ? round1(quantile(waits, 0.5)) : null,
    p90: waits.length ? round1(quantile(waits, 0.9)) : null,
  };

  const departments = new Map(pack.departments.map((d) => [d.id, d]));
  const byDepartment = new Map<string, OpenEscalation[]>();
  for (const c of figures.escalated) {
    const e = c.escalation;
    if (!e || !before(e.at)) continue;
    // Open: nobody from the department has answered by asOf and it was not resolved.
    if (e.replies.some((r) => before(r.at)) || before(e.resolvedAt)) continue;
    const list = byDepartment.get(e.department) ?? [];
    list.push({
      caseId: c.id,
      intent: intentAt(c),
      escalatedAt: e.at,
      waitedMinutes: Math.round(minutesBetween(e.at, asOf)),
    });
    byDepartment.set(e.department, list);
  }
  const escalations: DepartmentEscalations[] = [...byDepartment]
    .map(([department, list]) => {
      list.sort((a, b) => b.waitedMinutes - a.waitedMinutes);
      const d = departments.get(department);
      return {
        department,
        name: d ? { ...d.name } : { ko: department, en: department },
        open: list.length,
        longestWaitMinutes: list[0]?.waitedMinutes ?? 0,
        cases: list,
      };
    })
    .sort((a, b) => b.longestWaitMinutes - a.longestWaitMinutes);

  // The day's cases reclassified after asOf are not in the database's suggestions and terms.
  const laterToday = figures.reclassifiedLater.filter((c) => inRange(mentionTime(c), start, asOf));
  const suggestions = [...figures.suggestions, ...laterToday]
    .filter((c) => intentAt(c) === suggestionIntent)
    .sort((a, b) => a.createdAt.localeCompare(b.createdAt))
    .map((c) => ({
      caseId: c.id,
      text: c.mention.text,
      ...(c.mention.handle ? { handle: c.mention.handle } : {}),
      at: c.createdAt,
    }));

  const termCounts = new Map<string, Map<string, number>>();
  const addTerm = (intent: string, value: string, n: number) => {
    const term = value.replace(/ \(~.*\)$/, "");
    const m = termCounts.get(intent) ?? new Map<string, number>();
    m.set(term, (m.get(term) ?? 0) + n);
    termCounts.set(intent, m);
  };
  for (const t of figures.terms) addTerm(t.intent, t.value, t.count);
  for (const c of laterToday) {
    const intent = intentAt(c);
    for (const e of c.classification.evidence) {
      if (e.kind === "keyword" && e.intent === intent) addTerm(intent, e.value, 1);
    }
  }
  const topTerms = intents
    .filter((i) => termCounts.has(i.intent))
    .map((i) => ({
      intent: i.intent,
      terms: [...(termCounts.get(i.intent) as Map<string, number>)]
        .map(([term, count]) => ({ term, count }))
        .sort((a, b) => b.count - a.count || a.term.localeCompare(b.term))
        .slice(0, TOP_TERMS),
    }));

  const recorded = [...Object.values(input.surges.active), ...input.surges.ended]
    .filter(
      (s) => Date.parse(s.startedAt) <= asOfMs && (!s.endedAt || Date.parse(s.endedAt) >= start.getTime()),
    )
    .map(summarizeSurge);
  const rules = new Map<string, SurgeRule>(
    pack.intents.filter((i) => i.id !== fallback).map((i) => [i.id, i.surge]),
  );
  // Only the intent and time of each case (two columns, not the documents).
  const timed = figures.times.map((t) => ({
    intent: t.intent,
    createdAt: t.occurredAt,
    mention: { text: "" },
  }));
  const detected = surgesFromCases(timed, rules, start, asOf);
  const onlyInCases = detected.filter((d) => !recorded.some((r) => overlaps(r, d, asOfMs)));
  const surges = [...recorded, ...onlyInCases.map(detectedSummary)].sort((a, b) =>
    a.startedAt.localeCompare(b.startedAt),
  );

  return {
    date,
    timezone,
    asOf: asOf.toISOString(),
    total,
    intents,
    surges,
    rates,
    approvalMinutes,
    escalations,
    suggestions,
    topTerms,
  };
}

/** The same intent at overlapping times: the monitor's record (with its notice) stands for both. */
function overlaps(a: SurgeSummary, b: DetectedSurge, asOfMs: number): boolean {
  if (a.intent !== b.intent) return false;
  const end = (x: { endedAt?: string }) => (x.endedAt ? Date.parse(x.endedAt) : asOfMs);
  return Date.parse(a.startedAt) <= end(b) && Date.parse(b.startedAt) <= end(a);
}

function detectedSummary(d: DetectedSurge): SurgeSummary {
  return { ...d, fromCases: true };
}

function summarizeSurge(s: SurgeRecord): SurgeSummary {
  const out: SurgeSummary = {
    intent: s.intent,
    startedAt: s.startedAt,
    peakCount: s.peakCount,
    baseline: s.baseline,
  };
  if (s.endedAt) out.endedAt = s.endedAt;
  if (s.notice) out.noticeUrl = s.notice.url;
  return out;
}

/** The case's intent as of `asOfMs`: undo reclassifications made later. */
function intentAsOf(c: Case, asOfMs: number): string {
  let intent = c.intent;
  for (const e of [...c.events].reverse()) {
    if (e.type !== "reclassified" || Date.parse(e.at) < asOfMs) continue;
    const previous = (e.before as { intent?: unknown } | undefined)?.intent;
    if (typeof previous === "string") intent = previous;
  }
  return intent;
}

/** Linear interpolation between closest ranks (numpy's default); `sorted` ascending, non-empty. */
export function quantile(sorted: number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] as number;
  const b = sorted[hi] as number;
  return a + (b - a) * (pos - lo);
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
