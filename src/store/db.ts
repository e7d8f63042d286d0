/**
 * Opens the database: SQLite in DATA_DIR/sincerely.db by default, PostgreSQL when DATABASE_URL is set.
 * Both through Kysely, so every query below is written once.
 */
import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, PostgresDialect, type SqliteDatabase, SqliteDialect, sql } from "kysely";
import pg from "pg";
import type { Database, Dialect } from "./schema.js";

export const SQLITE_FILE = "sincerely.db";

export interface DbOptions {
  dataDir: string;
  /** `postgres://…`: use PostgreSQL instead of SQLite. */
  databaseUrl?: string | undefined;
  /** PostgreSQL schema to work in (created if missing); tests give each suite its own. */
  schema?: string | undefined;
}

export interface Db {
  kysely: Kysely<Database>;
  dialect: Dialect;
  /** Where the data is, for messages (the SQLite file, or the PostgreSQL URL without its password). */
  location: string;
  /** PostgreSQL only: the pool, for advisory locks that need one session. */
  pool?: pg.Pool;
  schema?: string;
}

// PostgreSQL returns int8 (count(*), bigint columns) as strings to be safe beyond 2^53; our counts
// and sequence values stay far below that, so read them as numbers.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

export async function openDb(options: DbOptions): Promise<Db> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.schema);
  return openSqlite(options.dataDir);
}

function openSqlite(dataDir: string): Db {
  const dir = path.resolve(dataDir);
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, SQLITE_FILE);
  const database = new SQLite(file);
  // WAL: readers never block the writer, and a commit is one append to the log.
  database.pragma("journal_mode = WAL");
  // FULL, not NORMAL: in WAL mode NORMAL survives a process crash (kill -9) but may lose the last
  // commits on a power cut or kernel crash, and those commits were already acknowledged to Slack
  // ("durable before the ack"). FULL fsyncs the log on every commit; on a local SSD that is well
  // under a millisecond, a price worth paying for never losing an answered mention.
  database.pragma("synchronous = FULL");
  // Several processes (the app, `sincerely triage`, a second replica on one host) may share the file:
  // wait for another writer's short transaction instead of failing with SQLITE_BUSY.
  database.pragma("busy_timeout = 10000");
  database.pragma("foreign_keys = ON");
  const kysely = new Kysely<Database>({
    dialect: new SqliteDialect({ database: withStatementCache(database) }),
  });
  return { kysely, dialect: "sqlite", location: file };
}

/** Prepared statements kept for reuse; past this many, the oldest is dropped. */
const STATEMENTS_KEPT = 500;

/**
 * The database as Kysely's SQLite driver sees it, with prepared statements reused: the driver
 * prepares every query it runs, and preparing was a tenth of an intake's database time (the same few
 * dozen statements, over and over). A statement is reused only after its last run has finished,
 * which holds because the driver runs each one to completion synchronously (`all`/`run`); the one
 * exception, `iterate` for Kysely's `.stream()`, is not used by this project.
 */
function withStatementCache(database: SQLite.Database): SqliteDatabase {
  const kept = new Map<string, SQLite.Statement>();
  return {
    prepare(sqlText: string) {
      let statement = kept.get(sqlText);
      if (statement) {
        // Most recently used last, so the oldest is the first to go.
        kept.delete(sqlText);
      } else {
        statement = database.prepare(sqlText);
        if (kept.size >= STATEMENTS_KEPT) kept.delete(kept.keys().next().value as string);
      }
      kept.set(sqlText, statement);
      return statement as unknown as ReturnType<SqliteDatabase["prepare"]>;
    },
    close() {
      kept.clear();
      database.close();
    },
  };
}

async function openPostgres(url: string, schema: string | undefined): Promise<Db> {
  if (schema && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`Not a valid schema name: ${schema}`);
  if (schema) {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    } finally {
      await client.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    ...(schema ? { options: `-c search_path=${schema},public` } : {}),
  });
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  await sql`SELECT 1`.execute(kysely);
  return { kysely, dialect: "postgres", location: redact(url), pool, ...(schema ? { schema } : {}) };
}

/** The URL without its password, for logs and messages. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "postgres://…";
  }
}
