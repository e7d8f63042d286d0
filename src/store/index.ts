/**
 * The store: one database (SQLite in DATA_DIR/sincerely.db, or PostgreSQL with DATABASE_URL) behind
 * the repositories the rest of the app uses. Every method resolves after its transaction committed.
 *
 *   cases       the case documents and their indexed columns (page, count, search, byHandle, changes)
 *   figures     aggregates over cases in SQL (surge windows, the daily report's figures)
 *   statusLines live status lines, one row per intent (versioned rows, see row-documents.ts)
 *   surges      surge records, one row per surge (one active per intent)
 *   kv(name)    other small JSON documents with optimistic versioning (report schedule, …)
 *   dedupe      unique keys for Slack event ids and retries
 *   outbox      work to do after a commit (card posts), leased so one replica does each
 *   leases      one holder across replicas (scheduler, surge monitor)
 *   slackCards  where each case's card and escalation thread live in Slack
 *   reportRuns  which daily reports were posted (unique per date)
 */
import fs from "node:fs";
import path from "node:path";
import { type Kysely, sql } from "kysely";
import type { StatusData } from "../cases/status-lines.js";
import type { SurgeData } from "../ops/surge.js";
import { CaseFigures } from "./case-figures.js";
import { CaseStore } from "./case-store.js";
import { type Db, openDb } from "./db.js";
import { DedupeLog } from "./dedupe.js";
import { StoreError, storeMessages } from "./errors.js";
import { GroupCommit } from "./group-commit.js";
import { KvStore } from "./kv-store.js";
import { Leases } from "./leases.js";
import { migrateToLatest } from "./migrations.js";
import { Outbox } from "./outbox.js";
import { ReportRuns } from "./report-runs.js";
import { type RowDocument, statusLinesTable, surgesTable } from "./row-documents.js";
import type { Database, Dialect } from "./schema.js";
import { SlackCards } from "./slack-cards.js";

export {
  CaseFigures,
  type ReportFigures,
  type ReportQuery,
  type WindowCount,
  type WindowQuery,
} from "./case-figures.js";
export {
  type CaseChange,
  type CaseFilter,
  type CasePage,
  type CaseQuery,
  CaseStore,
  dayOfCaseId,
  type InsertOptions,
  type InsertResult,
  newCaseId,
  type PageQuery,
} from "./case-store.js";
export { DedupeLog } from "./dedupe.js";
export { StoreError, storeMessages } from "./errors.js";
export { KvStore } from "./kv-store.js";
export { Leases } from "./leases.js";
export { Outbox, type OutboxInput, type OutboxItem } from "./outbox.js";
export { ReportRuns } from "./report-runs.js";
export { RowDocument, type VersionedDocument } from "./row-documents.js";
export { type SlackCard, SlackCards } from "./slack-cards.js";

export interface Store {
  readonly dataDir: string;
  readonly dialect: Dialect;
  /** Where the data is: the SQLite file, or the PostgreSQL URL without its password. */
  readonly location: string;
  readonly db: Kysely<Database>;
  /** The PostgreSQL schema in use (DATABASE_SCHEMA), if one was given. */
  readonly schema?: string;
  readonly cases: CaseStore;
  readonly figures: CaseFigures;
  readonly dedupe: DedupeLog;
  readonly outbox: Outbox;
  readonly leases: Leases;
  readonly slackCards: SlackCards;
  readonly reportRuns: ReportRuns;
  /** Live status lines, as the document `{ statuses: { [intent]: line } }` over the status_lines table. */
  readonly statusLines: RowDocument<StatusData>;
  /** Surges, as the document `{ active, ended }` over the surges table. */
  readonly surges: RowDocument<SurgeData>;
  /** The document named `name` (a row of `kv`); the same instance for the same name. */
  kv<T extends object>(name: string, defaults: T): KvStore<T>;
  /**
   * Refreshes the query planner's statistics when the cases have doubled since they were last
   * gathered (SQLite; PostgreSQL's autovacuum does this itself). Runs at open and every hour.
   */
  optimize(): Promise<void>;
  /** Closes the connection(s); pending transactions finish first. */
  close(): Promise<void>;
}

/** How often a long-running process checks whether SQLite's planner statistics are due. */
const OPTIMIZE_EVERY_MS = 60 * 60 * 1000;

/**
 * Runs ANALYZE when the cases table has at least doubled since it was last analyzed (and holds at
 * least 1,000 cases). Without statistics SQLite takes an equality on an indexed column for a
 * selective one: it chose the state index over the (decided_at, id) one, and the history page read
 * every decided case (295 ms at 100,000 cases; 16 ms with statistics); the report's keyword terms
 * scanned the intent index instead of the day's range (202 ms → 12 ms). A database grows while the
 * app runs, so this is checked at open and hourly; a full ANALYZE costs about 50 ms per 100,000
 * cases and, at doubling, happens a few times in a database's life. `PRAGMA optimize` was tried
 * first: in a process that opened the database empty it never analyzed the grown table; and a
 * sampled ANALYZE (`analysis_limit`) gave worse plans than none (the first 1,000 entries of the
 * state index all said "approved").
 */
async function analyzeWhenGrown(db: Kysely<Database>): Promise<void> {
  const size = Number(
    (await sql<{ n: number | null }>`SELECT max(rowid) AS n FROM cases`.execute(db)).rows[0]?.n ?? 0,
  );
  if (size < 1000) return;
  const stats = await sql<{
    n: number;
  }>`SELECT count(*) AS n FROM sqlite_master WHERE name = 'sqlite_stat1'`.execute(db);
  let analyzed = 0;
  if (Number(stats.rows[0]?.n ?? 0) > 0) {
    const row = await sql<{
      stat: string;
    }>`SELECT stat FROM sqlite_stat1 WHERE tbl = 'cases' AND idx = 'cases_created'`.execute(db);
    analyzed = Number.parseInt(row.rows[0]?.stat ?? "0", 10) || 0;
  }
  if (size >= 2 * analyzed) await sql`ANALYZE`.execute(db);
}

export interface OpenStoreOptions {
  /** `postgres://…` (DATABASE_URL): PostgreSQL instead of SQLite in DATA_DIR. */
  databaseUrl?: string | undefined;
  /** PostgreSQL schema (tests: one per suite). */
  schema?: string | undefined;
  clock?: () => Date;
  /** Run pending migrations (default true); `false` refuses to open a database that needs them. */
  migrate?: boolean;
  /** Open even if DATA_DIR still holds old JSON day files (the importer does). */
  allowLegacy?: boolean;
}

/** The kv document the importer writes, so start-up knows the old files were moved. */
export const LEGACY_IMPORT_KV = "legacy-import";

/** Day files of the old lowdb store, if DATA_DIR has any. */
export function legacyDayFiles(dataDir: string): string[] {
  const dir = path.join(path.resolve(dataDir), "cases");
  try {
    return fs
      .readdirSync(dir)
      .filter((n) => /^\d{4}-\d{2}-\d{2}\.json$/.test(n))
      .sort();
  } catch {
    return [];
  }
}

export async function openStore(dataDir: string, options: OpenStoreOptions = {}): Promise<Store> {
  const clock = options.clock ?? (() => new Date());
  const db: Db = await openDb({ dataDir, databaseUrl: options.databaseUrl, schema: options.schema });
  let optimizer: NodeJS.Timeout | undefined;
  try {
    if (options.migrate !== false) await migrateToLatest(db.kysely, db.dialect, db.schema);
    const kvs = new Map<string, KvStore<object>>();
    const writes = new GroupCommit(db.kysely, db.dialect);
    const store: Store = {
      dataDir,
      dialect: db.dialect,
      location: db.location,
      db: db.kysely,
      ...(db.schema ? { schema: db.schema } : {}),
      cases: new CaseStore(db.kysely, db.dialect, clock, writes),
      figures: new CaseFigures(db.kysely, db.dialect),
      dedupe: new DedupeLog(db.kysely, { clock }),
      outbox: new Outbox(db.kysely, clock, writes),
      leases: new Leases(db.kysely, clock),
      slackCards: new SlackCards(db.kysely, clock, writes),
      reportRuns: new ReportRuns(db.kysely, clock),
      statusLines: statusLinesTable<StatusData>(db.kysely, clock),
      surges: surgesTable<SurgeData>(db.kysely, clock),
      kv<T extends object>(name: string, defaults: T): KvStore<T> {
        let kv = kvs.get(name);
        if (!kv) {
          kv = new KvStore<object>(db.kysely, name, defaults, clock);
          kvs.set(name, kv);
        }
        return kv as unknown as KvStore<T>;
      },
      optimize: async () => {
        if (db.dialect === "sqlite") await analyzeWhenGrown(db.kysely);
      },
      close: async () => {
        clearInterval(optimizer);
        await db.kysely.destroy();
      },
    };
    optimizer = setInterval(() => void store.optimize().catch(() => {}), OPTIMIZE_EVERY_MS);
    optimizer.unref();
    // Statistics help; they are never a reason not to open (and a database opened without
    // migrations may not have its tables yet).
    if (options.migrate !== false) await store.optimize().catch(() => {});
    if (!options.allowLegacy && legacyDayFiles(dataDir).length) {
      const imported = await store.db
        .selectFrom("kv")
        .select("name")
        .where("name", "=", LEGACY_IMPORT_KV)
        .executeTakeFirst();
      if (!imported) throw new StoreError("legacy-data", storeMessages.legacyDataDir(dataDir));
    }
    return store;
  } catch (err) {
    clearInterval(optimizer);
    await db.kysely.destroy().catch(() => {});
    throw err;
  }
}
