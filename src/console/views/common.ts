/** What every view gets, and the small pieces several views share. */
import { type Actor, activeClaim, type Case } from "../../cases/types.js";
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
  /** Who this browser's person is (the audit trail and claims use it). */
  user?: Actor;
  pendingCount?: number;
  /** The change feed's seq when the page was made: its live stream starts there (see live.ts). */
  liveSince?: number;
  /** Pending cases past their SLA (shown next to the queue in the navigation). */
  overdueCount?: number;
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

/** `12 min`, `3 h 5 min`, `2 d 4 h`: how long, in the console's language. */
export function duration(ctx: ViewContext, ms: number): string {
  const minutes = Math.max(0, Math.floor(ms / 60_000));
  const w = ctx.t.work;
  if (minutes < 60) return w.minutes(minutes);
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return w.hours(hours, minutes % 60);
  return w.days(Math.floor(hours / 24), hours % 24);
}

/** The claim on a case now (a lapsed one is no claim). */
export function claimOf(ctx: ViewContext, c: Case): Case["claim"] | undefined {
  return activeClaim(c, ctx.now, ctx.engine.pack.settings.claim_idle_minutes);
}

/** "Kim is on it since 14:03" (or "You are …"), or nothing. */
export function claimBadge(ctx: ViewContext, c: Case): SafeHtml | "" {
  const claim = claimOf(ctx, c);
  if (!claim) return "";
  const mine = ctx.user && claim.by.id === ctx.user.id && claim.by.via === ctx.user.via;
  const since = formatWhen(claim.at, ctx.tz, ctx.now);
  return html`<span class="badge claim${mine ? " mine" : ""}" data-claim="${claim.by.name ?? claim.by.id}">${
    mine ? ctx.t.work.youAreOnIt(since) : ctx.t.work.onIt(actorName(claim.by), since)
  }</span>`;
}
