/**
 * `sincerely export [--format jsonl|csv] [--since ISO] [--until ISO] [--out FILE]`: every case with
 * its audit trail, oldest first, read page by page (so a million cases never sit in memory). JSON
 * lines are the backup format: `sincerely db import FILE` reads them back (into SQLite or PostgreSQL).
 */
import fs from "node:fs";
import type { Case } from "../cases/types.js";
import { openStore } from "../store/index.js";
import { parse, UsageError } from "./common.js";
import { cliConfig } from "./ops-env.js";

export const exportHelp = `sincerely export [--format jsonl|csv] [--since ISO] [--until ISO] [--out FILE]
Writes every case (created in [since, until)) with its audit trail, oldest first, to FILE or standard
output. jsonl (default): one case document per line (with \`slack\`: where its card and escalation
thread are in Slack, when they are), what \`sincerely db import FILE\` reads back.
csv: one row per case with the main columns and the audit trail as JSON.`;

const CSV_COLUMNS = [
  "id",
  "created_at",
  "state",
  "intent",
  "department",
  "handle",
  "text",
  "draft",
  "decided_by",
  "decided_at",
  "version",
  "events",
] as const;

function csvCell(value: unknown): string {
  const s = value === undefined || value === null ? "" : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

function csvRow(c: Case): string {
  const decided = c.approved ?? c.dismissed;
  const row = [
    c.id,
    c.createdAt,
    c.state,
    c.intent,
    c.department,
    c.mention.handle ?? "",
    c.mention.text,
    c.approved?.text ?? c.draft?.text ?? "",
    decided ? (decided.by.name ?? decided.by.id) : "",
    decided?.at ?? "",
    c.version,
    JSON.stringify(c.events),
  ];
  return row.map(csvCell).join(",");
}

function instant(value: string | undefined, flag: string): string | undefined {
  if (value === undefined) return undefined;
  const t = Date.parse(value);
  if (Number.isNaN(t))
    throw new UsageError(`--${flag} ${value} is not a date (e.g. 2026-11-22 or 2026-11-22T09:00:00Z)`);
  return new Date(t).toISOString();
}

export async function runExport(args: string[]): Promise<number> {
  const { values } = parse(args, {
    format: { type: "string", default: "jsonl" },
    since: { type: "string" },
    until: { type: "string" },
    out: { type: "string" },
  });
  if (values.help) {
    console.log(exportHelp);
    return 0;
  }
  const format = values.format;
  if (format !== "jsonl" && format !== "csv") throw new UsageError(`--format ${format}: use jsonl or csv`);
  const since = instant(values.since, "since");
  const until = instant(values.until, "until");
  const config = cliConfig();
  const store = await openStore(config.DATA_DIR, {
    databaseUrl: config.DATABASE_URL,
    schema: config.DATABASE_SCHEMA,
  });
  const out = values.out ? fs.createWriteStream(values.out) : process.stdout;
  const write = (line: string) =>
    new Promise<void>((resolve, reject) => {
      if (out.write(`${line}\n`)) resolve();
      else out.once("drain", resolve).once("error", reject);
    });
  let count = 0;
  try {
    if (format === "csv") await write(CSV_COLUMNS.join(","));
    let cursor: string | undefined;
    do {
      const page = await store.cases.page({
        order: "oldest",
        limit: 500,
        ...(since ? { since } : {}),
        ...(until ? { until } : {}),
        ...(cursor ? { cursor } : {}),
      });
      // JSON lines carry each case's Slack locations beside it (`slack`), so a move to another
      // database keeps cards updating in place; CSV is for people and leaves them out.
      const located =
        format === "jsonl" ? await store.slackCards.getMany(page.items.map((c) => c.id)) : undefined;
      for (const c of page.items) {
        if (format === "csv") await write(csvRow(c));
        else {
          const at = located?.get(c.id);
          const slack =
            at?.card || at?.thread
              ? { ...(at.card ? { card: at.card } : {}), ...(at.thread ? { thread: at.thread } : {}) }
              : undefined;
          await write(JSON.stringify(slack ? { ...c, slack } : c));
        }
        count++;
      }
      cursor = page.nextCursor;
    } while (cursor);
  } finally {
    await store.close();
    if (out !== process.stdout) await new Promise<void>((r) => (out as fs.WriteStream).end(r));
  }
  process.stderr.write(`export: ${count} case(s)${values.out ? ` to ${values.out}` : ""}\n`);
  return 0;
}
