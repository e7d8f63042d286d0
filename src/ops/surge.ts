/**
 * Surges: when one topic floods in, the team answers with one official notice instead of a hundred
 * apologies (the critic in seed 003). The monitor counts each intent's cases over a sliding window,
 * compares the count with that intent's usual rate over the previous week, and raises one alert per
 * surge with sample mentions and a draft notice from the intent's notice template.
 *
 * Everything it decides is kept in the kv document `surges` (active surges, whether the alert and the
 * follow-up were delivered, the approved notice), and the counts come from the case store, so a
 * restart neither forgets a surge nor alerts for it again.
 */

import type { CaseService } from "../cases/case-service.js";
import type { StatusSource } from "../cases/status-lines.js";
import { type Actor, type Case, mentionTime } from "../cases/types.js";
import type { Engine } from "../core/engine.js";
import { sameSentenceKey } from "../core/normalize.js";
import { checkSincerity, sincerityMessages } from "../core/sincerity.js";
import type { ActiveNotice, DraftContext, Language, SurgeRule } from "../core/types.js";
import type { Runtime } from "../runtime.js";
import type { CaseFigures } from "../store/case-figures.js";
import type { VersionedDocument } from "../store/row-documents.js";
import { settleWithin } from "./time.js";

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** How long stop() waits for a check or post in progress. */
const STOP_WAIT_MS = 5_000;
/**
 * New cases that come within this long of the last check share the next one. A check takes the
 * surge lease and reads the window (a write and a few queries); one per case made a burst of 50
 * intakes pay for 50 checks while their acks waited. Surge windows are minutes long.
 */
const CHECK_SPACING_MS = 250;

/** Where a front end posted the alert (e.g. Slack channel and ts), so it can update it or thread under it. */
export interface AlertRef {
  channel?: string;
  ts?: string;
}

export interface ApprovedNotice {
  text: string;
  url: string;
  approvedAt: string;
  approvedBy: string;
}

export interface SurgeRecord {
  intent: string;
  startedAt: string;
  endedAt?: string;
  /** Cases in the window at the last check. */
  count: number;
  peakCount: number;
  /** The intent's usual count per window when the surge started. */
  baseline: number;
  /** The count that had to be reached: max(minCount, rateMultiplier × max(baseline, 1)). */
  threshold: number;
  rule: SurgeRule;
  /** Cases of the intent from the window that started the surge to its end (set when it ends). */
  total?: number;
  samples: string[];
  noticeDraft: Record<Language, string>;
  notice?: ApprovedNotice;
  /** Set once the alert was delivered (posted), so it is never posted twice. */
  alert?: { sentAt: string; ref?: AlertRef };
  /** Set once the "ended" follow-up was delivered, or skipped because no alert had gone out. */
  followUp?: { sentAt: string; ref?: AlertRef; skipped?: boolean };
}

export interface SurgeData {
  version: 1;
  active: Record<string, SurgeRecord>;
  /** Ended surges, newest last, kept for the daily report for `keepEndedDays`. */
  ended: SurgeRecord[];
}

/** The old kv row's name (before migration 0004 moved surges to their own table). */
export const SURGES_KV = "surges";
export const SURGE_DEFAULTS: SurgeData = { version: 1, active: {}, ended: [] };

export interface SurgeEvent {
  type: "started" | "ended";
  /** Stable per surge and type: `delay-complaint@2026-11-22T05:00:00.000Z/started`. */
  id: string;
  intent: string;
  title: { ko: string; en: string };
  count: number;
  baseline: number;
  threshold: number;
  rule: SurgeRule;
  peakCount: number;
  startedAt: string;
  endedAt?: string;
  total?: number;
  /** Up to three recent mention texts (customer text: escape before display). */
  samples: string[];
  noticeDraft: Record<Language, string>;
  notice?: ApprovedNotice;
  /** For `ended`: where the alert was posted. */
  alert?: AlertRef;
}

export interface WindowStats {
  intent: string;
  count: number;
  baseline: number;
  threshold: number;
  surging: boolean;
  /** True when the count is low enough for an active surge to end (below minCount / 2). */
  calm: boolean;
  samples: string[];
}

export type NoticeResult =
  | { ok: true; surge: SurgeRecord }
  | { ok: false; code: "not-active" | "invalid" | "forbidden"; message: string };

export const surgeMessages = {
  notActive: (intent: string) =>
    `There is no surge in progress for "${intent}": a notice can only be approved during a surge.`,
  emptyNotice: "The notice text is empty: write the notice first.",
  notSincere: (problems: string[]) => `The notice is not sincere yet: ${problems.join(" ")}`,
  badUrl: (url: string) =>
    `"${url}" is not a web address: give the notice's http(s) link (for example the blog post).`,
  forbidden: (who: string) =>
    `${who} may not approve notices. Ask an admin to add you to the care team's approvers.`,
} as const;

export interface SurgeMonitorOptions {
  cases: Pick<CaseService, "onChange">;
  /** Window counts and samples, computed by the database. */
  figures: Pick<CaseFigures, "windowCounts" | "countOccurred" | "recentTexts">;
  engine: () => Engine;
  kv: VersionedDocument<SurgeData>;
  /** The map the case service reads for `{noticeUrl}` (runtime.notices). */
  notices: Map<string, ActiveNotice>;
  clock: () => Date;
  timezone: string;
  /** Live status lines, quoted in the notice draft's "current stage". */
  statuses?: StatusSource;
  mayDecide?: (actor: Actor) => boolean;
  /** Days of history the usual rate is averaged over. */
  baselineDays?: number;
  /** Days ended surges are kept (for reports). */
  keepEndedDays?: number;
  /**
   * Whether this replica evaluates surges and posts alerts now (takes or renews the surge lease).
   * The others only follow the stored surges (approved notices for drafts). Default: always.
   */
  leader?: () => Promise<boolean>;
}

export interface SurgeStartOptions {
  /**
   * Posts an event (the alert, the follow-up); resolving to an AlertRef (`{ channel, ts }`) remembers
   * where it went, for the follow-up and for updating the alert. Called again on the next
   * check if it throws, so an alert is not lost while Slack is unreachable. Without it, events count
   * as delivered at once (the console shows surges from `active()`).
   */
  deliver?: (event: SurgeEvent) => Promise<unknown>;
  /** How often to check without new cases (surges also end by time passing). */
  intervalMs?: number;
  onError?: (err: unknown) => void;
}

/** The numbers for one intent at `now`, from cases of the last `baselineDays` days plus one window. */
export function windowStats(
  cases: ReadonlyArray<Pick<Case, "intent" | "createdAt" | "mention">>,
  intent: string,
  rule: SurgeRule,
  now: Date,
  baselineDays = 7,
): WindowStats {
  const windowMs = rule.windowMinutes * MINUTE;
  const end = now.getTime();
  const windowStart = end - windowMs;
  const baselineStart = windowStart - baselineDays * DAY;
  let count = 0;
  let before = 0;
  const recent: Array<{ t: number; text: string }> = [];
  for (const c of cases) {
    if (c.intent !== intent) continue;
    // Posted time: a backlog imported now counts when it was posted, not as a burst now.
    const t = Date.parse(mentionTime(c));
    if (t > windowStart && t <= end) {
      count++;
      recent.push({ t, text: c.mention.text });
    } else if (t >= baselineStart && t <= windowStart) before++;
  }
  recent.sort((a, b) => b.t - a.t);
  return statsFromCounts(
    intent,
    rule,
    count,
    before,
    baselineDays,
    distinctSamples(recent.map((r) => r.text)),
  );
}

/** The stats from the counts: `count` in the window, `before` in the baseline days before it. */
export function statsFromCounts(
  intent: string,
  rule: SurgeRule,
  count: number,
  before: number,
  baselineDays: number,
  samples: string[],
): WindowStats {
  const baseline = before / ((baselineDays * DAY) / (rule.windowMinutes * MINUTE));
  // A floor of one case per window, so an intent with no history can still surge, but not on 3 cases.
  const threshold = Math.max(rule.minCount, rule.rateMultiplier * Math.max(baseline, 1));
  return {
    intent,
    count,
    baseline: round2(baseline),
    threshold: round2(threshold),
    surging: count >= threshold,
    calm: count < rule.minCount / 2,
    samples,
  };
}

/** Up to three texts, newest first, one per sentence (a copy-pasted complaint is one sample). */
function distinctSamples(
  newestFirst: readonly string[],
  seen = new Set<string>(),
  into: string[] = [],
): string[] {
  for (const text of newestFirst) {
    if (into.length === 3) break;
    const key = sameSentenceKey(text);
    if (seen.has(key)) continue;
    seen.add(key);
    into.push(text);
  }
  return into;
}

export class SurgeMonitor {
  readonly #o: SurgeMonitorOptions;
  readonly #baselineDays: number;
  readonly #keepEndedDays: number;
  readonly #listeners = new Set<(event: SurgeEvent) => void>();
  #chain: Promise<unknown> = Promise.resolve();
  #deliveries: Promise<unknown> = Promise.resolve();
  readonly #inflight = new Set<Promise<unknown>>();
  #queued = false;
  /** When the last check triggered by new cases started (performance.now()). */
  #lastRequestedCheck = Number.NEGATIVE_INFINITY;
  #timer: NodeJS.Timeout | undefined;
  #unsubscribe: (() => void) | undefined;
  #start: SurgeStartOptions | undefined;

  constructor(options: SurgeMonitorOptions) {
    this.#o = options;
    this.#baselineDays = options.baselineDays ?? 7;
    this.#keepEndedDays = options.keepEndedDays ?? 35;
  }

  /** A monitor over the runtime's cases, engine, statuses and notices, with state in kv `surges`. */
  static fromRuntime(
    runtime: Pick<
      Runtime,
      "cases" | "engines" | "store" | "notices" | "clock" | "config" | "statuses" | "mayDecide"
    >,
    options: Partial<
      Pick<SurgeMonitorOptions, "baselineDays" | "keepEndedDays" | "mayDecide" | "leader">
    > = {},
  ): SurgeMonitor {
    return new SurgeMonitor({
      cases: runtime.cases,
      figures: runtime.store.figures,
      engine: () => runtime.engines.engine,
      kv: runtime.store.surges,
      notices: runtime.notices,
      clock: runtime.clock,
      timezone: runtime.config.TIMEZONE,
      statuses: runtime.statuses,
      mayDecide: runtime.mayDecide,
      ...options,
    });
  }

  /**
   * Restores approved notices, then checks at once (in the background: `idle()` waits for it), on every
   * new or reclassified case, and every `intervalMs`. Events are handed to `deliver` and marked
   * delivered when it resolves.
   */
  async start(options: SurgeStartOptions = {}): Promise<void> {
    this.#start = options;
    await this.restore();
    this.#unsubscribe = this.#o.cases.onChange((_c, event) => {
      if (event.type === "created" || event.type === "reclassified") this.#request();
    });
    const interval = options.intervalMs ?? MINUTE;
    this.#timer = setInterval(() => this.#request(), interval);
    this.#timer.unref();
    // The first check (which may post) runs in the background: a slow Slack must not hold up start.
    void this.checkNow().catch((err) => this.#error(err));
  }

  /** Stops the timer and the case subscription; waits for a check in progress. */
  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    await settleWithin(this.idle(), STOP_WAIT_MS);
    this.#start = undefined;
  }

  /** Called once for every new transition (not for redeliveries): for logs and live views. */
  subscribe(listener: (event: SurgeEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /**
   * Evaluates every intent now, stores the transitions, and returns the events still to be delivered:
   * new ones and any earlier one whose delivery failed or was not confirmed.
   */
  check(): Promise<SurgeEvent[]> {
    return this.#enqueue(() => this.#evaluate());
  }

  /** Records that an event was posted (and where), so it is never posted again. */
  markDelivered(event: SurgeEvent, ref?: AlertRef): Promise<void> {
    const at = this.#o.clock().toISOString();
    return this.#o.kv.update((data) => {
      if (event.type === "started") {
        const rec = data.active[event.intent];
        if (rec && rec.startedAt === event.startedAt && !rec.alert)
          rec.alert = { sentAt: at, ...(ref ? { ref } : {}) };
        return;
      }
      const rec = data.ended.find((r) => r.intent === event.intent && r.startedAt === event.startedAt);
      if (rec && !rec.followUp) rec.followUp = { sentAt: at, ...(ref ? { ref } : {}) };
    });
  }

  /** Surges in progress, longest-running first. */
  async active(): Promise<SurgeRecord[]> {
    const data = await this.#o.kv.read();
    return Object.values(data.active).sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  }

  async get(intent: string): Promise<SurgeRecord | undefined> {
    return (await this.#o.kv.read()).active[intent];
  }

  /** Ended surges that ended at or after `since`, oldest first. */
  async ended(since?: Date): Promise<SurgeRecord[]> {
    const data = await this.#o.kv.read();
    return since
      ? data.ended.filter((r) => Date.parse(r.endedAt ?? r.startedAt) >= since.getTime())
      : data.ended;
  }

  /** A fresh notice draft for the intent (for the "edit notice" form), quoting the live status line. */
  async draftNotice(intent: string): Promise<Record<Language, string>> {
    return this.#draft(this.#o.engine(), intent, this.#o.clock());
  }

  /**
   * Approves the official notice for a surge in progress: from now until the surge ends, every new
   * draft for the intent links to `url` (`{noticeUrl}`).
   */
  async approveNotice(intent: string, text: string, url: string, actor: Actor): Promise<NoticeResult> {
    if (this.#o.mayDecide && !this.#o.mayDecide(actor)) {
      return { ok: false, code: "forbidden", message: surgeMessages.forbidden(actor.name ?? actor.id) };
    }
    const body = text.trim();
    if (!body) return { ok: false, code: "invalid", message: surgeMessages.emptyNotice };
    // The same sincerity check as drafts and edits: a notice too must say what happens next and
    // who/where/when, not only "we know". (Its length is not an X post's, so only sincerity counts.)
    const sincerity = checkSincerity(body, this.#o.engine().pack.departments);
    if (!sincerity.ok)
      return {
        ok: false,
        code: "invalid",
        message: surgeMessages.notSincere(sincerityMessages(sincerity, "en")),
      };
    const link = url.trim();
    if (!isWebUrl(link)) return { ok: false, code: "invalid", message: surgeMessages.badUrl(link) };
    const at = this.#o.clock().toISOString();
    const result = await this.#enqueue(() =>
      this.#o.kv.update((data): NoticeResult => {
        const rec = data.active[intent];
        if (!rec) return { ok: false, code: "not-active", message: surgeMessages.notActive(intent) };
        rec.notice = { text: body, url: link, approvedAt: at, approvedBy: actor.name ?? actor.id };
        return { ok: true, surge: structuredClone(rec) };
      }),
    );
    if (result.ok) this.#o.notices.set(intent, { intent, url: link });
    return result;
  }

  /** Makes runtime.notices match the stored surges (after a restart). */
  async restore(): Promise<void> {
    this.#syncNotices(await this.#o.kv.read());
  }

  #request(): void {
    // While a check is queued, more new cases need no second one: it will see them.
    if (this.#queued) return;
    this.#queued = true;
    const wait = this.#lastRequestedCheck + CHECK_SPACING_MS - performance.now();
    const spaced = wait > 0 ? new Promise((resolve) => setTimeout(resolve, wait)) : Promise.resolve();
    const run = spaced
      .then(() =>
        this.#enqueue(async () => {
          this.#queued = false;
          this.#lastRequestedCheck = performance.now();
          return this.#evaluate();
        }),
      )
      .then((events) => this.#queueDelivery(events));
    this.#track(run.catch((err) => this.#error(err)));
  }

  /** Checks now and delivers what is due (what the timer and new cases trigger). */
  checkNow(): Promise<void> {
    const run = this.#enqueue(() => this.#evaluate()).then((events) => this.#queueDelivery(events));
    this.#track(run.catch(() => {}));
    return run;
  }

  /** Resolves when no check or delivery is in progress (for shutdown and tests). */
  async idle(): Promise<void> {
    while (this.#inflight.size) await Promise.allSettled([...this.#inflight]);
  }

  #track(p: Promise<unknown>): void {
    this.#inflight.add(p);
    void p.finally(() => this.#inflight.delete(p));
  }

  /** Deliveries run one at a time, outside the check queue, so a slow post never holds up approvals. */
  #queueDelivery(events: SurgeEvent[]): Promise<void> {
    const next = this.#deliveries.then(() => this.#deliver(events));
    this.#deliveries = next.catch(() => {});
    return next;
  }

  async #deliver(events: SurgeEvent[]): Promise<void> {
    const start = this.#start;
    if (!start) return;
    for (const event of events) {
      // An earlier delivery round may have posted it while this one waited.
      if (await this.#delivered(event)) continue;
      try {
        const ref = start.deliver ? asAlertRef(await start.deliver(event)) : undefined;
        await this.markDelivered(event, ref);
      } catch (err) {
        this.#error(err);
      }
    }
  }

  async #delivered(event: SurgeEvent): Promise<boolean> {
    const data = await this.#o.kv.read();
    if (event.type === "started") {
      const rec = data.active[event.intent];
      return !rec || rec.startedAt !== event.startedAt || Boolean(rec.alert);
    }
    const rec = data.ended.find((r) => r.intent === event.intent && r.startedAt === event.startedAt);
    return !rec || Boolean(rec.followUp);
  }

  #enqueue<R>(fn: () => Promise<R>): Promise<R> {
    const next = this.#chain.then(fn);
    this.#chain = next.catch(() => {});
    return next;
  }

  async #evaluate(): Promise<SurgeEvent[]> {
    if (this.#o.leader && !(await this.#o.leader())) {
      // Another replica decides; this one keeps its notices in step for drafts.
      await this.restore();
      return [];
    }
    const now = this.#o.clock();
    const engine = this.#o.engine();
    const { pack } = engine;
    const fallback = pack.settings.fallback_intent;
    const before = await this.#o.kv.read();

    // Intents of the pack (the fallback has no notice to offer), plus active ones a reload removed.
    const rules = new Map<string, SurgeRule>();
    for (const intent of pack.intents) if (intent.id !== fallback) rules.set(intent.id, intent.surge);
    for (const id of Object.keys(before.active))
      if (!rules.has(id)) rules.set(id, pack.settings.default_surge);
    if (rules.size === 0) return [];

    const stats = await this.#stats(rules, now, before);

    const drafts = new Map<string, Record<Language, string>>();
    for (const [id, s] of stats) {
      if (s.surging && !before.active[id]) drafts.set(id, await this.#draft(engine, id, now));
    }

    // Cases of a surge that may end now, counted from the start of the window that set it off.
    const totals = new Map<string, number>();
    for (const [id, s] of stats) {
      const rec = before.active[id];
      if (!rec || !s.calm) continue;
      const from = new Date(Date.parse(rec.startedAt) - rec.rule.windowMinutes * MINUTE);
      totals.set(id, await this.#o.figures.countOccurred(id, from, now));
    }

    const transitions: SurgeRecord[] = [];
    const at = now.toISOString();
    const after = await this.#o.kv.update((data) => {
      // The update may run again (another writer changed the document first): start over each time.
      transitions.length = 0;
      for (const [id, s] of stats) {
        const rule = rules.get(id) as SurgeRule;
        const rec = data.active[id];
        if (!rec) {
          const draft = drafts.get(id);
          if (!s.surging || !draft) continue;
          const started: SurgeRecord = {
            intent: id,
            startedAt: at,
            count: s.count,
            peakCount: s.count,
            baseline: s.baseline,
            threshold: s.threshold,
            rule: { ...rule },
            samples: s.samples,
            noticeDraft: draft,
          };
          data.active[id] = started;
          transitions.push(started);
          continue;
        }
        rec.count = s.count;
        rec.peakCount = Math.max(rec.peakCount, s.count);
        if (!s.calm) continue;
        // Hysteresis: a surge ends only well below minCount, so it does not flap around the threshold.
        delete data.active[id];
        // `total`: from the start of the window that set it off to now (counted above).
        const endedRec: SurgeRecord = { ...rec, endedAt: at, total: totals.get(id) ?? 0 };
        // Nobody was told it started, so nobody needs telling it ended.
        if (!rec.alert) endedRec.followUp = { sentAt: at, skipped: true };
        data.ended.push(endedRec);
        transitions.push(endedRec);
      }
      const keepFrom = now.getTime() - this.#keepEndedDays * DAY;
      data.ended = data.ended.filter((r) => Date.parse(r.endedAt ?? r.startedAt) >= keepFrom);
      return structuredClone(data);
    });

    this.#syncNotices(after);
    for (const rec of transitions) {
      if (rec.endedAt && rec.followUp?.skipped) continue;
      const event = this.#event(rec, engine);
      for (const listener of this.#listeners) {
        try {
          listener(structuredClone(event));
        } catch (err) {
          this.#error(err);
        }
      }
    }
    return this.#pending(after, engine);
  }

  /**
   * Each intent's window and baseline counts at `now`, counted by the database (one GROUP BY per
   * window length); samples are read only for an intent that starts surging.
   */
  async #stats(
    rules: ReadonlyMap<string, SurgeRule>,
    now: Date,
    current: SurgeData,
  ): Promise<Map<string, WindowStats>> {
    const byWindow = new Map<number, string[]>();
    for (const [id, rule] of rules)
      byWindow.set(rule.windowMinutes, [...(byWindow.get(rule.windowMinutes) ?? []), id]);
    const counts = new Map<string, { count: number; before: number }>();
    for (const [minutes, intents] of byWindow) {
      const rows = await this.#o.figures.windowCounts({
        intents,
        windowMs: minutes * MINUTE,
        baselineMs: this.#baselineDays * DAY,
        end: now,
      });
      for (const r of rows) counts.set(r.intent, r);
    }
    const stats = new Map<string, WindowStats>();
    for (const [id, rule] of rules) {
      const c = counts.get(id) ?? { count: 0, before: 0 };
      const s = statsFromCounts(id, rule, c.count, c.before, this.#baselineDays, []);
      if (s.surging && !current.active[id]) s.samples = await this.#samples(id, rule, now);
      stats.set(id, s);
    }
    return stats;
  }

  async #samples(intent: string, rule: SurgeRule, now: Date): Promise<string[]> {
    const after = new Date(now.getTime() - rule.windowMinutes * MINUTE);
    const seen = new Set<string>();
    const samples: string[] = [];
    // Pages of the newest texts until three different sentences are found (copies are common).
    for (let offset = 0; samples.length < 3; offset += 50) {
      const texts = await this.#o.figures.recentTexts(intent, after, now, 50, offset);
      distinctSamples(texts, seen, samples);
      if (texts.length < 50) break;
    }
    return samples;
  }

  #pending(data: SurgeData, engine: Engine): SurgeEvent[] {
    const events: SurgeEvent[] = [];
    for (const rec of Object.values(data.active)) if (!rec.alert) events.push(this.#event(rec, engine));
    for (const rec of data.ended) if (!rec.followUp) events.push(this.#event(rec, engine));
    return events;
  }

  #event(rec: SurgeRecord, engine: Engine): SurgeEvent {
    const type = rec.endedAt ? "ended" : "started";
    const intent = engine.pack.intents.find((i) => i.id === rec.intent);
    const event: SurgeEvent = {
      type,
      id: `${rec.intent}@${rec.startedAt}/${type}`,
      intent: rec.intent,
      title: intent ? { ...intent.title } : { ko: rec.intent, en: rec.intent },
      count: rec.count,
      baseline: rec.baseline,
      threshold: rec.threshold,
      rule: { ...rec.rule },
      peakCount: rec.peakCount,
      startedAt: rec.startedAt,
      samples: [...rec.samples],
      noticeDraft: { ...rec.noticeDraft },
    };
    if (rec.endedAt) event.endedAt = rec.endedAt;
    if (rec.total !== undefined) event.total = rec.total;
    if (rec.notice) event.notice = { ...rec.notice };
    if (type === "ended" && rec.alert?.ref) event.alert = { ...rec.alert.ref };
    return event;
  }

  async #draft(engine: Engine, intent: string, now: Date): Promise<Record<Language, string>> {
    const ctx: DraftContext = { now, timezone: this.#o.timezone };
    const status = await this.#o.statuses?.get(intent);
    const maxAgeMs = engine.pack.settings.status_max_age_minutes * MINUTE;
    if (status && now.getTime() - Date.parse(status.setAt) <= maxAgeMs) ctx.status = status;
    return { ko: engine.notice(intent, "ko", ctx), en: engine.notice(intent, "en", ctx) };
  }

  #syncNotices(data: SurgeData): void {
    const notices = this.#o.notices;
    for (const intent of [...notices.keys()]) {
      if (!data.active[intent]?.notice) notices.delete(intent);
    }
    for (const rec of Object.values(data.active)) {
      if (rec.notice) notices.set(rec.intent, { intent: rec.intent, url: rec.notice.url });
    }
  }

  #error(err: unknown): void {
    if (this.#start?.onError) this.#start.onError(err);
    else console.error("Sincerely: surge monitor:", err);
  }
}

function asAlertRef(value: unknown): AlertRef | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const { channel, ts } = value as Record<string, unknown>;
  const ref: AlertRef = {};
  if (typeof channel === "string") ref.channel = channel;
  if (typeof ts === "string") ref.ts = ts;
  return ref.channel || ref.ts ? ref : undefined;
}

function isWebUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** A surge found in stored cases after the fact (see `surgesFromCases`). */
export interface DetectedSurge {
  intent: string;
  startedAt: string;
  /** Absent while it is still going on at `until`. */
  endedAt?: string;
  peakCount: number;
  baseline: number;
}

/** How many values of ascending `sorted` are below x (or at most x, with `orEqual`). */
function countBelow(sorted: readonly number[], x: number, orEqual = false): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    const v = sorted[mid] as number;
    if (v < x || (orEqual && v === x)) low = mid + 1;
    else high = mid;
  }
  return low;
}

/**
 * The surges the stored cases show between `from` and `until`, by the monitor's own rule and posted
 * time, whatever way the cases came in (app, console, `triage`). The report uses this so that a
 * burst taken in while the monitor was not running is still reported. `cases` must include the
 * `baselineDays` before `from`.
 */
export function surgesFromCases(
  cases: ReadonlyArray<Pick<Case, "intent" | "createdAt" | "mention">>,
  rules: ReadonlyMap<string, SurgeRule>,
  from: Date,
  until: Date,
  baselineDays = 7,
): DetectedSurge[] {
  const out: DetectedSurge[] = [];
  for (const [intent, rule] of rules) {
    const mine = cases.filter((c) => c.intent === intent);
    const windowMs = rule.windowMinutes * MINUTE;
    const times = mine
      .map((c) => Date.parse(mentionTime(c)))
      .filter((t) => t > from.getTime() - windowMs && t <= until.getTime());
    if (times.length < rule.minCount) continue;
    // The count only changes when a case enters (t) or leaves (t + window) the window.
    const checks = [...new Set(times.flatMap((t) => [t, t + windowMs]))]
      .filter((t) => t >= from.getTime() && t <= until.getTime())
      .sort((a, b) => a - b);
    // The counts of each check by binary search over the sorted times (what windowStats would count:
    // the window (t − window, t], the baseline [t − window − baselineDays, t − window]). Calling
    // windowStats per check read every case of the intent each time, and took 300 ms of a report
    // day at 1,000 cases a day.
    const sorted = mine.map((c) => Date.parse(mentionTime(c))).sort((a, b) => a - b);
    let current: DetectedSurge | undefined;
    for (const t of checks) {
      const windowStart = t - windowMs;
      const atWindowStart = countBelow(sorted, windowStart, true);
      const inWindow = countBelow(sorted, t, true) - atWindowStart;
      const before = atWindowStart - countBelow(sorted, windowStart - baselineDays * DAY);
      const s = statsFromCounts(intent, rule, inWindow, before, baselineDays, []);
      if (!current) {
        if (!s.surging) continue;
        current = { intent, startedAt: new Date(t).toISOString(), peakCount: s.count, baseline: s.baseline };
        continue;
      }
      current.peakCount = Math.max(current.peakCount, s.count);
      if (s.calm) {
        current.endedAt = new Date(t).toISOString();
        out.push(current);
        current = undefined;
      }
    }
    if (current) out.push(current);
  }
  return out.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}
