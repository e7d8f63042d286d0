/**
 * Surges in progress: the count against the usual rate, sample mentions, the official notice draft to
 * edit and approve with its address, and the intent's live status line. The surge monitor decides
 * everything; this page only shows its records and posts to it.
 */
import type { Language, LiveStatus } from "../../core/types.js";
import type { SurgeRecord } from "../../ops/surge.js";
import { html, type SafeHtml, safeHref } from "../html.js";
import { csrfField, intentTitle, time, type ViewContext, when } from "./common.js";
import { layout } from "./layout.js";

export interface SurgesView {
  /** False when the console runs without the surge monitor (no `ops`). */
  running: boolean;
  active: SurgeRecord[];
  /** A fresh notice draft per active intent (quoting the current status line). */
  drafts: Map<string, Record<Language, string>>;
  /** The language of the draft shown in the textarea. */
  draftLang: Language;
  statuses: Map<string, LiveStatus>;
  ended: SurgeRecord[];
}

export function surgesPage(ctx: ViewContext, view: SurgesView): SafeHtml {
  const { t } = ctx;
  const s = t.surges;
  let body: SafeHtml;
  if (!view.running) {
    body = html`<section class="box">
  <h1>${s.title}</h1>
  <p class="note warn" data-surges-off>${s.notRunning}</p>
</section>`;
  } else {
    body = html`<section class="box">
  <h1>${s.title}</h1>
  <p class="muted">${s.intro}</p>
  ${view.active.length === 0 ? html`<p class="empty-state" data-no-surge>${s.none}</p>` : ""}
</section>
${view.active.map((rec) => surgeBox(ctx, view, rec))}
${view.ended.length ? endedBox(ctx, view.ended) : ""}`;
  }
  return layout(ctx, { title: s.title, active: "surges", body });
}

function surgeBox(ctx: ViewContext, view: SurgesView, rec: SurgeRecord): SafeHtml {
  const { t } = ctx;
  const s = t.surges;
  const intent = rec.intent;
  const refused = ctx.flash?.form === `notice:${intent}` ? ctx.flash : undefined;
  const draft = view.drafts.get(intent) ?? rec.noticeDraft;
  const text = refused?.text ?? rec.notice?.text ?? draft[view.draftLang];
  const url = refused?.values?.url ?? rec.notice?.url ?? "";
  const status = view.statuses.get(intent);
  const refusedStatus = ctx.flash?.form === `status:${intent}` ? ctx.flash.text : undefined;
  const otherLang: Language = view.draftLang === "ko" ? "en" : "ko";
  return html`<section class="box surge" id="surge-${intent}" data-surge="${intent}">
  <div class="box-head">
    <div>
      <p class="eyebrow">${s.title}</p>
      <h2>${intentTitle(ctx, intent)} <span class="muted small">${intent}</span></h2>
    </div>
  </div>
  <div class="figures">
    <div class="figure"><span class="figure-value" data-surge-count>${rec.count}</span><span class="figure-label">${s.inWindow(rec.rule.windowMinutes)}</span></div>
    <div class="figure"><span class="figure-value">${rec.threshold}</span><span class="figure-label">${s.threshold}</span></div>
    <div class="figure"><span class="figure-value">${rec.baseline}</span><span class="figure-label">${s.baseline}</span></div>
    <div class="figure"><span class="figure-value">${rec.peakCount}</span><span class="figure-label">${s.peak}</span></div>
    <div class="figure"><span class="figure-value">${when(ctx, rec.startedAt)}</span><span class="figure-label">${s.since}</span></div>
  </div>
  <h3>${s.samples}</h3>
  <ul class="samples">${rec.samples.map((m) => html`<li class="customer-text" data-sample>${m}</li>`)}</ul>

  <h3>${s.noticeDraft}</h3>
  ${
    rec.notice
      ? html`<div class="note" data-notice-approved>
  <strong>${s.live}</strong>: <a href="${safeHref(rec.notice.url)}" rel="noopener noreferrer" target="_blank" data-notice-url>${rec.notice.url}</a>
  <span class="muted small">${s.approvedBy(rec.notice.approvedBy, when(ctx, rec.notice.approvedAt))}</span>
</div>`
      : html`<p class="muted small">${s.noticeHint}</p>`
  }
  ${
    rec.notice
      ? ""
      : html`<p class="small">${s.draftIn}: <strong>${view.draftLang === "ko" ? "한국어" : "English"}</strong> · <a href="/surges?draft=${otherLang}#surge-${intent}" data-draft-lang="${otherLang}">${otherLang === "ko" ? "한국어" : "English"}</a></p>`
  }
  <form method="post" action="/surges/${intent}/notice" class="notice-form" data-notice-form>${csrfField(ctx)}
    <label class="label" for="notice-text-${intent}">${s.noticeText}</label>
    <textarea id="notice-text-${intent}" name="text" rows="9" required data-notice-text>${text}</textarea>
    <label class="label" for="notice-url-${intent}">${s.noticeUrl}</label>
    <input type="url" id="notice-url-${intent}" name="url" value="${url}" placeholder="${s.urlPlaceholder}" required autocomplete="off" data-notice-url-input>
    <div class="form-foot"><button type="submit" class="button primary" data-action="approve-notice">${s.approve}</button></div>
  </form>

  <h3>${s.statusLine}</h3>
  ${
    status
      ? html`<p class="small"><span data-status-text>${status.text}</span> <span class="muted">· ${status.setBy} · ${time(ctx, status.setAt)}</span></p>`
      : html`<p class="muted small">${t.card.noStatus}</p>`
  }
  <form method="post" action="/status" class="inline">${csrfField(ctx)}
    <input type="hidden" name="intent" value="${intent}">
    <input type="hidden" name="return" value="surges">
    <label class="visually-hidden" for="surge-status-${intent}">${t.status.newText}</label>
    <input type="text" id="surge-status-${intent}" name="text" maxlength="200" value="${refusedStatus ?? status?.text ?? ""}" placeholder="${t.status.placeholder}" autocomplete="off" class="grow">
    <button type="submit" class="button">${t.status.save}</button>
  </form>
</section>`;
}

function endedBox(ctx: ViewContext, ended: SurgeRecord[]): SafeHtml {
  const s = ctx.t.surges;
  return html`<section class="box">
  <h2>${s.ended}</h2>
  <table>
    <thead><tr><th scope="col">${ctx.t.columns.intent}</th><th scope="col">${s.since}</th><th scope="col">${s.endedAt}</th><th scope="col" class="num">${s.peak}</th><th scope="col" class="num">${s.total}</th><th scope="col">${ctx.t.report.notice}</th></tr></thead>
    <tbody>${[...ended]
      .reverse()
      .map(
        (r) =>
          html`<tr><td>${intentTitle(ctx, r.intent)}</td><td>${time(ctx, r.startedAt)}</td><td>${r.endedAt ? time(ctx, r.endedAt) : ""}</td><td class="num">${r.peakCount}</td><td class="num">${r.total ?? ""}</td><td>${r.notice ? html`<a href="${safeHref(r.notice.url)}" rel="noopener noreferrer" target="_blank">${r.notice.url}</a>` : ""}</td></tr>`,
      )}</tbody>
  </table>
</section>`;
}
