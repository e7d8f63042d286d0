/**
 * Posts the daily report at REPORT_TIME in TIMEZONE. Posted dates are kept in the kv document
 * `reports`, so a restart never posts a day twice, and a report missed while the app was down is
 * posted when it comes back (up to `catchUpDays` days, oldest first).
 *
 * Delivery is at least once: if the process dies between Slack accepting the post and the date being
 * recorded, that one report is posted again on the next start. Missing a report is the worse failure.
 *
 * Across replicas: only the holder of the scheduler lease (`leader`) posts, and posted dates are also
 * rows of `report_runs` (unique per date), checked again right before posting, so however many
 * replicas run, a day's report is posted once.
 */
import type { KvStore } from "../store/kv-store.js";
import type { ReportRuns } from "../store/report-runs.js";
import { addDays, localDate, localInstant, settleWithin } from "./time.js";

export interface PostedReport {
  postedAt: string;
}

export interface ReportsData {
  version: 1;
  /** The local date the scheduler first ran: nothing before it is "missed". */
  since?: string;
  posted: Record<string, PostedReport>;
}

export const REPORTS_KV = "reports";
export const REPORTS_DEFAULTS: ReportsData = { version: 1, posted: {} };

export interface ReportSchedulerOptions {
  kv: KvStore<ReportsData>;
  clock: () => Date;
  timezone: string;
  /** `HH:mm` (REPORT_TIME). */
  reportTime: string;
  /** Builds the report for a local date. */
  build: (date: string) => Promise<{ markdown: string; svg: string }>;
  /** Posts it (to REPORT_CHANNEL_ID); a throw leaves the date unposted, to be tried on the next tick. */
  post: (date: string, markdown: string, svg: string) => Promise<unknown>;
  /** How many days back a missed report is still posted. */
  catchUpDays?: number;
  /** Posted dates older than this many days are forgotten. */
  keepDays?: number;
  onError?: (err: unknown) => void;
  /** Whether this replica may post now (takes or renews the scheduler lease). Default: always. */
  leader?: () => Promise<boolean>;
  /** Posted dates shared by every replica (unique per date). */
  runs?: ReportRuns;
  /** This replica's name in `report_runs`. */
  owner?: string;
}

export class ReportScheduler {
  readonly #o: ReportSchedulerOptions;
  #timer: NodeJS.Timeout | undefined;
  #running: Promise<string[]> | undefined;

  constructor(options: ReportSchedulerOptions) {
    this.#o = options;
  }

  /** Posts anything due now (a missed report included), then checks every `intervalMs`. */
  async start(intervalMs = 60_000): Promise<string[]> {
    this.#timer = setInterval(() => {
      this.tick().catch((err) => this.#error(err));
    }, intervalMs);
    this.#timer.unref();
    return this.tick().catch((err) => {
      this.#error(err);
      return [];
    });
  }

  async stop(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    // A post in progress may finish; shutdown does not wait for Slack's retries.
    if (this.#running) await settleWithin(this.#running, 5_000);
  }

  /** Posts every due, unposted date; returns the dates posted. One tick at a time. */
  tick(): Promise<string[]> {
    if (!this.#running) {
      this.#running = this.#tick().finally(() => {
        this.#running = undefined;
      });
    }
    return this.#running;
  }

  /** The dates whose report is due and not yet posted, oldest first. */
  async due(): Promise<string[]> {
    const now = this.#o.clock();
    const { timezone, reportTime } = this.#o;
    const today = localDate(now, timezone);
    const data = await this.#o.kv.update((d) => {
      d.since ??= today;
      return structuredClone(d);
    });
    const latest = now >= localInstant(today, reportTime, timezone) ? today : addDays(today, -1);
    const catchUp = Math.max(1, this.#o.catchUpDays ?? 7);
    const dates: string[] = [];
    for (let i = catchUp - 1; i >= 0; i--) {
      const date = addDays(latest, -i);
      if (date >= (data.since ?? today) && !data.posted[date]) dates.push(date);
    }
    const elsewhere = (await this.#o.runs?.posted(dates)) ?? new Set<string>();
    return dates.filter((d) => !elsewhere.has(d));
  }

  async #tick(): Promise<string[]> {
    const posted: string[] = [];
    if (this.#o.leader && !(await this.#o.leader())) return posted;
    for (const date of await this.due()) {
      // Another replica may have posted it just before we took the lease over.
      if ((await this.#o.runs?.posted([date]))?.has(date)) continue;
      const { markdown, svg } = await this.#o.build(date);
      await this.#o.post(date, markdown, svg);
      const at = this.#o.clock();
      await this.#o.runs?.claim(date, this.#o.owner ?? "scheduler");
      await this.#o.kv.update((d) => {
        d.posted[date] = { postedAt: at.toISOString() };
        const forgetBefore = addDays(localDate(at, this.#o.timezone), -(this.#o.keepDays ?? 90));
        for (const key of Object.keys(d.posted)) if (key < forgetBefore) delete d.posted[key];
      });
      posted.push(date);
    }
    return posted;
  }

  #error(err: unknown): void {
    if (this.#o.onError) this.#o.onError(err);
    else console.error("Sincerely: daily report:", err);
  }
}
