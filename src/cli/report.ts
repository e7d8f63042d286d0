import fs from "node:fs";
import { loadDailyReport, renderChartSvg, renderMarkdown } from "../ops/report.js";
import { isDate, localDate } from "../ops/time.js";
import { loadEngineOrExit, parse, UsageError } from "./common.js";
import { OPS_PACK_OPTIONS, openDataForReading, opsEnvironment } from "./ops-env.js";

export const reportHelp = `sincerely report [--date YYYY-MM-DD] [--json] [--svg FILE] [--pack DIR] [--intents DIR] [--replies DIR]
Prints the daily report for a date in TIMEZONE (default: today) as Markdown, or as JSON with --json;
--svg FILE also writes the bar chart of the day's intents. Reads DATA_DIR (from the environment or
.env, default ./data) without taking its lock, so it runs next to the app; it never writes there.`;

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
  const source = await openDataForReading(env.dataDir, env.databaseUrl);
  try {
    const report = await loadDailyReport(source, { date, timezone: env.timezone, now, engine });
    if (values.svg) fs.writeFileSync(values.svg, renderChartSvg(report));
    process.stdout.write(values.json ? `${JSON.stringify(report, null, 2)}\n` : renderMarkdown(report));
  } finally {
    await source.close();
  }
  return 0;
}
