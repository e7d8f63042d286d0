/** What every view gets, and the small pieces several views share. */
import type { Case } from "../../cases/types.js";
import type { Engine } from "../../core/engine.js";
import type { Department } from "../../core/types.js";
import type { SurgeRecord } from "../../ops/surge.js";
import type { Flash } from "../flash.js";
import { formatFull, formatWhen } from "../format.js";
import { html, type SafeHtml } from "../html.js";
import type { Texts, UiLang } from "../i18n.js";
import { CSRF_FIELD } from "../security.js";

export interface ViewContext {
  lang: UiLang;
  t: Texts;
  /** The double-submit token every form carries. */
  csrf: string;
  tz: string;
  now: Date;
  /** This page's address (path and query), for the language switch. */
  url: URL;
  engine: Engine;
  flash?: Flash;
  pendingCount?: number;
  /** Surges in progress (for the banner on every page); absent when the surge monitor is not running. */
  surges?: SurgeRecord[];
}

export function csrfField(ctx: ViewContext): SafeHtml {
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${ctx.csrf}">`;
}

export function intentTitle(ctx: Pick<ViewContext, "engine" | "lang">, id: string): string {
  return ctx.engine.pack.intents.find((i) => i.id === id)?.title[ctx.lang] ?? id;
}

/** The department as the loaded pack knows it; a case from an older pack may name one that is gone. */
export function department(ctx: Pick<ViewContext, "engine">, id: string): Department | undefined {
  return ctx.engine.pack.departments.find((d) => d.id === id);
}

export function departmentName(ctx: Pick<ViewContext, "engine" | "lang">, id: string): string {
  return department(ctx, id)?.name[ctx.lang] ?? id;
}

export function time(ctx: ViewContext, at: string): SafeHtml {
  return html`<time datetime="${at}" title="${formatFull(at, ctx.tz)}">${formatWhen(at, ctx.tz, ctx.now)}</time>`;
}

/** The same time as plain text, for sentences like "approved by Jane at 14:03". */
export function when(ctx: ViewContext, at: string): string {
  return formatWhen(at, ctx.tz, ctx.now);
}

export function caseHref(c: Pick<Case, "id">): string {
  return `/cases/${encodeURIComponent(c.id)}`;
}

export function stateBadge(ctx: ViewContext, c: Case): SafeHtml {
  return html`<span class="badge state-${c.state}">${ctx.t.states[c.state]}</span>`;
}

export function actorName(actor: { id: string; name?: string }): string {
  return actor.name ?? actor.id;
}

export function handleOf(c: Case): string {
  return c.mention.handle ? `@${c.mention.handle}` : "—";
}

/** Options for a select of every intent in the loaded pack, the current one selected. */
export function intentOptions(ctx: ViewContext, selected: string | undefined): SafeHtml[] {
  return ctx.engine.pack.intents.map(
    (i) =>
      html`<option value="${i.id}"${i.id === selected ? html` selected` : ""}>${i.title[ctx.lang]} (${i.id})</option>`,
  );
}
