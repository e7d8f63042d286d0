/**
 * What each page and form does. Every change goes through the case service or the status lines,
 * exactly as from Slack; this file only turns form fields into those calls and their results into
 * pages and redirects (Post/Redirect/Get, with a one-time message).
 */
import { randomBytes } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { IntakeError } from "../cases/case-service.js";
import type { Actor, Case, CaseResult } from "../cases/types.js";
import type { Language, LiveStatus } from "../core/types.js";
import {
  type BuiltReport,
  buildReport,
  loadPrecision,
  type Ops,
  renderChartSvg,
  runtimeSource,
} from "../ops/index.js";
import { addDays, isDate, localDate } from "../ops/time.js";
import type { Runtime } from "../runtime.js";
import type { CrossValidationRunner } from "./cross-validation.js";
import type { Flash } from "./flash.js";
import type { SafeHtml } from "./html.js";
import { HttpError, serializeCookie } from "./http.js";
import { localizeMessage, type Texts, type UiLang } from "./i18n.js";
import { BULK_MAX_CASES, EDIT_MAX_CHARS, formLength, PASTE_MAX_CHARS } from "./limits.js";
import type { LiveFeed } from "./live.js";
import type { QueueFilter, QueueQuery } from "./queue-query.js";
import { COOKIE, USER_NAME } from "./security.js";
import { casePage } from "./views/case.js";
import { caseHref, intentTitle, type ViewContext } from "./views/common.js";
import { intentsPage } from "./views/intents.js";
import { historyPage, homePage, mePage, queuePage } from "./views/lists.js";
import { reportPage } from "./views/report.js";
import { statusPage } from "./views/status.js";
import { surgesPage } from "./views/surges.js";

export type Outcome =
  | { kind: "page"; body: SafeHtml; status?: number }
  | { kind: "redirect"; to: string; flash?: Flash; cookies?: string[] }
  /** A long-lived response the route writes itself (the live-update event stream). */
  | { kind: "stream"; start(req: IncomingMessage, res: ServerResponse): void }
  /** A generated file (chart, Markdown); `filename` makes it a download. */
  | { kind: "file"; type: string; body: string; filename?: string };

export interface RouteContext {
  runtime: Runtime;
  /** Surges, report and precision; absent when the console runs without the operations (tests, tools). */
  ops?: Ops;
  /** Cross-validation figures per loaded pack, computed in a child process. */
  cv: CrossValidationRunner;
  actor: Actor;
  t: Texts;
  lang: UiLang;
  params: Record<string, string>;
  url: URL;
  form: URLSearchParams;
  queries: QueueQuery;
  live: LiveFeed;
  /** Builds the view context (with the pending count for the navigation) for a page. */
  view(): Promise<ViewContext>;
}

export interface Route {
  method: "GET" | "POST";
  pattern: RegExp;
  handle(ctx: RouteContext): Promise<Outcome>;
}

/** Case ids as the store makes them (`c20261122-143005-k3f9`); anything else is not a case. */
const CASE_ID = "(c\\d{8}-\\d{6}-[a-z0-9]{1,12})";
const NONCE = /^[A-Za-z0-9_-]{16,64}$/;
/** Rows per page of the queue and the history. */
const PAGE_SIZE = 50;
/** "The customer's other cases" look this far back. */
const OTHER_CASES_DAYS = 30;
const STATUS_MAX_CHARS = 280;
/** Precision from staff corrections is measured over this many days (as on the App Home tab). */
const PRECISION_DAYS = 7;
/** Ended surges listed under the active ones. */
const ENDED_SURGE_DAYS = 7;
const INTENT_ID = "([a-z0-9]+(?:-[a-z0-9]+)*)";

const page = (body: SafeHtml): Outcome => ({ kind: "page", body });
const redirect = (to: string, flash?: Flash, cookies?: string[]): Outcome => ({
  kind: "redirect",
  to,
  ...(flash ? { flash } : {}),
  ...(cookies ? { cookies } : {}),
});

export const ROUTES: Route[] = [
  { method: "GET", pattern: /^\/$/, handle: home },
  { method: "POST", pattern: /^\/cases$/, handle: intake },
  { method: "GET", pattern: new RegExp(`^/cases/${CASE_ID}$`), handle: showCase },
  { method: "POST", pattern: new RegExp(`^/cases/${CASE_ID}/approve$`), handle: approve },
  { method: "POST", pattern: new RegExp(`^/cases/${CASE_ID}/edit$`), handle: edit },
  { method: "POST", pattern: new RegExp(`^/cases/${CASE_ID}/reclassify$`), handle: reclassify },
  { method: "POST", pattern: new RegExp(`^/cases/${CASE_ID}/alternative$`), handle: pickAlternative },
  { method: "POST", pattern: new RegExp(`^/cases/${CASE_ID}/escalate$`), handle: escalate },
  { method: "POST", pattern: new RegExp(`^/cases/${CASE_ID}/dismiss$`), handle: dismiss },
  { method: "POST", pattern: new RegExp(`^/cases/${CASE_ID}/claim$`), handle: claim },
  { method: "POST", pattern: new RegExp(`^/cases/${CASE_ID}/release$`), handle: release },
  { method: "POST", pattern: new RegExp(`^/cases/${CASE_ID}/reopen$`), handle: reopen },
  { method: "POST", pattern: new RegExp(`^/cases/${CASE_ID}/redraft$`), handle: redraft },
  { method: "POST", pattern: /^\/cases\/bulk$/, handle: bulk },
  { method: "GET", pattern: /^\/next$/, handle: nextCase },
  { method: "GET", pattern: /^\/events$/, handle: events },
  { method: "GET", pattern: /^\/me$/, handle: me },
  { method: "POST", pattern: /^\/me$/, handle: setMe },
  { method: "GET", pattern: /^\/queue$/, handle: queue },
  { method: "GET", pattern: /^\/history$/, handle: history },
  { method: "GET", pattern: /^\/status$/, handle: statusLines },
  { method: "POST", pattern: /^\/status$/, handle: setStatus },
  { method: "GET", pattern: /^\/report$/, handle: report },
  { method: "GET", pattern: /^\/report\/chart\.svg$/, handle: reportChart },
  { method: "GET", pattern: /^\/report\.md$/, handle: reportMarkdown },
  { method: "GET", pattern: /^\/surges$/, handle: surges },
  { method: "POST", pattern: new RegExp(`^/surges/${INTENT_ID}/notice$`), handle: approveNotice },
  { method: "GET", pattern: /^\/intents$/, handle: intents },
  { method: "POST", pattern: /^\/intents\/reload$/, handle: reload },
];

async function home(ctx: RouteContext): Promise<Outcome> {
  const recent = await ctx.runtime.cases.list({ state: "pending", limit: 5 });
  // A fresh nonce per rendered form makes a double submit of the same paste one case (intake dedupe).
  return page(homePage(await ctx.view(), { recent, nonce: randomBytes(16).toString("base64url") }));
}

async function intake(ctx: RouteContext): Promise<Outcome> {
  const text = ctx.form.get("text") ?? "";
  const nonce = ctx.form.get("nonce") ?? "";
  const length = formLength(text);
  if (length > PASTE_MAX_CHARS) {
    // Refused, not lost: the text goes back into the form with the reason.
    return redirect("/", {
      kind: "error",
      title: ctx.t.flash.invalid,
      detail: ctx.t.work.tooLong(PASTE_MAX_CHARS, length),
      form: "paste",
      text,
    });
  }
  try {
    const made = await ctx.runtime.cases.intake({
      raw: text,
      source: { kind: "console" },
      actor: ctx.actor,
      ...(NONCE.test(nonce) ? { dedupeKey: `console:${nonce}` } : {}),
    });
    return redirect(caseHref(made.case), {
      kind: made.created ? "ok" : "info",
      title: made.created ? ctx.t.flash.created : ctx.t.flash.existing,
    });
  } catch (error) {
    if (!(error instanceof IntakeError)) throw error;
    return redirect("/", {
      kind: "error",
      title: ctx.t.flash.emptyPaste,
      detail: localizeMessage(ctx.lang, error.message),
      form: "paste",
      text,
    });
  }
}

async function findCase(ctx: RouteContext): Promise<Case> {
  const c = await ctx.runtime.cases.get(ctx.params.id as string);
  if (!c) throw new HttpError(404);
  return c;
}

async function showCase(ctx: RouteContext): Promise<Outcome> {
  const c = await findCase(ctx);
  const status = await ctx.runtime.statuses.get(c.intent);
  const since = new Date(ctx.runtime.clock().getTime() - OTHER_CASES_DAYS * 24 * 3600_000);
  const others = c.mention.handle ? await ctx.queries.byHandle(c.mention.handle, since, c.id) : [];
  return page(casePage(await ctx.view(), { c, others, ...(status ? { status } : {}) }));
}

/** Turns a case service result into a redirect back to the card (or on to `next`) with a clear message. */
function afterCommand(
  ctx: RouteContext,
  result: CaseResult,
  ok: (c: Case) => string,
  refused?: { form: string; text: string },
  next?: string,
): Outcome {
  const id = ctx.params.id as string;
  const back = `/cases/${id}`;
  const { t } = ctx;
  const say = (message: string) => localizeMessage(ctx.lang, message);
  if (result.ok) {
    return redirect(
      result.changed && next ? next : back,
      result.changed ? { kind: "ok", title: ok(result.case) } : { kind: "info", title: t.flash.unchanged },
    );
  }
  switch (result.code) {
    case "not-found":
      throw new HttpError(404, say(result.message));
    case "conflict":
      return redirect(back, {
        kind: "error",
        title: result.case.state === "pending" ? t.work.draftChanged : t.flash.conflict,
        detail: say(result.message),
        ...(refused ?? {}),
      });
    case "forbidden":
      return redirect(back, { kind: "error", title: t.flash.forbidden, detail: say(result.message) });
    case "invalid":
      return redirect(back, {
        kind: "error",
        title: t.flash.invalid,
        problems: (result.problems.length ? result.problems : [result.message]).map(say),
        ...(refused ?? {}),
      });
  }
}

/** Where "approve & next" goes: the oldest pending case after this one, or the queue when none is left. */
async function nextHref(ctx: RouteContext, after: string): Promise<string> {
  const next = await ctx.queries.nextOldest(
    { engine: ctx.runtime.engines.engine, now: ctx.runtime.clock() },
    after,
  );
  return next ? `${caseHref(next)}?from=next` : "/queue?cleared=1";
}

/** `next=1` on a decision form: "approve & next" (and dismiss & next) open the next oldest case. */
async function maybeNext(ctx: RouteContext): Promise<string | undefined> {
  return ctx.form.get("next") === "1" ? nextHref(ctx, ctx.params.id as string) : undefined;
}

/** The case version the page showed (hidden `version` field): approving or editing a draft changed since is refused. */
function expectedVersion(ctx: RouteContext): { expectedVersion?: number } {
  const v = ctx.form.get("version");
  return v && /^\d{1,9}$/.test(v) ? { expectedVersion: Number(v) } : {};
}

async function approve(ctx: RouteContext): Promise<Outcome> {
  const id = ctx.params.id as string;
  const result = await ctx.runtime.cases.approve(id, ctx.actor, expectedVersion(ctx));
  return afterCommand(ctx, result, () => ctx.t.flash.approved, undefined, await maybeNext(ctx));
}

async function edit(ctx: RouteContext): Promise<Outcome> {
  const text = ctx.form.get("text") ?? "";
  const length = formLength(text);
  if (length > EDIT_MAX_CHARS) {
    return redirect(`/cases/${ctx.params.id}`, {
      kind: "error",
      title: ctx.t.flash.invalid,
      problems: [ctx.t.work.tooLong(EDIT_MAX_CHARS, length)],
      form: "edit",
      text,
    });
  }
  // The refusal (not sincere, too long) is explained in the console's language.
  const result = await ctx.runtime.cases.edit(ctx.params.id as string, ctx.actor, text, {
    ...expectedVersion(ctx),
    language: ctx.lang,
  });
  return afterCommand(ctx, result, () => ctx.t.flash.edited, { form: "edit", text });
}

async function reclassify(ctx: RouteContext): Promise<Outcome> {
  const intent = ctx.form.get("intent") ?? "";
  const useTemplate = ctx.form.get("template") === "1";
  const result = await ctx.runtime.cases.reclassify(ctx.params.id as string, ctx.actor, intent, {
    useTemplate,
  });
  return afterCommand(ctx, result, (c) => ctx.t.flash.reclassified(intentTitle(viewLite(ctx), c.intent)));
}

async function claim(ctx: RouteContext): Promise<Outcome> {
  const takeOver = ctx.form.get("takeover") === "1";
  const result = await ctx.runtime.cases.claim(ctx.params.id as string, ctx.actor, { takeOver });
  if (!result.ok && result.code === "conflict" && result.case.state === "pending") {
    return redirect(`/cases/${ctx.params.id}`, {
      kind: "error",
      title: ctx.t.work.claimConflict,
      detail: localizeMessage(ctx.lang, result.message),
    });
  }
  return afterCommand(ctx, result, () => ctx.t.work.claimed);
}

async function release(ctx: RouteContext): Promise<Outcome> {
  const result = await ctx.runtime.cases.release(ctx.params.id as string, ctx.actor);
  return afterCommand(ctx, result, () => ctx.t.work.released);
}

async function reopen(ctx: RouteContext): Promise<Outcome> {
  const result = await ctx.runtime.cases.reopen(ctx.params.id as string, ctx.actor);
  return afterCommand(ctx, result, () => ctx.t.work.reopened);
}

async function redraft(ctx: RouteContext): Promise<Outcome> {
  const result = await ctx.runtime.cases.redraft(ctx.params.id as string, ctx.actor);
  return afterCommand(ctx, result, () => ctx.t.work.redrafted);
}

/**
 * One action on many cases (the queue's checkboxes): each case goes through the service on its own,
 * so each is checked (state, permission, draft) and audited as if clicked one by one.
 */
async function bulk(ctx: RouteContext): Promise<Outcome> {
  const ids = [...new Set(ctx.form.getAll("ids"))].filter((id) => new RegExp(`^${CASE_ID}$`).test(id));
  const back = safeReturn(ctx.form.get("return"));
  const { t } = ctx;
  if (ids.length === 0) return redirect(back, { kind: "error", title: t.work.bulkNone });
  if (ids.length > BULK_MAX_CASES) throw new HttpError(413);
  const action = ctx.form.get("action");
  const run = async (id: string): Promise<CaseResult> => {
    switch (action) {
      case "dismiss":
        return ctx.runtime.cases.dismiss(
          id,
          ctx.actor,
          (ctx.form.get("reason") ?? "") as Parameters<Runtime["cases"]["dismiss"]>[2],
          ctx.form.get("note") ?? undefined,
        );
      case "reclassify":
        return ctx.runtime.cases.reclassify(id, ctx.actor, ctx.form.get("intent") ?? "");
      case "approve":
        return ctx.runtime.cases.approve(id, ctx.actor);
      default:
        throw new HttpError(400, "Unknown bulk action.");
    }
  };
  const problems: string[] = [];
  let done = 0;
  for (const id of ids) {
    const result = await run(id);
    if (result.ok) done++;
    else problems.push(`${id}: ${localizeMessage(ctx.lang, result.message)}`);
  }
  return redirect(back, {
    kind: problems.length ? "error" : "ok",
    title: t.work.bulkDone(done, problems.length),
    ...(problems.length ? { problems } : {}),
  });
}

/** Only our own queue addresses, so a crafted form cannot send the browser elsewhere. */
function safeReturn(value: string | null): string {
  return value && /^\/queue(\?[^\s#]*)?$/.test(value) ? value : "/queue";
}

async function nextCase(ctx: RouteContext): Promise<Outcome> {
  const after = ctx.url.searchParams.get("after") ?? undefined;
  return redirect(await nextHref(ctx, after ?? ""));
}

async function events(ctx: RouteContext): Promise<Outcome> {
  return { kind: "stream", start: (req, res) => ctx.live.open(req, res) };
}

async function me(ctx: RouteContext): Promise<Outcome> {
  return page(mePage(await ctx.view()));
}

async function setMe(ctx: RouteContext): Promise<Outcome> {
  const name = (ctx.form.get("name") ?? "").trim();
  if (!USER_NAME.test(name)) {
    return redirect("/me", { kind: "error", title: ctx.t.work.badName, form: "me", text: name });
  }
  return redirect(
    "/queue",
    {
      kind: "ok",
      title: ctx.t.work.nameSaved(name),
    },
    [serializeCookie(COOKIE.user, name, { maxAgeSeconds: 365 * 24 * 3600 })],
  );
}

async function pickAlternative(ctx: RouteContext): Promise<Outcome> {
  const situation = ctx.form.get("situation") ?? "";
  const result = await ctx.runtime.cases.pickAlternative(ctx.params.id as string, ctx.actor, situation);
  return afterCommand(ctx, result, () => ctx.t.flash.alternativePicked);
}

async function escalate(ctx: RouteContext): Promise<Outcome> {
  const result = await ctx.runtime.cases.escalate(ctx.params.id as string, ctx.actor);
  return afterCommand(ctx, result, (c) => {
    const dept = ctx.runtime.engines.engine.pack.departments.find((d) => d.id === c.department);
    return ctx.t.flash.escalated(dept?.name[ctx.lang] ?? c.department);
  });
}

async function dismiss(ctx: RouteContext): Promise<Outcome> {
  const reason = ctx.form.get("reason") ?? "";
  const note = ctx.form.get("note") ?? undefined;
  // The service checks the reason against DISMISS_REASONS and answers `invalid` for anything else.
  const result = await ctx.runtime.cases.dismiss(
    ctx.params.id as string,
    ctx.actor,
    reason as Parameters<Runtime["cases"]["dismiss"]>[2],
    note,
  );
  return afterCommand(ctx, result, () => ctx.t.flash.dismissed, undefined, await maybeNext(ctx));
}

/** The queue's filters from the address (anything unknown is ignored, not an error). */
function queueFilter(ctx: RouteContext): QueueFilter {
  const q = ctx.url.searchParams;
  const engine = ctx.runtime.engines.engine;
  const f: QueueFilter = { state: "pending", order: q.get("order") === "newest" ? "newest" : "oldest" };
  const intent = q.get("intent") ?? "";
  if (engine.intentIds().includes(intent)) f.intent = intent;
  const state = q.get("state");
  if (state === "approved" || state === "dismissed" || state === "pending") f.state = state;
  if (state === "any") delete f.state;
  const department = q.get("department") ?? "";
  if (engine.pack.departments.some((d) => d.id === department)) f.department = department;
  const situation = (q.get("situation") ?? "").trim();
  if (/^[a-z0-9-]{1,40}$/.test(situation)) f.situation = situation;
  const claimedBy = q.get("claimed");
  if (claimedBy === "none") f.claimedBy = "";
  else if (claimedBy && USER_NAME.test(claimedBy.replace(/^slack:/, ""))) f.claimedBy = claimedBy;
  if (q.get("overdue") === "1") f.overdue = true;
  const search = (q.get("q") ?? "").trim().slice(0, 200);
  const handle = /^@(\w{1,15})$/.exec(search);
  if (handle) f.handle = handle[1] as string;
  else if (search) f.text = search;
  return f;
}

async function queue(ctx: RouteContext): Promise<Outcome> {
  const filter = queueFilter(ctx);
  const qctx = { engine: ctx.runtime.engines.engine, now: ctx.runtime.clock() };
  const cursor = ctx.url.searchParams.get("after") ?? undefined;
  const result = await ctx.queries.page(filter, qctx, PAGE_SIZE, cursor);
  const offset = cursor && /^\d+$/.test(cursor) ? Number(cursor) : 0;
  return page(
    queuePage(await ctx.view(), {
      cases: result.items,
      total: result.total,
      ...(result.totalCapped ? { totalCapped: true } : {}),
      offset,
      filter,
      search: (ctx.url.searchParams.get("q") ?? "").trim(),
      ...(result.nextCursor ? { nextCursor: result.nextCursor } : {}),
      cleared: ctx.url.searchParams.get("cleared") === "1",
    }),
  );
}

async function history(ctx: RouteContext): Promise<Outcome> {
  const wanted = ctx.url.searchParams.get("state");
  const state = wanted === "approved" || wanted === "dismissed" ? wanted : undefined;
  // Paged: the page says how many there are (up to 10,000, then "10000+") and links to the next
  // ones. One indexed query per page (most recently decided first), not a read of every decided case.
  const asked = Number(ctx.url.searchParams.get("page") ?? "1");
  const pageNo = Number.isInteger(asked) && asked >= 1 ? asked : 1;
  const {
    items: cases,
    total,
    totalCapped,
    more,
  } = await ctx.runtime.cases.decided({
    ...(state ? { state } : {}),
    offset: (pageNo - 1) * PAGE_SIZE,
    limit: PAGE_SIZE,
  });
  return page(
    historyPage(await ctx.view(), {
      cases,
      total,
      ...(totalCapped ? { totalCapped } : {}),
      more,
      page: pageNo,
      pageSize: PAGE_SIZE,
      ...(state ? { state } : {}),
    }),
  );
}

async function statusLines(ctx: RouteContext): Promise<Outcome> {
  const statuses = new Map<string, LiveStatus>((await ctx.runtime.statuses.list()).map((s) => [s.intent, s]));
  return page(statusPage(await ctx.view(), { statuses }));
}

async function setStatus(ctx: RouteContext): Promise<Outcome> {
  const intent = ctx.form.get("intent") ?? "";
  const text = ctx.form.get("text") ?? "";
  const { t } = ctx;
  if (!ctx.runtime.engines.engine.intentIds().includes(intent)) {
    return redirect("/status", { kind: "error", title: t.flash.unknownIntent, detail: intent });
  }
  const back = ctx.form.get("return") === "surges" ? `/surges#surge-${intent}` : `/status#status-${intent}`;
  if ([...text.trim()].length > STATUS_MAX_CHARS) {
    return redirect(back, {
      kind: "error",
      title: t.flash.invalid,
      problems: [`The status line is longer than ${STATUS_MAX_CHARS} characters: keep it to one short line.`],
      form: `status:${intent}`,
      text,
    });
  }
  const set = await ctx.runtime.statuses.set(intent, text, ctx.actor);
  const title = intentTitle(viewLite(ctx), intent);
  return redirect(back, { kind: "ok", title: set ? t.flash.statusSet(title) : t.flash.statusCleared(title) });
}

/** The `date` query parameter (default: today in TIMEZONE); anything but YYYY-MM-DD is a 400. */
function reportDate(ctx: RouteContext): string {
  const asked = ctx.url.searchParams.get("date")?.trim();
  if (!asked) return localDate(ctx.runtime.clock(), ctx.runtime.config.TIMEZONE);
  if (!isDate(asked)) throw new HttpError(400, ctx.t.report.badDate);
  return asked;
}

function loadReport(ctx: RouteContext, date: string): Promise<BuiltReport> {
  return ctx.ops ? ctx.ops.report(date) : buildReport(ctx.runtime, date);
}

async function report(ctx: RouteContext): Promise<Outcome> {
  const date = reportDate(ctx);
  const built = await loadReport(ctx, date);
  const today = localDate(ctx.runtime.clock(), ctx.runtime.config.TIMEZONE);
  return page(
    reportPage(await ctx.view(), {
      report: built.report,
      today,
      previous: addDays(date, -1),
      next: addDays(date, 1),
    }),
  );
}

async function reportChart(ctx: RouteContext): Promise<Outcome> {
  const built = await loadReport(ctx, reportDate(ctx));
  return { kind: "file", type: "image/svg+xml", body: renderChartSvg(built.report, { language: ctx.lang }) };
}

async function reportMarkdown(ctx: RouteContext): Promise<Outcome> {
  const date = reportDate(ctx);
  const built = await loadReport(ctx, date);
  return {
    kind: "file",
    type: "text/markdown; charset=utf-8",
    body: built.markdown,
    filename: `sincerely-report-${date}.md`,
  };
}

async function surges(ctx: RouteContext): Promise<Outcome> {
  const { ops } = ctx;
  const asked = ctx.url.searchParams.get("draft");
  const draftLang: Language = asked === "ko" || asked === "en" ? asked : ctx.lang;
  if (!ops) {
    return page(
      surgesPage(await ctx.view(), {
        running: false,
        active: [],
        drafts: new Map(),
        draftLang,
        statuses: new Map(),
        ended: [],
      }),
    );
  }
  const active = await ops.surges.active();
  // A fresh draft quotes the status line as it is now (set just below on this page).
  const drafts = new Map(
    await Promise.all(
      active.map(async (rec) => [rec.intent, await ops.surges.draftNotice(rec.intent)] as const),
    ),
  );
  const statuses = new Map<string, LiveStatus>((await ctx.runtime.statuses.list()).map((s) => [s.intent, s]));
  const since = new Date(ctx.runtime.clock().getTime() - ENDED_SURGE_DAYS * 24 * 3600_000);
  const ended = await ops.surges.ended(since);
  return page(surgesPage(await ctx.view(), { running: true, active, drafts, draftLang, statuses, ended }));
}

async function approveNotice(ctx: RouteContext): Promise<Outcome> {
  const intent = ctx.params.id as string;
  const { t } = ctx;
  if (!ctx.ops) return redirect("/surges", { kind: "error", title: t.flash.surgesOff });
  const text = ctx.form.get("text") ?? "";
  const url = ctx.form.get("url") ?? "";
  const result = await ctx.ops.surges.approveNotice(intent, text, url, ctx.actor);
  const back = `/surges#surge-${intent}`;
  if (result.ok) {
    return redirect(back, {
      kind: "ok",
      title: t.flash.noticeApproved(intentTitle(viewLite(ctx), intent), result.surge.notice?.url ?? url),
    });
  }
  return redirect(back, {
    kind: "error",
    title: t.flash.noticeRefused,
    detail: result.message,
    form: `notice:${intent}`,
    text,
    values: { url },
  });
}

async function intents(ctx: RouteContext): Promise<Outcome> {
  const holder = ctx.runtime.engines;
  if (ctx.url.searchParams.get("cv") === "retry") {
    ctx.cv.state(holder, { retry: true });
    return redirect("/intents");
  }
  const cv = ctx.cv.state(holder);
  const precision = ctx.ops
    ? await ctx.ops.precision(PRECISION_DAYS)
    : await loadPrecision(runtimeSource(ctx.runtime), {
        now: ctx.runtime.clock(),
        pack: holder.engine.pack,
        days: PRECISION_DAYS,
      });
  return page(
    intentsPage(await ctx.view(), {
      loadedAt: holder.loadedAt,
      problems: holder.problems,
      cv,
      folds: ctx.cv.folds,
      precision,
      precisionDays: PRECISION_DAYS,
    }),
  );
}

async function reload(ctx: RouteContext): Promise<Outcome> {
  const result = await ctx.runtime.engines.reload();
  const { t } = ctx;
  if (result.ok) return redirect("/intents", { kind: "ok", title: t.flash.reloaded });
  const errors = result.problems.filter((p) => p.severity === "error");
  return redirect("/intents", {
    kind: "error",
    title: t.flash.reloadFailed,
    problems: errors.map((p) => `${p.file}:${p.line}: ${p.message}`),
  });
}

/** Enough of a view context to name intents in a message, without loading the pending count. */
function viewLite(ctx: RouteContext): Pick<ViewContext, "engine" | "lang"> {
  return { engine: ctx.runtime.engines.engine, lang: ctx.lang };
}
