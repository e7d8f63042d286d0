/**
 * Real databases for tests: SQLite always (a temp DATA_DIR), PostgreSQL when TEST_DATABASE_URL names a
 * server (`scripts/test-postgres.sh start` starts a throwaway one; `.ci/run` does it in CI). Each store
 * gets its own PostgreSQL schema, dropped afterwards, so suites never see each other's rows.
 *
 * Locally a missing server skips the PostgreSQL half with a message; under CI=true it fails.
 */
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { type OpenStoreOptions, openStore, type Store } from "../../src/store/index.js";

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

export const postgresMissing = `PostgreSQL tests skipped: set TEST_DATABASE_URL (eval "$(scripts/test-postgres.sh start)")`;

export type Engine = "sqlite" | "postgres";

/** The engines to run a suite on. Under CI=true PostgreSQL is required. */
export function engines(): Engine[] {
  if (TEST_DATABASE_URL) return ["sqlite", "postgres"];
  if (process.env.CI === "true")
    throw new Error(
      "CI=true but TEST_DATABASE_URL is not set: PostgreSQL tests must run in CI (.ci/run starts a server).",
    );
  warnOnce();
  return ["sqlite"];
}

let warned = false;
function warnOnce(): void {
  if (warned) return;
  warned = true;
  process.stderr.write(`${postgresMissing}\n`);
}

export interface TestDatabase {
  engine: Engine;
  dataDir: string;
  /** For PostgreSQL: the URL and schema to hand to the app (DATABASE_URL, DATABASE_SCHEMA). */
  databaseUrl?: string;
  schema?: string;
  open(options?: Omit<OpenStoreOptions, "databaseUrl" | "schema">): Promise<Store>;
  /** Environment for a child app process on this database. */
  env(): Record<string, string>;
  cleanup(): Promise<void>;
}

export function newSchemaName(): string {
  return `t_${randomBytes(6).toString("hex")}`;
}

/** A fresh, empty database of `engine`: a temp DATA_DIR, and for PostgreSQL a new schema. */
export function testDatabase(engine: Engine, dataDir?: string): TestDatabase {
  const dir = dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "sincerely-db-"));
  const schema = engine === "postgres" ? newSchemaName() : undefined;
  const databaseUrl = engine === "postgres" ? TEST_DATABASE_URL : undefined;
  if (engine === "postgres" && !databaseUrl) throw new Error(postgresMissing);
  return {
    engine,
    dataDir: dir,
    ...(databaseUrl ? { databaseUrl } : {}),
    ...(schema ? { schema } : {}),
    open: (options = {}) => openStore(dir, { ...options, databaseUrl, schema }),
    env: () => ({
      DATA_DIR: dir,
      ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
      ...(schema ? { DATABASE_SCHEMA: schema } : {}),
    }),
    async cleanup() {
      if (schema && databaseUrl) {
        const client = new pg.Client({ connectionString: databaseUrl });
        await client.connect();
        try {
          await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        } finally {
          await client.end();
        }
      }
      if (!dataDir) fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
