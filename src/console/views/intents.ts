/** The loaded pack, read-only: validate problems, cross-validation figures, intents and departments. */
import type { Evaluation } from "../../core/evaluate.js";
import { formatProblem, type Problem } from "../../core/problems.js";
import { percent } from "../format.js";
import { html, type SafeHtml } from "../html.js";
import { csrfField, departmentName, time, type ViewContext } from "./common.js";
import { layout } from "./layout.js";

export interface IntentsView {
  loadedAt: Date;
  problems: Problem[];
  evaluation: Evaluation;
  folds: number;
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
</section>
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
    <dt>${t.intents.threshold}</dt><dd>${pack.settings.threshold}</dd>
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

function evaluationBox(ctx: ViewContext, view: IntentsView): SafeHtml {
  const { t } = ctx;
  const e = view.evaluation;
  const labels = e.labels.filter(
    (l) => Object.values(e.confusion[l] ?? {}).some((n) => n > 0) || e.perIntent.some((m) => m.intent === l),
  );
  return html`<section class="box" data-cv>
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
