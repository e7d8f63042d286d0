/** Status lines: one row per intent, with the current line, when and by whom it was set, and a form. */
import type { LiveStatus } from "../../core/types.js";
import { minutesAgo } from "../format.js";
import { html, type SafeHtml } from "../html.js";
import { csrfField, time, type ViewContext } from "./common.js";
import { layout } from "./layout.js";

export function statusPage(ctx: ViewContext, view: { statuses: Map<string, LiveStatus> }): SafeHtml {
  const { t } = ctx;
  const maxAge = ctx.engine.pack.settings.status_max_age_minutes;
  const fallback = ctx.engine.pack.settings.fallback_intent;
  const rows = ctx.engine.pack.intents
    .filter((i) => i.id !== fallback)
    .map((intent) => {
      const s = view.statuses.get(intent.id);
      const stale = s ? minutesAgo(s.setAt, ctx.now) > maxAge : false;
      const refused = ctx.flash?.form === `status:${intent.id}` ? ctx.flash.text : undefined;
      return html`<tr id="status-${intent.id}" data-intent="${intent.id}">
  <th scope="row">${intent.title[ctx.lang]}<br><span class="muted small">${intent.id}</span></th>
  <td class="status-current">${
    s
      ? html`<p data-status-text>${s.text}</p><p class="muted small">${s.setBy} · ${time(ctx, s.setAt)}${stale ? html` · <span class="warn-text">${t.status.stale(maxAge)}</span>` : ""}</p>`
      : html`<span class="muted">${t.status.none}</span>`
  }</td>
  <td>
    <form method="post" action="/status" class="inline">${csrfField(ctx)}
      <input type="hidden" name="intent" value="${intent.id}">
      <label class="visually-hidden" for="status-input-${intent.id}">${t.status.newText}: ${intent.title[ctx.lang]}</label>
      <input type="text" id="status-input-${intent.id}" name="text" maxlength="200" value="${refused ?? s?.text ?? ""}" placeholder="${t.status.placeholder}" autocomplete="off">
      <button type="submit" class="button">${t.status.save}</button>
    </form>
  </td>
</tr>`;
    });
  return layout(ctx, {
    title: t.status.title,
    active: "status",
    body: html`<section class="box">
  <h1>${t.status.title}</h1>
  <p class="muted">${t.status.intro}</p>
  <table class="status-table">
    <thead><tr><th scope="col">${t.columns.intent}</th><th scope="col">${t.status.current}</th><th scope="col">${t.status.newText}</th></tr></thead>
    <tbody>${rows}</tbody>
  </table>
</section>`,
  });
}
