import fs from "node:fs";
import { loadDotEnv } from "../config.js";
import { loadDailyReport, renderChartSvg, renderMarkdown } from "../ops/report.js";
import { NoDataError, openReadOnlySource } from "../ops/source.js";
import { isDate, localDate } from "../ops/time.js";
import type { PackDirs } from "../pack/load.js";
import { loadEngineOrExit, parse, UsageError } from "./common.js";

export const reportHelp = `sincerely report [--date YYYY-MM-DD] [--json] [--svg FILE] [--intents DIR] [--replies DIR]
Prints the daily report for a date in TIMEZONE (default: today) as Markdown, or as JSON with --json;
--svg FILE also writes the bar chart of the day's intents. Reads DATA_DIR (from the environment or
.env, default ./data) without taking its lock, so it runs next to the app; it never writes there.`;

/** DATA_DIR, TIMEZONE and the pack folders for the ops commands: flag, then environment (.env), then default. */
export function opsEnvironment(values: { intents?: string; replies?: string }): {
  dataDir: string;
  timezone: string;
  dirs: PackDirs;
} {
  loadDotEnv();
  const timezone = process.env.TIMEZONE?.trim() || "Asia/Seoul";
  try {
    new Intl.DateTimeFormat("en", { timeZone: timezone });
  } catch {
    throw new UsageError(`TIMEZONE ${timezone} must be an IANA time zone such as Asia/Seoul`);
  }
  return {
    dataDir: process.env.DATA_DIR?.trim() || "./data",
    timezone,
    dirs: {
      intentsDir: values.intents ?? (process.env.INTENTS_DIR?.trim() || "intents"),
      repliesDir: values.replies ?? (process.env.REPLIES_DIR?.trim() || "replies"),
    },
  };
}

/** The pack options without defaults, so the environment can fill them in. */
export const OPS_PACK_OPTIONS = {
  intents: { type: "string" },
  replies: { type: "string" },
} as const;

export async function runReport(args: string[]): Promise<number> {
  const { values } = parse(args, { ...OPS_PACK_OPTIONS, date: { type: "string" }, svg: { type: "string" } });
  if (values.help) {
    console.log(reportHelp);
    return 0;
  }
  const env = opsEnvironment(values);
  const now = new Date();
  const date = values.date ?? localDate(now, env.timezone);
  if (!isDate(date)) throw new UsageError(`--date ${date} must be a date such as 2026-11-22`);
  const engine = loadEngineOrExit(env.dirs);
  let source: Awaited<ReturnType<typeof openReadOnlySource>>;
  try {
    source = await openReadOnlySource(env.dataDir);
  } catch (err) {
    if (err instanceof NoDataError) throw new UsageError(err.message);
    throw err;
  }
  try {
    const report = await loadDailyReport(source, { date, timezone: env.timezone, now, engine });
    if (values.svg) fs.writeFileSync(values.svg, renderChartSvg(report));
    process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : renderMarkdown(report));
  } finally {
    await source.close();
  }
  return 0;
}
