/**
 * The daily report as Markdown (lists, no tables, so it reads the same in a terminal, in Slack's
 * markdown block and in the console) and as a hand-built SVG bar chart of the day's intents.
 */
import { formatClock } from "../core/time.js";
import type { DailyReport } from "./report.js";
import { localDate } from "./time.js";

/** Customer text and labels go through this: safe in Markdown, Slack mrkdwn and HTML alike. */
export function escapeText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function escapeXml(text: string): string {
  return escapeText(text).replace(/"/g, "&quot;").replace(/'/g, "&apos;");
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

/** `45 min`, `2 h 10 min`, `3 d 4 h`. */
export function formatMinutes(minutes: number): string {
  const m = Math.round(minutes);
  if (m < 60) return `${m} min`;
  if (m < 24 * 60) return m % 60 ? `${Math.floor(m / 60)} h ${m % 60} min` : `${m / 60} h`;
  const hours = Math.floor(m / 60);
  return hours % 24 ? `${Math.floor(hours / 24)} d ${hours % 24} h` : `${hours / 24} d`;
}

const title = (t: { ko: string; en: string }, id: string) =>
  t.en === t.ko ? escapeText(t.en || id) : `${escapeText(t.en)} (${escapeText(t.ko)})`;

export function renderMarkdown(report: DailyReport): string {
  const tz = report.timezone;
  const clock = (at: string) => formatClock(at, tz);
  const titles = new Map(report.intents.map((i) => [i.intent, i.title]));
  const name = (intent: string) => title(titles.get(intent) ?? { ko: intent, en: intent }, intent);
  const out: string[] = [];
  out.push(`# Daily report — ${report.date}`);
  out.push("");
  const when =
    localDate(new Date(report.asOf), tz) === report.date
      ? `as of ${clock(report.asOf)}`
      : "for the whole day";
  out.push(`${report.total} case${report.total === 1 ? "" : "s"}, ${when} (${escapeText(tz)}).`);

  out.push("", "## Cases per intent", "");
  const shown = report.intents.filter((i) => i.count > 0 || i.previousDay > 0);
  if (shown.length === 0) out.push("No cases.");
  for (const i of shown) {
    out.push(
      `- **${title(i.title, i.intent)}**: ${i.count} (${signed(i.change)} vs. the day before; 7-day average ${i.weekAverage})`,
    );
  }

  out.push("", "## Surges", "");
  if (report.surges.length === 0) out.push("None.");
  for (const s of report.surges) {
    const span = s.endedAt
      ? `${clock(s.startedAt)}–${clock(s.endedAt)}`
      : `since ${clock(s.startedAt)}, still on`;
    const notice = s.noticeUrl
      ? `; notice ${escapeText(s.noticeUrl)}`
      : s.fromCases
        ? "; found in the stored cases (the live monitor did not see it, e.g. taken in by triage)"
        : "; no notice approved";
    out.push(
      `- **${name(s.intent)}**: ${span}, peak ${s.peakCount} per window (usually ${s.baseline})${notice}`,
    );
  }

  const r = report.rates;
  out.push("", "## What the team did", "");
  out.push(`- Approved: ${r.approved.count} (${pct(r.approved.rate)})`);
  out.push(`- Edited before approval: ${r.edited.count} (${pct(r.edited.rate)})`);
  out.push(`- Reclassified: ${r.reclassified.count} (${pct(r.reclassified.rate)})`);
  out.push(`- Dismissed: ${r.dismissed.count} (${pct(r.dismissed.rate)})`);
  out.push(`- Still pending: ${r.pending.count} (${pct(r.pending.rate)})`);
  out.push(`- Unknown at intake: ${r.unknown.count} (${pct(r.unknown.rate)})`);
  const a = report.approvalMinutes;
  out.push(
    a.count && a.median !== null && a.p90 !== null
      ? `- Intake to approval: median ${formatMinutes(a.median)}, 90th percentile ${formatMinutes(a.p90)} (${a.count} approval${a.count === 1 ? "" : "s"})`
      : "- Intake to approval: no approvals",
  );

  out.push("", "## Open escalations", "");
  if (report.escalations.length === 0) out.push("None waiting.");
  for (const d of report.escalations) {
    out.push(
      `- **${title(d.name, d.department)}**: ${d.open} waiting, longest ${formatMinutes(d.longestWaitMinutes)} (${d.cases
        .slice(0, 5)
        .map((c) => c.caseId)
        .join(", ")}${d.cases.length > 5 ? ", …" : ""})`,
    );
  }

  out.push("", "## Customers' suggestions", "");
  if (report.suggestions.length === 0) out.push("None today.");
  for (const s of report.suggestions) {
    const who = s.handle ? `@${escapeText(s.handle)}, ` : "";
    out.push(`> ${escapeText(s.text).replace(/\s*\n\s*/g, " ")}`, `> — ${who}${clock(s.at)}`, "");
  }
  if (report.suggestions.length) out.pop();

  out.push("", "## Top evidence terms", "");
  if (report.topTerms.length === 0) out.push("None.");
  for (const t of report.topTerms) {
    out.push(
      `- **${name(t.intent)}**: ${t.terms.map((x) => `${escapeText(x.term)} (${x.count})`).join(", ")}`,
    );
  }
  return `${out.join("\n")}\n`;
}

const CHART_WORDS = {
  en: { title: "Cases per intent", today: "today", average: "7-day average", none: "No cases." },
  ko: { title: "유형별 건수", today: "오늘", average: "7일 평균", none: "접수 없음" },
} as const;

/**
 * A horizontal bar chart of the day's cases per intent, with the 7-day average as a tick on each bar.
 * Plain SVG 1.1, no scripts, every label escaped. Labels are the intents' titles in `language`.
 */
export function renderChartSvg(report: DailyReport, options: { language?: "ko" | "en" } = {}): string {
  const language = options.language ?? "en";
  const words = CHART_WORDS[language];
  const rows = report.intents.filter((i) => i.count > 0 || i.weekAverage > 0);
  const width = 720;
  const labelWidth = 230;
  const barMax = width - labelWidth - 70;
  const rowHeight = 30;
  const top = 56;
  const height = top + Math.max(rows.length, 1) * rowHeight + 36;
  const max = Math.max(1, ...rows.map((r) => Math.max(r.count, r.weekAverage)));
  const scale = (n: number) => (n / max) * barMax;
  const font = `font-family="'Apple SD Gothic Neo','Noto Sans KR','Malgun Gothic',sans-serif"`;
  const heading = `${words.title} — ${report.date}`;
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-labelledby="chart-title">`,
    `<title id="chart-title">${escapeXml(heading)}</title>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="16" y="28" ${font} font-size="18" font-weight="bold" fill="#1d1c1d">${escapeXml(`${heading} (${report.total})`)}</text>`,
  ];
  if (rows.length === 0) {
    parts.push(
      `<text x="16" y="${top + 18}" ${font} font-size="14" fill="#616061">${escapeXml(words.none)}</text>`,
    );
  }
  rows.forEach((r, i) => {
    const y = top + i * rowHeight;
    const label = r.title[language] || r.intent;
    const w = scale(r.count);
    parts.push(
      `<g>`,
      `<title>${escapeXml(`${label}: ${r.count} (${words.average} ${r.weekAverage})`)}</title>`,
      `<text x="${labelWidth - 10}" y="${y + 19}" ${font} font-size="13" text-anchor="end" fill="#1d1c1d">${escapeXml(truncate(label, 30))}</text>`,
      `<rect x="${labelWidth}" y="${y + 5}" width="${w.toFixed(1)}" height="${rowHeight - 10}" rx="3" fill="#2f6fb0"/>`,
    );
    if (r.weekAverage > 0) {
      const avgX = (labelWidth + scale(r.weekAverage)).toFixed(1);
      parts.push(
        `<line x1="${avgX}" x2="${avgX}" y1="${y + 2}" y2="${y + rowHeight - 2}" stroke="#e8912d" stroke-width="2"/>`,
      );
    }
    parts.push(
      `<text x="${(labelWidth + w + 6).toFixed(1)}" y="${y + 19}" ${font} font-size="13" fill="#1d1c1d">${r.count}</text>`,
      `</g>`,
    );
  });
  const legendY = height - 14;
  parts.push(
    `<rect x="${labelWidth}" y="${legendY - 10}" width="12" height="10" fill="#2f6fb0"/>`,
    `<text x="${labelWidth + 18}" y="${legendY}" ${font} font-size="12" fill="#616061">${escapeXml(words.today)}</text>`,
    `<line x1="${labelWidth + 80}" x2="${labelWidth + 80}" y1="${legendY - 11}" y2="${legendY + 1}" stroke="#e8912d" stroke-width="2"/>`,
    `<text x="${labelWidth + 88}" y="${legendY}" ${font} font-size="12" fill="#616061">${escapeXml(words.average)}</text>`,
    `</svg>`,
  );
  return `${parts.join("\n")}\n`;
}

function truncate(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join("")}…`;
}
