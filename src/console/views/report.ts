/**
 * The daily report as a page: the same figures as `sincerely report --date` and the Slack post, with
 * the bar chart (served as /report/chart.svg, so the CSP needs no inline markup) and the Markdown to
 * download. Customer text (the suggestions) goes through `html` like everywhere else.
 */
import type { DailyReport, Rate } from "../../ops/report.js";
import { formatMinutes } from "../../ops/report-render.js";
import { formatFull, formatWhen, percent } from "../format.js";
import { html, type SafeHtml, safeHref } from "../html.js";
import { caseHref, time, type ViewContext } from "./common.js";
import { layout } from "./layout.js";

export interface ReportView {
  report: DailyReport;
  /** Today's date in TIMEZONE (no "next day" past it). */
  today: string;
  previous: string;
  next: string;
}

const query = (date: string) => `?date=${encodeURIComponent(date)}`;

export function reportPage(ctx: ViewContext, view: ReportView): SafeHtml {
  const { t } = ctx;
  const r = view.report;
  const w = t.report;
  const title = (intent: string, fallback?: { ko: string; en: string }) =>
    ctx.engine.pack.intents.find((i) => i.id === intent)?.title[ctx.lang] ?? fallback?.[ctx.lang] ?? intent;
  const isToday = r.date === view.today;
  const asOf = isToday ? w.asOf(formatWhen(r.asOf, r.timezone, ctx.now)) : w.wholeDay;
  const a = r.approvalMinutes;

  const nav = html`<nav class="report-nav" aria-label="${w.date}">
  <a class="button" href="/report${query(view.previous)}" rel="prev" data-prev>${w.prev}</a>
  <form method="get" action="/report" class="inline">
    <label for="report-date">${w.date}</label>
    <input type="date" id="report-date" name="date" value="${r.date}" max="${view.today}" required>
    <button type="submit" class="button">${w.show}</button>
  </form>
  ${view.next <= view.today ? html`<a class="button" href="/report${query(view.next)}" rel="next" data-next>${w.next}</a>` : ""}
  ${isToday ? "" : html`<a class="button" href="/report">${w.today}</a>`}
  <a class="button primary" href="/report.md${query(r.date)}" download="sincerely-report-${r.date}.md" data-download>${w.download}</a>
</nav>`;

  const figures = html`<div class="figures">
  <div class="figure"><span class="figure-value" data-total>${r.total}</span><span class="figure-label">${w.total}</span></div>
  <div class="figure"><span class="figure-value">${percent(r.rates.approved.rate, 1)}</span><span class="figure-label">${w.approvedRate}</span></div>
  <div class="figure"><span class="figure-value">${percent(r.rates.unknown.rate, 1)}</span><span class="figure-label">${w.unknownRate}</span></div>
  <div class="figure"><span class="figure-value">${a.median === null ? "—" : formatMinutes(a.median)}</span><span class="figure-label">${w.medianApproval}</span></div>
</div>`;

  const intents = r.intents.length
    ? html`<table class="report-intents">
  <thead><tr><th scope="col">${t.columns.intent}</th><th scope="col" class="num">${w.count}</th><th scope="col" class="num">${w.change}</th><th scope="col" class="num">${w.previousDay}</th><th scope="col" class="num">${w.weekAverage}</th></tr></thead>
  <tbody>${r.intents.map(
    (i) => html`<tr data-intent-row="${i.intent}">
  <th scope="row">${title(i.intent, i.title)} <span class="muted small">${i.intent}</span></th>
  <td class="num" data-count>${i.count}</td>
  <td class="num ${i.change > 0 ? "up" : i.change < 0 ? "down" : ""}" data-change>${signed(i.change)}</td>
  <td class="num">${i.previousDay}</td>
  <td class="num">${i.weekAverage}</td>
</tr>`,
  )}</tbody>
</table>`
    : html`<p class="empty-state">${w.noCases}</p>`;

  const surges = r.surges.length
    ? html`<ul class="report-list" data-report-surges>${r.surges.map(
        (s) =>
          html`<li><strong>${title(s.intent)}</strong>: ${
            s.endedAt
              ? w.surgeSpan(formatFull(s.startedAt, r.timezone), formatFull(s.endedAt, r.timezone))
              : w.surgeOngoing(formatFull(s.startedAt, r.timezone))
          } · ${w.peak} ${s.peakCount} · ${w.usual} ${s.baseline} · ${
            s.noticeUrl
              ? html`${w.notice} <a href="${safeHref(s.noticeUrl)}" rel="noopener noreferrer" target="_blank">${s.noticeUrl}</a>`
              : html`<span class="muted">${s.fromCases ? w.fromCases : w.noNotice}</span>`
          }</li>`,
      )}</ul>`
    : html`<p class="muted">${w.noSurges}</p>`;

  const rate = (label: string, x: Rate, key: string) =>
    html`<tr data-rate="${key}"><th scope="row">${label}</th><td class="num" data-rate-count>${x.count}</td><td class="num">${percent(x.rate, 1)}</td></tr>`;
  const rates = html`<table class="report-rates">
  <tbody>
    ${rate(w.approved, r.rates.approved, "approved")}
    ${rate(w.edited, r.rates.edited, "edited")}
    ${rate(w.reclassified, r.rates.reclassified, "reclassified")}
    ${rate(w.dismissed, r.rates.dismissed, "dismissed")}
    ${rate(w.pending, r.rates.pending, "pending")}
    ${rate(w.unknown, r.rates.unknown, "unknown")}
  </tbody>
</table>
<h3>${w.approvalTime}</h3>
${
  a.count && a.median !== null && a.p90 !== null
    ? html`<dl class="facts" data-approval-time>
  <dt>${w.median}</dt><dd>${formatMinutes(a.median)}</dd>
  <dt>${w.p90}</dt><dd>${formatMinutes(a.p90)}</dd>
  <dt></dt><dd class="muted">${w.approvals(a.count)}</dd>
</dl>`
    : html`<p class="muted" data-approval-time>${w.noApprovals}</p>`
}`;

  const escalations = r.escalations.length
    ? html`<table class="report-escalations">
  <thead><tr><th scope="col">${t.intents.department}</th><th scope="col" class="num">${w.waiting}</th><th scope="col" class="num">${w.longestWait}</th><th scope="col">${w.cases}</th></tr></thead>
  <tbody>${r.escalations.map(
    (d) => html`<tr data-department="${d.department}">
  <th scope="row">${d.name[ctx.lang]}</th>
  <td class="num">${d.open}</td>
  <td class="num nowrap">${formatMinutes(d.longestWaitMinutes)}</td>
  <td>${d.cases.slice(0, 8).map((c) => html`<a href="${caseHref({ id: c.caseId })}"><code>${c.caseId}</code></a> `)}${d.cases.length > 8 ? "…" : ""}</td>
</tr>`,
  )}</tbody>
</table>`
    : html`<p class="muted">${w.noEscalations}</p>`;

  const suggestions = r.suggestions.length
    ? html`<ul class="suggestions" data-suggestions>${r.suggestions.map(
        (s) => html`<li>
  <blockquote class="customer-text" data-suggestion>${s.text}</blockquote>
  <p class="muted small">${s.handle ? html`<span class="handle">@${s.handle}</span> · ` : ""}${time(ctx, s.at)} · <a href="${caseHref({ id: s.caseId })}">${s.caseId}</a></p>
</li>`,
      )}</ul>`
    : html`<p class="muted">${w.noSuggestions}</p>`;

  const terms = r.topTerms.length
    ? html`<dl class="facts terms">${r.topTerms.map(
        (x) =>
          html`<dt>${title(x.intent)}</dt><dd>${x.terms.map((term) => html`<span class="tag">${term.term} <span class="muted">${term.count}</span></span> `)}</dd>`,
      )}</dl>`
    : html`<p class="muted">${w.noTerms}</p>`;

  return layout(ctx, {
    title: `${w.title} ${r.date}`,
    active: "report",
    body: html`<section class="box" data-report="${r.date}">
  <div class="box-head">
    <div><h1>${w.title} <span class="muted">${r.date}</span></h1><p class="muted">${w.intro} <span class="small">(${asOf}, ${r.timezone})</span></p></div>
  </div>
  ${nav}
  ${figures}
  <figure class="chart">
    <img src="/report/chart.svg${query(r.date)}" alt="${w.chartAlt(r.date)}" width="720" data-chart>
  </figure>
</section>
<div class="report-grid">
  <section class="box"><h2>${w.perIntent}</h2>${intents}</section>
  <section class="box"><h2>${w.rates}</h2>${rates}</section>
  <section class="box"><h2>${w.surges}</h2>${surges}</section>
  <section class="box"><h2>${w.escalations}</h2>${escalations}</section>
</div>
<section class="box"><h2>${w.suggestions}</h2>${suggestions}</section>
<section class="box"><h2>${w.topTerms}</h2>${terms}</section>`,
  });
}

function signed(n: number): string {
  return n > 0 ? `+${n}` : String(n);
}
