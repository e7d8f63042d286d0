/** The case card: what the customer said, what the engine thinks, the draft, and the actions. */

import type { Case } from "../../cases/types.js";
import { DISMISS_REASONS, keptTemplate } from "../../cases/types.js";
import { X_POST_LIMIT } from "../../core/length.js";
import type { Evidence, LiveStatus } from "../../core/types.js";
import { excerpt, minutesAgo, percent } from "../format.js";
import { html, type SafeHtml, safeHref } from "../html.js";
import { EDIT_MAX_CHARS, NOTE_MAX_CHARS } from "../limits.js";
import {
  actorName,
  caseHref,
  claimBadge,
  claimOf,
  csrfField,
  department,
  departmentName,
  handleOf,
  intentOptions,
  intentTitle,
  stateBadge,
  time,
  type ViewContext,
  when,
} from "./common.js";
import { layout } from "./layout.js";

export interface CaseView {
  c: Case;
  /** The same customer's other cases (last 30 days), newest first. */
  others?: Case[];
  /** The intent's live status line now, if one is set. */
  status?: LiveStatus;
}

export function casePage(ctx: ViewContext, view: CaseView): SafeHtml {
  const { c } = view;
  const { t } = ctx;
  return layout(ctx, {
    title: `${intentTitle(ctx, c.intent)} · ${c.id}`,
    active: c.state === "pending" ? "queue" : "history",
    body: html`<article class="case" data-case-id="${c.id}" data-state="${c.state}" data-version="${c.draftVersion ?? 1}">
  <header class="case-head">
    <div>
      <p class="eyebrow">${t.card.caseId} <code>${c.id}</code> · ${t.card.received} ${time(ctx, c.createdAt)}</p>
      <h1>${stateBadge(ctx, c)} <span data-intent="${c.intent}">${intentTitle(ctx, c.intent)}</span> <span class="muted id">${c.intent}</span></h1>
    </div>
    <a class="back" href="${c.state === "pending" ? "/queue" : "/history"}">← ${c.state === "pending" ? t.card.back : t.nav.history}</a>
  </header>
  ${c.state === "pending" ? claimBlock(ctx, c) : ""}
  <p class="live-note" data-live-note data-changed="${t.work.changedByOther("{who}")}" data-missed="${t.work.missedChanges}" role="status" hidden></p>
  <div class="case-grid">
    <div class="case-main">
      ${mentionBlock(ctx, c)}
      ${escalationBlock(ctx, c)}
      ${decisionBlock(ctx, c)}
      ${c.state === "pending" ? draftBlock(ctx, c) : ""}
      ${c.state === "pending" ? actionsBlock(ctx, c) : ""}
      ${c.state === "dismissed" ? reopenBlock(ctx, c) : ""}
    </div>
    <aside class="case-side">
      ${classificationBlock(ctx, c)}
      ${departmentBlock(ctx, c)}
      ${statusBlock(ctx, c, view.status)}
      ${c.mention.handle ? othersBlock(ctx, view.others ?? []) : ""}
      ${auditBlock(ctx, c)}
    </aside>
  </div>
</article>`,
  });
}

function mentionBlock(ctx: ViewContext, c: Case): SafeHtml {
  const { t } = ctx;
  const m = c.mention;
  return html`<section class="box mention" aria-labelledby="mention-h">
  <h2 id="mention-h">${t.card.mention}</h2>
  <p class="who">${t.card.from} <strong class="handle">${handleOf(c)}</strong>${
    m.postUrl
      ? html` · <a href="${safeHref(m.postUrl)}" target="_blank" rel="noopener noreferrer">${t.card.openPost} ↗</a>`
      : ""
  }</p>
  <blockquote class="customer-text" data-mention>${m.text}</blockquote>
</section>`;
}

function escalationBlock(ctx: ViewContext, c: Case): SafeHtml | "" {
  const e = c.escalation;
  if (!e) return "";
  const { t } = ctx;
  const dept = departmentName(ctx, e.department);
  const waiting = e.replies.length === 0 && !e.resolvedAt;
  return html`<section class="box escalation ${waiting ? "waiting" : "answered"}" data-escalation>
  <p class="escalation-state"><span class="dot" aria-hidden="true"></span><strong>${waiting ? t.escalation.waitingOn(dept) : t.escalation.answered(dept)}</strong></p>
  <p class="muted">${t.escalation.sent(actorName(e.by), when(ctx, e.at))}</p>
  ${
    e.replies.length
      ? html`<h3>${t.escalation.replies}</h3><ul class="replies">${e.replies.map(
          (r) =>
            html`<li><span class="muted">${r.name ?? r.user} · ${time(ctx, r.at)}</span><p>${r.text}</p></li>`,
        )}</ul>`
      : ""
  }
</section>`;
}

function decisionBlock(ctx: ViewContext, c: Case): SafeHtml | "" {
  const { t } = ctx;
  if (c.state === "approved" && c.approved) {
    const a = c.approved;
    const composer = composerUrl(c);
    return html`<section class="box decision approved" data-decision="approved">
  <h2>${t.decided.approvedText}</h2>
  <p class="muted">${t.decided.approvedBy(actorName(a.by), when(ctx, a.at))}</p>
  <p class="reply-text" id="approved-text">${a.text}</p>
  <div class="row">
    ${
      composer
        ? html`<a class="button primary" href="${safeHref(composer)}" target="_blank" rel="noopener noreferrer" data-composer title="${t.decided.replyOnXHint}">${t.decided.replyOnX} ↗</a>`
        : ""
    }
    <button type="button" class="button" data-copy="approved-text" data-copied="${t.decided.copied}" hidden>${t.decided.copy}</button>
  </div>
</section>`;
  }
  if (c.state === "dismissed" && c.dismissed) {
    const d = c.dismissed;
    return html`<section class="box decision dismissed" data-decision="dismissed">
  <h2>${t.states.dismissed}</h2>
  <p class="muted">${t.decided.dismissedBy(actorName(d.by), when(ctx, d.at))}</p>
  <p>${t.decided.reason}: <strong>${t.reasons[d.reason] ?? d.reason}</strong>${d.note ? html` — ${d.note}` : ""}</p>
</section>`;
  }
  return "";
}

function lengthBadge(length: number): SafeHtml {
  const over = length > X_POST_LIMIT;
  return html`<span class="length${over ? " over" : ""}" data-length>${length}/${X_POST_LIMIT}</span>`;
}

function draftBlock(ctx: ViewContext, c: Case): SafeHtml {
  const { t } = ctx;
  const d = c.draft;
  return html`<section class="box draft" aria-labelledby="draft-h">
  <div class="box-head"><h2 id="draft-h">${t.card.draft}</h2>${d ? html`<span class="muted" title="${t.card.weighted}">${t.card.weighted} ${lengthBadge(d.length)}</span>` : ""}</div>
  ${
    d
      ? html`<p class="reply-text" data-draft>${d.text}</p>
  <p class="muted small">${t.card.template} <code>${d.variant}</code>${d.edited ? html` · ${t.card.edited}` : ""}</p>
  ${situationBlock(ctx, d)}`
      : html`<p class="empty" data-draft>${t.card.noDraft}</p>`
  }
  ${keptBlock(ctx, c)}
</section>${alternativesBlock(ctx, c)}`;
}

/** Which situation the draft answers and why (what matched), and the customer's specifics it saw. */
function situationBlock(ctx: ViewContext, d: NonNullable<Case["draft"]>): SafeHtml | "" {
  const { t, lang } = ctx;
  if (!d.situation) return "";
  const title =
    d.situation === "general" ? t.card.situationGeneral : (d.situationTitle?.[lang] ?? d.situation);
  const matched = d.situationEvidence?.matched ?? [];
  const specifics = Object.entries(d.specifics ?? {});
  return html`<p class="small" data-situation="${d.situation}">${t.card.situation}: <strong>${title}</strong>${
    matched.length
      ? html` · ${t.card.situationMatched}: <span data-situation-evidence>${matched.join(", ")}</span>`
      : ""
  }</p>${
    specifics.length
      ? html`<p class="muted small" data-specifics>${t.card.specifics}: ${specifics.map(([k, v]) => `${k} “${v}”`).join(" · ")}</p>`
      : ""
  }`;
}

/** Up to two drafts for other close situations; picking one is a recorded command, not a rewrite. */
function alternativesBlock(ctx: ViewContext, c: Case): SafeHtml | "" {
  const { t, lang } = ctx;
  const alternatives = c.state === "pending" ? (c.draft?.alternatives ?? []) : [];
  if (!alternatives.length) return "";
  return html`<section class="box alternatives" aria-labelledby="alt-h" data-alternatives>
  <h2 id="alt-h">${t.card.alternatives}</h2>
  ${alternatives.map(
    (
      a,
    ) => html`<form method="post" action="${caseHref(c)}/alternative" data-alternative="${a.situation}">${csrfField(ctx)}
    <p class="small"><strong>${a.situation === "general" ? t.card.situationGeneral : (a.title?.[lang] ?? a.situation)}</strong></p>
    <p class="reply-text">${a.text}</p>
    <input type="hidden" name="situation" value="${a.situation}">
    <button type="submit" class="button" data-action="pick-alternative">${t.card.useAlternative}</button>
  </form>`,
  )}
</section>`;
}

function actionsBlock(ctx: ViewContext, c: Case): SafeHtml {
  const { t } = ctx;
  const base = caseHref(c);
  const flash = ctx.flash;
  const editText = flash?.form === "edit" && flash.text !== undefined ? flash.text : (c.draft?.text ?? "");
  const editProblems = flash?.form === "edit" ? (flash.problems ?? []) : [];
  const openEdit = !c.draft || flash?.form === "edit";
  return html`<section class="box actions" aria-label="Actions">
  <div class="row">
    ${
      c.draft
        ? html`<form method="post" action="${base}/approve">${csrfField(ctx)}${seenDraft(c)}
      <button type="submit" class="button primary" name="next" value="1" data-action="approve-next" title="${t.work.keys}">${t.work.approveNext}</button>
      <button type="submit" class="button" accesskey="a" data-action="approve" title="${t.actions.approveHint}">${t.actions.approve}</button>
    </form>`
        : ""
    }
    ${
      c.escalation
        ? ""
        : html`<form method="post" action="${base}/escalate">${csrfField(ctx)}
      <button type="submit" class="button" accesskey="s" data-action="escalate" title="${t.actions.escalateHint}">${t.actions.escalate}</button>
    </form>`
    }
  </div>
  <details class="panel" data-panel="edit"${openEdit ? html` open` : ""}>
    <summary accesskey="e">${t.actions.edit}</summary>
    <form method="post" action="${base}/edit" data-claim-on-open="${base}/claim">${csrfField(ctx)}${seenDraft(c)}
      <label for="edit-text" class="visually-hidden">${t.card.draft}</label>
      <textarea id="edit-text" name="text" rows="5" maxlength="${EDIT_MAX_CHARS}" data-count="edit-count"${flash?.form === "edit" ? html` autofocus` : ""}>${editText}</textarea>
      <div class="form-foot">
        <span class="muted small">${t.actions.editHint}</span>
        <span class="length" id="edit-count" aria-live="polite">${c.draft ? `${c.draft.length}/${X_POST_LIMIT}` : ""}</span>
      </div>
      ${editProblems.length ? html`<ul class="problems" data-problems>${editProblems.map((p) => html`<li>${p}</li>`)}</ul>` : ""}
      <button type="submit" class="button" data-action="edit">${t.actions.save}</button>
    </form>
  </details>
  <details class="panel" data-panel="reclassify">
    <summary accesskey="r">${t.actions.reclassify}</summary>
    <form method="post" action="${base}/reclassify" class="inline">${csrfField(ctx)}
      <label for="reclassify-intent" class="visually-hidden">${t.card.intent}</label>
      <select id="reclassify-intent" name="intent">${intentOptions(ctx, c.intent)}</select>
      ${c.draft?.edited ? html`<label class="check"><input type="checkbox" name="template" value="1"> ${t.work.replaceEdited}</label>` : ""}
      <button type="submit" class="button" data-action="reclassify">${t.actions.reclassifySubmit}</button>
    </form>
  </details>
  <details class="panel" data-panel="dismiss">
    <summary accesskey="d">${t.actions.dismiss}</summary>
    <form method="post" action="${base}/dismiss" class="inline">${csrfField(ctx)}
      <label>${t.actions.reason}
        <select name="reason">${DISMISS_REASONS.map((r) => html`<option value="${r}">${t.reasons[r]}</option>`)}</select>
      </label>
      <label class="grow">${t.actions.note}
        <input type="text" name="note" maxlength="${NOTE_MAX_CHARS}" autocomplete="off">
      </label>
      <button type="submit" class="button danger" name="next" value="1" data-action="dismiss">${t.actions.dismissSubmit}</button>
    </form>
  </details>
</section>`;
}

/** The version this page shows, so approving or saving is refused if the draft changed in the meantime. */
function seenDraft(c: Case): SafeHtml {
  return html`<input type="hidden" name="version" value="${c.draftVersion ?? 1}">`;
}

/** Who is on it (with Claim / Take over / Release). */
function claimBlock(ctx: ViewContext, c: Case): SafeHtml {
  const { t } = ctx;
  const claim = claimOf(ctx, c);
  const base = caseHref(c);
  const mine = claim && ctx.user && claim.by.id === ctx.user.id && claim.by.via === ctx.user.via;
  return html`<div class="claim-bar${claim && !mine ? " taken" : ""}" data-claim-bar>
  ${claim ? claimBadge(ctx, c) : html`<span class="muted">${t.work.nobody}</span>`}
  ${
    mine
      ? html`<form method="post" action="${base}/release" class="inline">${csrfField(ctx)}<button type="submit" class="button small" data-action="release">${t.work.release}</button></form>`
      : html`<form method="post" action="${base}/claim" class="inline">${csrfField(ctx)}${claim ? html`<input type="hidden" name="takeover" value="1">` : ""}<button type="submit" class="button small" data-action="claim">${claim ? t.work.takeOver : t.work.claim}</button></form>`
  }
</div>`;
}

function keptBlock(ctx: ViewContext, c: Case): SafeHtml | "" {
  const kept = keptTemplate(c);
  if (kept === undefined) return "";
  return html`<div class="note kept" data-kept-template>
  <p>${ctx.t.work.keptEdited}</p>
  <p class="reply-text">${kept}</p>
  <form method="post" action="${caseHref(c)}/redraft">${csrfField(ctx)}<button type="submit" class="button" data-action="redraft">${ctx.t.work.useTemplate}</button></form>
</div>`;
}

function reopenBlock(ctx: ViewContext, c: Case): SafeHtml {
  return html`<section class="box actions"><form method="post" action="${caseHref(c)}/reopen">${csrfField(ctx)}<button type="submit" class="button" data-action="reopen">${ctx.t.work.reopen}</button></form></section>`;
}

function othersBlock(ctx: ViewContext, others: Case[]): SafeHtml {
  const { t } = ctx;
  return html`<section class="box side" aria-labelledby="others-h" data-other-cases>
  <h2 id="others-h">${t.work.otherCases}</h2>
  ${
    others.length
      ? html`<ul class="others">${others
          .slice(0, 10)
          .map(
            (o) =>
              html`<li><a href="${caseHref(o)}">${excerpt(o.mention.text, 50)}</a><br><span class="muted small">${stateBadge(ctx, o)} ${intentTitle(ctx, o.intent)} · ${time(ctx, o.createdAt)}</span></li>`,
          )}</ul>`
      : html`<p class="muted">${t.work.noOtherCases}</p>`
  }
</section>`;
}

function evidenceItem(ctx: ViewContext, e: Evidence): SafeHtml {
  const kind = ctx.t.card[e.kind];
  return html`<li><span class="tag">${kind}</span> <span class="evidence-value">${e.value}</span> <span class="muted small">${e.score.toFixed(2)}</span></li>`;
}

function classificationBlock(ctx: ViewContext, c: Case): SafeHtml {
  const { t } = ctx;
  const k = c.classification;
  const fallback = ctx.engine.pack.settings.fallback_intent;
  const runnerUp = k.alternatives[0];
  const evidence = k.evidence.slice(0, 6);
  // For the fallback the number is not "how sure it is unknown": what helps is how close the nearest
  // real intent came, so that is what is shown (with the fallback note), never "unknown 89%".
  const isFallback = k.intent === fallback;
  const nearest = isFallback ? k.alternatives.find((a) => a.intent !== fallback) : undefined;
  return html`<section class="box side" aria-labelledby="class-h">
  <h2 id="class-h">${t.card.intent}</h2>
  <p class="big">${intentTitle(ctx, k.intent)}${k.intent !== c.intent ? html` <span class="muted small">→ ${intentTitle(ctx, c.intent)}</span>` : ""}</p>
  ${
    isFallback
      ? ""
      : html`<p class="confidence"><span>${t.card.confidence}</span> <meter min="0" max="1" low="0.35" high="0.7" optimum="1" value="${k.confidence}">${percent(k.confidence)}</meter> <strong data-confidence class="nowrap">${percent(k.confidence)}</strong></p>`
  }
  ${k.ambiguous && runnerUp ? html`<p class="note warn" data-ambiguous>${t.card.ambiguous}<br>${t.card.runnerUp}: <strong>${intentTitle(ctx, runnerUp.intent)}</strong> ${percent(runnerUp.confidence)}</p>` : ""}
  ${isFallback ? html`<p class="note" data-fallback>${t.card.fallback}${nearest ? html`<br>${t.card.bestGuess}: <strong>${intentTitle(ctx, nearest.intent)}</strong> <span class="nowrap">${percent(nearest.confidence)}</span>` : k.bestGuess && k.bestGuess !== fallback ? html`<br>${t.card.bestGuess}: <strong>${intentTitle(ctx, k.bestGuess)}</strong>` : ""}</p>` : ""}
  <h3>${t.card.evidence}</h3>
  ${evidence.length ? html`<ul class="evidence">${evidence.map((e) => evidenceItem(ctx, e))}</ul>` : html`<p class="muted">${t.card.noEvidence}</p>`}
</section>`;
}

function departmentBlock(ctx: ViewContext, c: Case): SafeHtml {
  const { t } = ctx;
  const d = department(ctx, c.department);
  return html`<section class="box side" aria-labelledby="dept-h">
  <h2 id="dept-h">${t.card.department}</h2>
  <p class="big" data-department="${c.department}">${d?.name[ctx.lang] ?? c.department}</p>
  ${
    d
      ? html`<dl class="facts"><dt>${t.card.hotline}</dt><dd><a href="tel:${d.hotline.replace(/[^0-9+]/g, "")}">${d.hotline}</a></dd><dt>${t.card.hours}</dt><dd>${d.hours[ctx.lang]}</dd></dl>`
      : ""
  }
</section>`;
}

function statusBlock(ctx: ViewContext, c: Case, status: LiveStatus | undefined): SafeHtml {
  const { t } = ctx;
  const used = c.draft?.variant.startsWith("with_status") ?? false;
  const maxAge = ctx.engine.pack.settings.status_max_age_minutes;
  const stale = status ? minutesAgo(status.setAt, ctx.now) > maxAge : false;
  return html`<section class="box side" aria-labelledby="status-h">
  <h2 id="status-h">${t.card.statusLine}</h2>
  ${
    status
      ? html`<p data-status-line>${status.text}</p>
  <p class="muted small">${status.setBy} · ${time(ctx, status.setAt)} · ${stale ? t.card.statusStale : used ? t.card.statusUsed : t.card.statusNotUsed}</p>`
      : html`<p class="muted">${t.card.noStatus}</p>`
  }
  <p class="small"><a href="/status#status-${c.intent}">${t.card.setStatus} →</a></p>
</section>`;
}

function auditBlock(ctx: ViewContext, c: Case): SafeHtml {
  const { t } = ctx;
  const items = [...c.events].reverse().map((e) => {
    const after = (e.after ?? {}) as Record<string, unknown>;
    const before = (e.before ?? {}) as Record<string, unknown>;
    let extra: SafeHtml | string = "";
    if (e.type === "reclassified") {
      extra = html` · ${intentTitle(ctx, String(before.intent))} → ${intentTitle(ctx, String(after.intent))}`;
    } else if (e.type === "escalated") {
      extra = html` · ${departmentName(ctx, String(after.department))}`;
    } else if (e.type === "dismissed") {
      const reason = String(after.reason) as keyof typeof t.reasons;
      extra = html` · ${t.reasons[reason] ?? reason}`;
    }
    return html`<li data-event="${e.type}"><span class="event-type">${t.events[e.type] ?? e.type}</span>${extra}<br><span class="muted small">${actorName(e.actor)} · ${time(ctx, e.at)}</span></li>`;
  });
  return html`<section class="box side" aria-labelledby="audit-h">
  <h2 id="audit-h">${t.card.audit}</h2>
  <ol class="audit">${items}</ol>
</section>`;
}

/**
 * X's composer with the approved text, as a reply to the post when its id is known; with only a
 * handle, the text starts with the handle so it is still addressed to the customer.
 */
export function composerUrl(c: Case): string | undefined {
  const text = c.approved?.text;
  const { postId, handle } = c.mention;
  if (!text || (!postId && !handle)) return undefined;
  let body = text;
  if (handle && !new RegExp(`(^|\\s)@${handle}\\b`, "i").test(body)) body = `@${handle} ${body}`;
  const params = [
    postId ? `in_reply_to=${encodeURIComponent(postId)}` : "",
    `text=${encodeURIComponent(body)}`,
  ];
  return `https://x.com/intent/post?${params.filter(Boolean).join("&")}`;
}
