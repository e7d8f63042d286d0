/**
 * The loaded pack, read-only: validate problems (also those of a live reload that failed),
 * per-intent precision from staff corrections, cross-validation figures (computed in the
 * background), intents and departments.
 */
import type { Evaluation } from "../../core/evaluate.js";
import { formatProblem, type Problem } from "../../core/problems.js";
import type { IntentPrecision } from "../../ops/precision.js";
import type { CvState } from "../cross-validation.js";
import { percent } from "../format.js";
import { html, type SafeHtml } from "../html.js";
import { csrfField, departmentName, intentTitle, time, type ViewContext } from "./common.js";
import { layout } from "./layout.js";

export interface IntentsView {
  loadedAt: Date;
  problems: Problem[];
  cv: CvState;
  folds: number;
  precision: IntentPrecision[];
  precisionDays: number;
}

export function intentsPage(ctx: ViewContext, view: IntentsView): SafeHtml {
  const { t } = ctx;
  const pack = ctx.engine.pack;
  return layout(ctx, {
    title: t.intents.title,
    active: "intents",
    body: html`<section class="box">
  <div class="box-head">
    <div><h1>${t.intents.title}</h1><p class="muted">${t.intents.intro}</p></div>
    <form method="post" action="/intents/reload" class="inline">${csrfField(ctx)}
      <span class="muted small">${t.intents.loadedAt} ${time(ctx, view.loadedAt.toISOString())}</span>
      <button type="submit" class="button" data-action="reload">${t.intents.reload}</button>
    </form>
  </div>
  <h2>${t.intents.validate}</h2>
  ${problemList(ctx, view.problems)}
  <p class="muted small">${t.intents.liveProblems}</p>
</section>
${precisionBox(ctx, view)}
${evaluationBox(ctx, view)}
<section class="box">
  <h2>${t.intents.title} <span class="muted">${pack.intents.length}</span></h2>
  <table class="intents-table">
    <thead><tr><th scope="col">${t.intents.id}</th><th scope="col">${t.intents.name}</th><th scope="col">${t.intents.department}</th><th scope="col">${t.intents.urgency}</th><th scope="col" class="num">${t.intents.keywords}</th><th scope="col" class="num">${t.intents.examples}</th><th scope="col" class="num">${t.intents.tests}</th></tr></thead>
    <tbody>${pack.intents.map(
      (i) => html`<tr data-intent="${i.id}">
  <td><code>${i.id}</code></td>
  <td>${i.title[ctx.lang]}
    <details class="mini"><summary>${t.intents.details}</summary>
      <p class="small">${i.description}</p>
      <p class="small"><strong>${t.intents.keywords}:</strong> ${i.keywords.map((k) => html`<span class="tag">${k.term} <span class="muted">${k.weight}</span></span> `)}</p>
      <p class="small"><strong>${t.intents.examples}:</strong></p>
      <ul class="small">${i.examples.slice(0, 8).map((e) => html`<li>${e}</li>`)}</ul>
    </details>
  </td>
  <td>${departmentName(ctx, i.department)}</td>
  <td>${t.urgency[i.urgency] ?? i.urgency}</td>
  <td class="num">${i.keywords.length}</td>
  <td class="num">${i.examples.length}</td>
  <td class="num">${pack.tests.get(i.id)?.length ?? 0}</td>
</tr>`,
    )}</tbody>
  </table>
</section>
<section class="box">
  <h2>${t.intents.departments}</h2>
  <table>
    <thead><tr><th scope="col">${t.intents.id}</th><th scope="col">${t.intents.name}</th><th scope="col">${t.card.hotline}</th><th scope="col">${t.card.hours}</th></tr></thead>
    <tbody>${pack.departments.map(
      (d) =>
        html`<tr><td><code>${d.id}</code></td><td>${d.name[ctx.lang]}</td><td class="nowrap">${d.hotline}</td><td>${d.hours[ctx.lang]}</td></tr>`,
    )}</tbody>
  </table>
  <h2>${t.intents.settings}</h2>
  <dl class="facts">
    <dt>${t.intents.threshold}</dt><dd>${ctx.engine.threshold}${pack.settings.threshold === undefined ? " (cross-validated)" : ""}</dd>
    <dt>${t.intents.ambiguity}</dt><dd>${pack.settings.ambiguity_threshold}</dd>
    <dt>${t.intents.statusMaxAge}</dt><dd>${pack.settings.status_max_age_minutes}</dd>
  </dl>
</section>`,
  });
}

function problemList(ctx: ViewContext, problems: Problem[]): SafeHtml {
  if (problems.length === 0)
    return html`<p class="ok-text" data-problems="0">✓ ${ctx.t.intents.noProblems}</p>`;
  return html`<ul class="problems" data-problems="${problems.length}">${problems.map(
    (p) => html`<li class="${p.severity}"><code>${formatProblem(p)}</code></li>`,
  )}</ul>`;
}

function precisionBox(ctx: ViewContext, view: IntentsView): SafeHtml {
  const { t } = ctx;
  const fallback = ctx.engine.pack.settings.fallback_intent;
  const rows = view.precision.filter((p) => p.intent !== fallback || p.decided > 0);
  return html`<section class="box" data-staff-precision>
  <h2>${t.intents.staffPrecision(view.precisionDays)}</h2>
  <p class="muted small">${t.intents.staffPrecisionIntro}</p>
  <table class="metrics">
    <thead><tr><th scope="col">${t.columns.intent}</th><th scope="col" class="num">${t.intents.decided}</th><th scope="col" class="num">${t.intents.kept}</th><th scope="col" class="num">${t.intents.staffPrecisionValue}</th></tr></thead>
    <tbody>${rows.map(
      (p) =>
        html`<tr data-precision-intent="${p.intent}"><td>${intentTitle(ctx, p.intent)} <span class="muted small">${p.intent}</span></td><td class="num" data-decided>${p.decided}</td><td class="num" data-kept>${p.kept}</td><td class="num${p.precision !== null && p.precision < 0.7 ? " warn-text" : ""}" data-precision>${p.precision === null ? html`<span class="muted">—</span>` : percent(p.precision, 1)}</td></tr>`,
    )}</tbody>
  </table>
</section>`;
}

function evaluationBox(ctx: ViewContext, view: IntentsView): SafeHtml {
  const { t } = ctx;
  const state = view.cv;
  if (state.status === "computing") {
    return html`<section class="box" data-cv="computing">
  <h2>${t.intents.cv(view.folds)}</h2>
  <p class="note" role="status" data-cv-computing>${t.intents.cvComputing} <a href="/intents">${t.intents.cvRefresh}</a></p>
</section>`;
  }
  if (state.status === "failed") {
    return html`<section class="box" data-cv="failed">
  <h2>${t.intents.cv(view.folds)}</h2>
  <div class="note warn" role="alert" data-cv-error><strong>${t.intents.cvFailed}</strong><pre class="small">${state.error}</pre></div>
  <p><a class="button" href="/intents?cv=retry">${t.intents.cvRetry}</a></p>
</section>`;
  }
  return evaluationFigures(ctx, view, state.evaluation);
}

function evaluationFigures(ctx: ViewContext, view: IntentsView, e: Evaluation): SafeHtml {
  const { t } = ctx;
  const labels = e.labels.filter(
    (l) => Object.values(e.confusion[l] ?? {}).some((n) => n > 0) || e.perIntent.some((m) => m.intent === l),
  );
  return html`<section class="box" data-cv="done">
  <h2>${t.intents.cv(view.folds)}</h2>
  <div class="figures">
    <div class="figure"><span class="figure-value" data-accuracy>${percent(e.accuracy, 1)}</span><span class="figure-label">${t.intents.accuracy}</span></div>
    <div class="figure"><span class="figure-value">${percent(e.macroF1, 1)}</span><span class="figure-label">${t.intents.macroF1}</span></div>
    <div class="figure"><span class="figure-value">${e.total}</span><span class="figure-label">${t.intents.cvTotal}</span></div>
  </div>
  <table class="metrics">
    <thead><tr><th scope="col">${t.intents.id}</th><th scope="col" class="num">${t.intents.precision}</th><th scope="col" class="num">${t.intents.recall}</th><th scope="col" class="num">${t.intents.f1}</th><th scope="col" class="num">${t.intents.support}</th></tr></thead>
    <tbody>${e.perIntent.map(
      (m) =>
        html`<tr><td><code>${m.intent}</code></td><td class="num">${percent(m.precision, 1)}</td><td class="num">${percent(m.recall, 1)}</td><td class="num${m.f1 < 0.7 ? " warn-text" : ""}">${percent(m.f1, 1)}</td><td class="num">${m.support}</td></tr>`,
    )}</tbody>
  </table>
  <details class="mini"><summary>${t.intents.confusion}</summary>
    <div class="scroll">
      <table class="confusion">
        <thead><tr><th></th>${labels.map((l) => html`<th scope="col" title="${l}">${l.slice(0, 6)}</th>`)}</tr></thead>
        <tbody>${labels.map(
          (row) =>
            html`<tr><th scope="row">${row}</th>${labels.map((col) => {
              const n = e.confusion[row]?.[col] ?? 0;
              return html`<td class="num${n && row === col ? " hit" : n ? " miss" : ""}">${n || "·"}</td>`;
            })}</tr>`,
        )}</tbody>
      </table>
    </div>
  </details>
</section>`;
}
