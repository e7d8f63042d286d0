/** The paste page, the queue of pending cases, and the history of decided ones. */
import { type Actor, type Case, DISMISS_REASONS } from "../../cases/types.js";
import { excerpt, percent } from "../format.js";
import { html, type SafeHtml } from "../html.js";
import { dueAt, type QueueFilter, slaMinutes } from "../queue-query.js";
import {
  actorName,
  caseHref,
  claimBadge,
  csrfField,
  departmentName,
  duration,
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

export interface QueueView {
  cases: Case[];
  total: number;
  /** A text search that matched more than `total` (the store stops counting there): "1000+". */
  totalCapped?: boolean;
  offset: number;
  filter: QueueFilter;
  /** The search box as typed. */
  search: string;
  nextCursor?: string;
  /** Arrived from "approve & next" with nothing left. */
  cleared?: boolean;
}

/** The address of the queue with these filters (and without paging). */
function queueHref(view: QueueView, changes: Record<string, string | undefined> = {}): string {
  const f = view.filter;
  const params = new URLSearchParams();
  const set = (k: string, v: string | undefined) => {
    if (v) params.set(k, v);
  };
  set("q", view.search);
  set("intent", f.intent);
  set("situation", f.situation);
  set("department", f.department);
  set("claimed", f.claimedBy === "" ? "none" : f.claimedBy);
  set("state", f.state === undefined ? "any" : f.state === "pending" ? undefined : f.state);
  set("overdue", f.overdue ? "1" : undefined);
  set("order", f.order === "newest" ? "newest" : undefined);
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined) params.delete(k);
    else params.set(k, v);
  }
  const qs = params.toString();
  return qs ? `/queue?${qs}` : "/queue";
}

export function queuePage(ctx: ViewContext, view: QueueView): SafeHtml {
  const { t } = ctx;
  const w = t.work;
  const f = view.filter;
  const depts = ctx.engine.pack.departments.map(
    (d) =>
      html`<option value="${d.id}"${d.id === f.department ? html` selected` : ""}>${d.name[ctx.lang]}</option>`,
  );
  const states = (
    [
      ["pending", t.states.pending],
      ["approved", t.states.approved],
      ["dismissed", t.states.dismissed],
      ["any", w.anyone],
    ] as const
  ).map(
    ([v, label]) =>
      html`<option value="${v}"${(f.state ?? "any") === v ? html` selected` : ""}>${label}</option>`,
  );
  const from = view.total ? view.offset + 1 : 0;
  const to = view.offset + view.cases.length;
  const total = view.totalCapped ? `${view.total}+` : view.total;
  const me = ctx.user?.id ?? "";
  return layout(ctx, {
    title: t.queue.title,
    active: "queue",
    body: html`<section class="box" data-queue>
  <div class="box-head">
    <div><h1>${t.queue.title} <span class="muted" data-queue-total>${t.queue.count(total)}</span></h1><p class="muted">${t.queue.intro}</p></div>
    <p class="muted small keys">${w.keys}</p>
  </div>
  ${view.cleared ? html`<p class="note ok" data-cleared>${w.noNext}</p>` : ""}
  <p class="live-note" data-live-note data-new-cases="${t.work.newCases("{n}" as unknown as number)}" data-missed="${t.work.missedChanges}" role="status" hidden></p>
  <form method="get" action="/queue" class="filters" data-autosubmit>
    <label class="grow">${w.search}<input type="search" name="q" value="${view.search}" maxlength="200" autocomplete="off" data-search></label>
    <label>${t.queue.filter}<select id="queue-intent" name="intent"><option value="">${t.queue.all}</option>${intentOptions(ctx, f.intent)}</select></label>
    <label>${w.department}<select name="department"><option value="">${t.queue.all}</option>${depts}</select></label>
    <label>${w.state}<select name="state">${states}</select></label>
    <label>${w.claimedBy}<select name="claimed">
      <option value="">${w.anyone}</option>
      <option value="none"${f.claimedBy === "" ? html` selected` : ""}>${w.nobody}</option>
      ${me ? html`<option value="${me}"${f.claimedBy === me ? html` selected` : ""}>${actorName(ctx.user as Actor)}</option>` : ""}
    </select></label>
    <label>${w.order}<select name="order"><option value="oldest">${w.oldest}</option><option value="newest"${f.order === "newest" ? html` selected` : ""}>${w.newest}</option></select></label>
    <label class="check"><input type="checkbox" name="overdue" value="1"${f.overdue ? html` checked` : ""}> ${w.onlyOverdue}</label>
    ${f.situation ? html`<input type="hidden" name="situation" value="${f.situation}">` : ""}
    <button type="submit" class="button" data-autosubmit-button>${t.queue.apply}</button>
  </form>
  ${
    view.cases.length
      ? html`<form method="post" action="/cases/bulk" data-bulk>${csrfField(ctx)}
  <input type="hidden" name="return" value="${queueHref(view, view.offset ? { after: String(view.offset) } : {})}">
  ${caseTable(ctx, view.cases, "queue", true)}
  <div class="bulk-bar" data-bulk-bar>
    <span data-bulk-count>${w.bulk(0)}</span>
    <label>${t.actions.reason}<select name="reason">${DISMISS_REASONS.map((r) => html`<option value="${r}">${t.reasons[r]}</option>`)}</select></label>
    <button type="submit" name="action" value="dismiss" class="button danger" data-bulk-action="dismiss">${w.bulkDismiss}</button>
    <label>${t.card.intent}<select name="intent">${intentOptions(ctx, undefined)}</select></label>
    <button type="submit" name="action" value="reclassify" class="button" data-bulk-action="reclassify">${w.bulkReclassify}</button>
    <button type="submit" name="action" value="approve" class="button primary" data-bulk-action="approve">${w.bulkApprove}</button>
  </div>
</form>
<nav class="pager" aria-label="${w.page(from, to, total)}"><span class="muted">${w.page(from, to, total)}</span>${
          view.nextCursor
            ? html` <a class="button" rel="next" href="${queueHref(view, { after: view.nextCursor })}" data-next-page>${w.more} →</a>`
            : ""
        }</nav>`
      : html`<p class="muted empty-state">${t.queue.empty}</p>`
  }
</section>`,
  });
}

function caseTable(ctx: ViewContext, cases: Case[], kind: "queue", selectable = false): SafeHtml {
  const { t } = ctx;
  const w = t.work;
  const fallback = ctx.engine.pack.settings.fallback_intent;
  const rows = cases.map((c) => {
    const age = ctx.now.getTime() - Date.parse(c.createdAt);
    const due = dueAt(ctx.engine, c);
    const overdue = c.state === "pending" && due < ctx.now.getTime();
    const sla = slaMinutes(ctx.engine, c.intent);
    return html`<tr data-case-id="${c.id}" data-state="${c.state}"${overdue ? html` class="overdue" data-overdue` : ""}>
  ${selectable ? html`<td class="pick"><input type="checkbox" name="ids" value="${c.id}" aria-label="${w.select} ${c.id}" data-pick></td>` : ""}
  <td class="nowrap age" title="${w.sla(sla)}"><span data-age>${duration(ctx, age)}</span>${
    overdue
      ? html` <span class="badge overdue">${w.late(duration(ctx, ctx.now.getTime() - due))}</span>`
      : c.state === "pending"
        ? html`<br><span class="muted small">${w.dueIn(duration(ctx, due - ctx.now.getTime()))}</span>`
        : ""
  }<br><span class="muted small">${time(ctx, c.createdAt)}</span></td>
  <td class="nowrap handle">${handleOf(c)}</td>
  <td class="mention-cell"><a href="${caseHref(c)}" data-open>${excerpt(c.mention.text)}</a> <span data-claim-cell>${claimBadge(ctx, c)}</span></td>
  <td><span class="tag" data-intent="${c.intent}">${intentTitle(ctx, c.intent)}</span>${
    c.escalation
      ? html` <span class="badge waiting" title="${departmentName(ctx, c.escalation.department)}">${t.escalation.waitingOn(departmentName(ctx, c.escalation.department))}</span>`
      : ""
  }</td>
  <td class="num nowrap">${c.classification.intent === fallback ? "—" : percent(c.classification.confidence)}</td>
</tr>`;
  });
  return html`<table class="cases ${kind}">
<thead><tr>${selectable ? html`<th scope="col" class="pick"><input type="checkbox" aria-label="${w.selectAll}" data-pick-all></th>` : ""}<th scope="col">${w.age}</th><th scope="col">${t.columns.customer}</th><th scope="col">${t.columns.mention}</th><th scope="col">${t.columns.intent}</th><th scope="col" class="num">${t.columns.confidence}</th></tr></thead>
<tbody>${rows}</tbody>
</table>`;
}

export function mePage(ctx: ViewContext): SafeHtml {
  const { t } = ctx;
  const typed = ctx.flash?.form === "me" ? (ctx.flash.text ?? "") : (ctx.user?.name ?? "");
  return layout(ctx, {
    title: t.work.me,
    body: html`<section class="box">
  <h1>${t.work.me}</h1>
  <form method="post" action="/me" class="inline">${csrfField(ctx)}
    <label>${t.work.whoAmI} <input type="text" name="name" value="${typed}" maxlength="32" required autocomplete="nickname" autofocus></label>
    <button type="submit" class="button primary">${t.work.saveName}</button>
  </form>
</section>`,
  });
}

/** When a decided case was decided (approval or dismissal time). */
export function decidedAt(c: Case): string {
  return c.approved?.at ?? c.dismissed?.at ?? c.createdAt;
}

interface HistoryView {
  cases: Case[];
  total: number;
  /** More decided cases than `total` (the store stops counting there). */
  totalCapped?: boolean;
  /** Another page follows. */
  more: boolean;
  page: number;
  pageSize: number;
  state?: "approved" | "dismissed";
}

export function historyPage(ctx: ViewContext, view: HistoryView): SafeHtml {
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
</table>
${historyPager(ctx, view)}`
      : html`<p class="muted empty-state">${t.history.empty}</p>`
  }
</section>`,
  });
}

function historyPager(ctx: ViewContext, view: HistoryView): SafeHtml {
  const from = (view.page - 1) * view.pageSize + 1;
  const to = from + view.cases.length - 1;
  const total = view.totalCapped ? `${view.total}+` : view.total;
  const href = (p: number) =>
    `/history?${new URLSearchParams({ ...(view.state ? { state: view.state } : {}), page: String(p) })}`;
  return html`<nav class="pager"><span class="muted">${ctx.t.work.page(from, to, total)}</span>${
    view.page > 1 ? html` <a class="button" rel="prev" href="${href(view.page - 1)}">←</a>` : ""
  }${view.more ? html` <a class="button" rel="next" href="${href(view.page + 1)}" data-next-page>${ctx.t.work.more} →</a>` : ""}</nav>`;
}
