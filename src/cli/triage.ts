import fs from "node:fs";
import os from "node:os";
import { parse as parseCsv } from "csv-parse/sync";
import type { Actor } from "../cases/types.js";
import { ConfigError, parseConfig } from "../config.js";
import { createRuntime, type Runtime } from "../runtime.js";
import { StoreError } from "../store/index.js";
import { parse, UsageError } from "./common.js";
import { type InputItem, POSTED_AT_FIELDS, parseInputLine, parsePostedAt } from "./input.js";
import { OPS_PACK_OPTIONS, opsEnvironment } from "./ops-env.js";

export const triageHelp = `sincerely triage [FILE] [--csv | --lines] [--pack DIR] [--intents DIR] [--replies DIR]
Stores every mention in FILE (or standard input) as a pending case in DATA_DIR (from the environment
or .env, default ./data) and prints one line per case: <case id> TAB <intent> TAB <first 60 characters>.
Input is read like classify (JSON lines with "text" and optional "id", "handle", or plain lines), or
as CSV with a header row and a "text" column (optional "id", "handle" columns): detected from the
header or a .csv file name, or forced with --csv / --lines. A mention with an "id" is stored once:
running the same file again prints the cases stored the first time. The mention's own time comes
from a "posted_at" (or "created_at") field or column, ISO 8601 with a zone or Unix seconds: surges
and the report count it then, so importing a backlog does not look like a burst happening now.
The cases then show in the console, the reports and the surge counts. Triage may run while the app
runs: both use the same database (DATA_DIR/sincerely.db, or DATABASE_URL).
Exit 0 when every mention was stored, 1 when a line could not be read (the others are still stored).`;

interface Row {
  line: number;
  item?: InputItem;
  error?: string;
}

/** A header row with a `text` column: the first line parsed as CSV names it. */
function looksLikeCsv(content: string): boolean {
  const first = content
    .replace(/^\uFEFF/, "")
    .split(/\r?\n/)
    .find((l) => l.trim());
  if (!first || first.trim().startsWith("{")) return false;
  try {
    const [header] = parseCsv(first, { relax_quotes: true }) as string[][];
    const columns = (header ?? []).map((h) => h.trim().toLowerCase());
    return columns.includes("text") && (columns.length > 1 || first.trim().toLowerCase() === "text");
  } catch {
    return false;
  }
}

function readCsv(content: string, name: string): Row[] {
  let records: Array<Record<string, string>>;
  try {
    records = parseCsv(content, {
      bom: true,
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      skip_empty_lines: true,
      relax_column_count: true,
      info: false,
    }) as Array<Record<string, string>>;
  } catch (err) {
    const e = err as Error & { lines?: number };
    throw new UsageError(`${name}${e.lines ? `:${e.lines}` : ""}: not valid CSV: ${e.message}`);
  }
  if (records.length && !Object.hasOwn(records[0] as object, "text")) {
    throw new UsageError(
      `${name}: the CSV has no "text" column (columns: ${Object.keys(records[0] as object).join(", ")})`,
    );
  }
  return records.map((r, i) => {
    const line = i + 2;
    const text = (r.text ?? "").trim();
    if (!text) return { line, error: 'empty "text"' };
    const item: InputItem = { text };
    if (r.id?.trim()) item.id = r.id.trim();
    if (r.handle?.trim()) item.handle = r.handle.trim();
    const field = POSTED_AT_FIELDS.map((f) => f.toLowerCase()).find((f) => r[f]?.trim());
    if (field) {
      const posted = parsePostedAt(field, r[field] as string);
      if (!posted.ok) return { line, error: posted.error };
      item.postedAt = posted.iso;
    }
    return { line, item };
  });
}

function readLines(content: string): Row[] {
  return content.split(/\r?\n/).flatMap((raw, i): Row[] => {
    const parsed = parseInputLine(i === 0 ? raw.replace(/^\uFEFF/, "") : raw);
    if (parsed.ok === "skip") return [];
    return parsed.ok ? [{ line: i + 1, item: parsed.item }] : [{ line: i + 1, error: parsed.error }];
  });
}

const oneLine = (text: string, max: number) => [...text.replace(/\s+/g, " ").trim()].slice(0, max).join("");

export async function runTriage(args: string[]): Promise<number> {
  const { values, positionals } = parse(args, {
    ...OPS_PACK_OPTIONS,
    csv: { type: "boolean", default: false },
    lines: { type: "boolean", default: false },
  });
  if (values.help) {
    console.log(triageHelp);
    return 0;
  }
  if (values.csv && values.lines) throw new UsageError("--csv and --lines cannot be used together");
  const env = opsEnvironment(values);
  const file = positionals[0];
  let content: string;
  try {
    content = file ? fs.readFileSync(file, "utf8") : fs.readFileSync(0, "utf8");
  } catch {
    throw new UsageError(`${file ?? "standard input"}: cannot read it`);
  }
  const name = file ?? "stdin";
  const csv =
    values.csv || (!values.lines && (file?.toLowerCase().endsWith(".csv") || looksLikeCsv(content)));
  const rows = csv ? readCsv(content, name) : readLines(content);

  let config: ReturnType<typeof parseConfig>;
  try {
    config = parseConfig({
      ...process.env,
      DATA_DIR: env.dataDir,
      INTENTS_DIR: env.dirs.intentsDir,
      REPLIES_DIR: env.dirs.repliesDir,
    });
  } catch (err) {
    if (err instanceof ConfigError) throw new UsageError(err.message);
    throw err;
  }
  let runtime: Runtime;
  try {
    runtime = await createRuntime(config);
  } catch (err) {
    // The store's own message says what is wrong (an old DATA_DIR to import, an unreachable database).
    console.error(`sincerely: ${(err as Error).message}`);
    return 1;
  }

  const actor: Actor = { id: os.userInfo().username || "cli", via: "cli" };
  let failed = 0;
  let stored = 0;
  let existing = 0;
  try {
    // Triage answers nobody until the file is done, so rows are committed 500 to a transaction (one
    // fsync per batch instead of per row) through the case service's bulk intake, which stores each
    // case, its audit event and dedupe key exactly as a single intake does. A crash mid-file leaves
    // the batches committed so far; rows with an id are then found by their dedupe key on a re-run
    // (within the key's day) and printed again as "stored before". Output keeps file order, and a
    // batch's lines are printed only once it is committed.
    const BATCH = 500;
    for (let start = 0; start < rows.length; start += BATCH) {
      const group = rows.slice(start, start + BATCH);
      const readable = group.filter((row): row is Row & { item: InputItem } => row.item !== undefined);
      const made = await runtime.cases.intakeMany(
        readable.map(({ item: { id, text, handle, postedAt } }) => {
          // As in classify, a given handle names the customer; the text may still start with ours.
          const at = handle ? `@${handle.replace(/^@/, "")}` : undefined;
          const raw =
            at && !text.trimStart().toLowerCase().startsWith(at.toLowerCase()) ? `${at}: ${text}` : text;
          return {
            raw,
            source: { kind: "cli" as const },
            actor,
            ...(id !== undefined ? { dedupeKey: `cli:${id}` } : {}),
            ...(postedAt ? { postedAt } : {}),
          };
        }),
      );
      const byRow = new Map(readable.map((row, i) => [row, made[i]]));
      const outcomes = group.map((row) => {
        const r = byRow.get(row as Row & { item: InputItem });
        if (!r) return { row, error: row.error };
        return "error" in r ? { row, error: r.error.message } : { row, made: r };
      });
      for (const o of outcomes) {
        if (!o.made) {
          failed++;
          console.error(`${name}:${o.row.line}: ${o.error}`);
          continue;
        }
        if (o.made.created) stored++;
        else existing++;
        process.stdout.write(
          `${o.made.case.id}\t${o.made.case.intent}\t${oneLine(o.made.case.mention.text, 60)}\n`,
        );
      }
    }
  } catch (err) {
    if (err instanceof StoreError) {
      console.error(`sincerely: ${err.message}`);
      return 1;
    }
    throw err;
  } finally {
    await runtime.close();
  }
  const again = existing ? ` (${existing} stored before, with the same id)` : "";
  console.error(
    `triage: ${stored} case${stored === 1 ? "" : "s"} stored in ${config.DATA_DIR}${again}${failed ? `; ${failed} line(s) skipped` : ""}.`,
  );
  return failed ? 1 : 0;
}
