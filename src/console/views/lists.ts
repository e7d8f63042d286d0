/** The paste page, the queue of pending cases, and the history of decided ones. */
import type { Case } from "../../cases/types.js";
import { excerpt, percent } from "../format.js";
import { html, type SafeHtml } from "../html.js";
import {
  actorName,
  caseHref,
  csrfField,
  departmentName,
  handleOf,
  intentOptions,
  intentTitle,
  stateBadge,
  time,
  type ViewContext,
} from "./common.js";
import { layout } from "./layout.js";

export function homePage(ctx: ViewContext, view: { recent: Case[]; nonce: string }): SafeHtml {
  const { t } = ctx;
  const flash = ctx.flash;
  const text = flash?.form === "paste" ? (flash.text ?? "") : "";
  return layout(ctx, {
    title: t.nav.paste,
    active: "paste",
    body: html`<section class="box paste" aria-labelledby="paste-h">
  <h1 id="paste-h">${t.paste.title}</h1>
  <form method="post" action="/cases" data-paste>${csrfField(ctx)}
    <input type="hidden" name="nonce" value="${view.nonce}">
    <label for="paste-text" class="label">${t.paste.label}</label>
    <textarea id="paste-text" name="text" rows="5" maxlength="10000" required autofocus placeholder="${t.paste.placeholder}">${text}</textarea>
    <div class="form-foot">
      <span class="muted small">${t.paste.hint}</span>
      <span class="actions-inline"><kbd>Ctrl</kbd>+<kbd>Enter</kbd> <button type="submit" class="button primary">${t.paste.submit}</button></span>
    </div>
  </form>
</section>
<section class="box" aria-labelledby="recent-h">
  <div class="box-head"><h2 id="recent-h">${t.paste.recent}</h2><a href="/queue">${t.paste.seeQueue} →</a></div>
  ${view.recent.length ? caseTable(ctx, view.recent, "queue") : html`<p class="muted">${t.queue.empty}</p>`}
</section>`,
  });
}

export function queuePage(ctx: ViewContext, view: { cases: Case[]; intent?: string }): SafeHtml {
  const { t } = ctx;
  return layout(ctx, {
    title: t.queue.title,
    active: "queue",
    body: html`<section class="box">
  <div class="box-head">
    <div><h1>${t.queue.title} <span class="muted">${t.queue.count(view.cases.length)}</span></h1><p class="muted">${t.queue.intro}</p></div>
    <form method="get" action="/queue" class="inline filter" data-autosubmit>
      <label for="queue-intent">${t.queue.filter}</label>
      <select id="queue-intent" name="intent">
        <option value="">${t.queue.all}</option>
        ${intentOptions(ctx, view.intent)}
      </select>
      <button type="submit" class="button" data-autosubmit-button>${t.queue.apply}</button>
    </form>
  </div>
  ${view.cases.length ? caseTable(ctx, view.cases, "queue") : html`<p class="muted empty-state">${t.queue.empty}</p>`}
</section>`,
  });
}

function caseTable(ctx: ViewContext, cases: Case[], kind: "queue"): SafeHtml {
  const { t } = ctx;
  const rows = cases.map(
    (c) => html`<tr data-case-id="${c.id}">
  <td class="nowrap">${time(ctx, c.createdAt)}</td>
  <td class="nowrap handle">${handleOf(c)}</td>
  <td class="mention-cell"><a href="${caseHref(c)}">${excerpt(c.mention.text)}</a></td>
  <td><span class="tag" data-intent="${c.intent}">${intentTitle(ctx, c.intent)}</span>${
    c.escalation
      ? html` <span class="badge waiting" title="${departmentName(ctx, c.escalation.department)}">${t.escalation.waitingOn(departmentName(ctx, c.escalation.department))}</span>`
      : ""
  }</td>
  <td class="num">${percent(c.classification.confidence)}</td>
</tr>`,
  );
  return html`<table class="cases ${kind}">
<thead><tr><th scope="col">${t.columns.received}</th><th scope="col">${t.columns.customer}</th><th scope="col">${t.columns.mention}</th><th scope="col">${t.columns.intent}</th><th scope="col" class="num">${t.columns.confidence}</th></tr></thead>
<tbody>${rows}</tbody>
</table>`;
}

/** When a decided case was decided (approval or dismissal time). */
export function decidedAt(c: Case): string {
  return c.approved?.at ?? c.dismissed?.at ?? c.createdAt;
}

export function historyPage(
  ctx: ViewContext,
  view: { cases: Case[]; state?: "approved" | "dismissed" },
): SafeHtml {
  const { t } = ctx;
  const tabs = (
    [
      [undefined, t.history.all],
      ["approved", t.states.approved],
      ["dismissed", t.states.dismissed],
    ] as const
  ).map(
    ([state, label]) =>
      html`<a href="${state ? `/history?state=${state}` : "/history"}"${view.state === state ? html` aria-current="true"` : ""}>${label}</a>`,
  );
  const rows = view.cases.map((c) => {
    const decision = c.approved ?? c.dismissed;
    const what = c.approved
      ? c.approved.text
      : c.dismissed
        ? `${t.reasons[c.dismissed.reason] ?? c.dismissed.reason}${c.dismissed.note ? ` — ${c.dismissed.note}` : ""}`
        : "";
    return html`<tr data-case-id="${c.id}" data-state="${c.state}">
  <td>${stateBadge(ctx, c)}</td>
  <td class="nowrap handle">${handleOf(c)}</td>
  <td class="mention-cell"><a href="${caseHref(c)}">${excerpt(c.mention.text, 60)}</a></td>
  <td><span class="tag">${intentTitle(ctx, c.intent)}</span></td>
  <td class="what">${excerpt(what, 80)}</td>
  <td class="nowrap" data-by>${decision ? actorName(decision.by) : ""}</td>
  <td class="nowrap">${time(ctx, decidedAt(c))}</td>
</tr>`;
  });
  return layout(ctx, {
    title: t.history.title,
    active: "history",
    body: html`<section class="box">
  <div class="box-head">
    <div><h1>${t.history.title}</h1><p class="muted">${t.history.intro}</p></div>
    <nav class="tabs" aria-label="${t.history.decision}">${tabs}</nav>
  </div>
  ${
    view.cases.length
      ? html`<table class="cases history">
<thead><tr><th scope="col">${t.history.decision}</th><th scope="col">${t.columns.customer}</th><th scope="col">${t.columns.mention}</th><th scope="col">${t.columns.intent}</th><th scope="col">${t.history.what}</th><th scope="col">${t.history.by}</th><th scope="col">${t.history.at}</th></tr></thead>
<tbody>${rows}</tbody>
</table>`
      : html`<p class="muted empty-state">${t.history.empty}</p>`
  }
</section>`,
  });
}
