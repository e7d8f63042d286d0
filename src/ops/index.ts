/**
 * Operations on top of the runtime: surge alerts, the daily report and its schedule, precision from
 * corrections, and live reload of the data files. Front ends pass in how to post; everything else
 * (when, whether, what) is decided here.
 *
 *   const ops = await startOps(runtime, { postSurge, postReport, reportProblems });
 *   ...
 *   await ops.stop();
 */
import type { Problem } from "../core/problems.js";
import type { Runtime } from "../runtime.js";
import { instanceId, Leadership } from "./leader.js";
import { type IntentPrecision, loadPrecision } from "./precision.js";
import { type DailyReport, loadDailyReport, renderChartSvg, renderMarkdown } from "./report.js";
import { REPORTS_DEFAULTS, REPORTS_KV, ReportScheduler } from "./scheduler.js";
import { runtimeSource } from "./source.js";
import { type AlertRef, type SurgeEvent, SurgeMonitor } from "./surge.js";
import { localDate } from "./time.js";
import { type PackWatcher, watchPack } from "./watch.js";

export * from "./leader.js";
export * from "./precision.js";
export * from "./report.js";
export * from "./scheduler.js";
export * from "./source.js";
export * from "./surge.js";
export * from "./watch.js";

export interface OpsHooks {
  /**
   * Posts a surge alert (`started`) or its follow-up (`ended`); resolve to `{ channel, ts }` (an AlertRef)
   * so the follow-up can thread under the alert. Retried on the next check until it resolves.
   */
  postSurge?: (event: SurgeEvent) => Promise<AlertRef | undefined | unknown>;
  /** Posts the day's report. Without it no report is scheduled. */
  postReport?: (date: string, markdown: string, svg: string) => Promise<unknown>;
  /** Told the errors of a data-file edit that could not be loaded (the last good pack stays in use). */
  reportProblems?: (problems: Problem[]) => void | Promise<void>;
  /** Watch intents/ and replies/ for edits (default true). */
  watch?: boolean;
  /** Where one-line notes (a reload happened) go; console.log by default. */
  log?: (line: string) => void;
  /** Background failures (a post that threw, a store error); console.error by default. */
  onError?: (err: unknown) => void;
  /** How often surges and the report schedule are checked without new cases (default 60 s). */
  intervalMs?: number;
}

export interface BuiltReport {
  report: DailyReport;
  markdown: string;
  svg: string;
}

export interface Ops {
  surges: SurgeMonitor;
  scheduler?: ReportScheduler;
  watcher?: PackWatcher;
  /** The report for a local date (today in TIMEZONE by default), as data, Markdown and SVG chart. */
  report(date?: string): Promise<BuiltReport>;
  /** Per-intent precision from staff corrections over the last `days` (7) days. */
  precision(days?: number): Promise<IntentPrecision[]>;
  stop(): Promise<void>;
}

export async function buildReport(
  runtime: Pick<Runtime, "cases" | "store" | "engines" | "clock" | "config">,
  date = localDate(runtime.clock(), runtime.config.TIMEZONE),
): Promise<BuiltReport> {
  const report = await loadDailyReport(runtimeSource(runtime), {
    date,
    timezone: runtime.config.TIMEZONE,
    now: runtime.clock(),
    engine: runtime.engines.engine,
  });
  return { report, markdown: renderMarkdown(report), svg: renderChartSvg(report) };
}

export async function startOps(runtime: Runtime, hooks: OpsHooks = {}): Promise<Ops> {
  const onError = hooks.onError ?? ((err: unknown) => console.error("Sincerely:", err));
  const intervalMs = hooks.intervalMs ?? 60_000;
  // One surge monitor and one scheduler across replicas: whoever holds the lease (three missed
  // checks and it passes on).
  const owner = instanceId();
  const leaseMs = Math.max(3 * intervalMs, 5_000);
  const surgeLead = new Leadership(runtime.store.leases, "surge-monitor", owner, leaseMs);
  const reportLead = new Leadership(runtime.store.leases, "report-scheduler", owner, leaseMs);
  const surges = SurgeMonitor.fromRuntime(runtime, { leader: () => surgeLead.isLeader() });
  await surges.start({
    ...(hooks.postSurge ? { deliver: hooks.postSurge } : {}),
    intervalMs: hooks.intervalMs ?? 60_000,
    onError,
  });

  let scheduler: ReportScheduler | undefined;
  if (hooks.postReport) {
    const post = hooks.postReport;
    scheduler = new ReportScheduler({
      kv: runtime.store.kv(REPORTS_KV, REPORTS_DEFAULTS),
      clock: runtime.clock,
      timezone: runtime.config.TIMEZONE,
      reportTime: runtime.config.REPORT_TIME,
      build: (date) => buildReport(runtime, date),
      post,
      onError,
      leader: () => reportLead.isLeader(),
      runs: runtime.store.reportRuns,
      owner,
    });
    // Not awaited: a missed report posted at start must not hold up the app (errors go to onError).
    void scheduler.start(hooks.intervalMs ?? 60_000);
  }

  let watcher: PackWatcher | undefined;
  if (hooks.watch !== false) {
    watcher = watchPack({
      holder: runtime.engines,
      ...(hooks.log ? { log: hooks.log } : {}),
      ...(hooks.reportProblems ? { report: hooks.reportProblems } : {}),
    });
  }

  return {
    surges,
    ...(scheduler ? { scheduler } : {}),
    ...(watcher ? { watcher } : {}),
    report: (date) => buildReport(runtime, date),
    precision: (days = 7) =>
      loadPrecision(runtimeSource(runtime), {
        now: runtime.clock(),
        pack: runtime.engines.engine.pack,
        days,
      }),
    async stop() {
      watcher?.close();
      await scheduler?.stop();
      await surges.stop();
      await Promise.all([surgeLead.release(), reportLead.release()]).catch(() => {});
    },
  };
}
