import path from "node:path";
import SQLite from "better-sqlite3";
import { Kysely, type LogEvent, SqliteDialect, sql } from "kysely";
import { afterEach, describe, expect, it } from "vitest";
import { GroupCommit } from "../../src/store/group-commit.js";
import type { Database } from "../../src/store/schema.js";
import { tempDir } from "./fixtures.js";

describe("group commit on SQLite", () => {
  let cleanup = () => {};
  let db: Kysely<Database> | undefined;
  afterEach(async () => {
    await db?.destroy();
    db = undefined;
    cleanup();
  });

  function open(): { db: Kysely<Database>; commits: () => number } {
    const t = tempDir();
    cleanup = t.cleanup;
    let commits = 0;
    db = new Kysely<Database>({
      dialect: new SqliteDialect({ database: new SQLite(path.join(t.dir, "g.db")) }),
      log: (e: LogEvent) => {
        if (e.level === "query" && /^commit$/i.test(e.query.sql)) commits++;
      },
    });
    return { db, commits: () => commits };
  }

  it("commits writes that arrive in one turn of the event loop together, each undone alone on failure", async () => {
    const { db, commits } = open();
    await sql`CREATE TABLE t (v INTEGER PRIMARY KEY)`.execute(db);
    const writes = new GroupCommit(db, "sqlite");
    const insert = (v: number) => writes.run((trx) => sql`INSERT INTO t (v) VALUES (${v})`.execute(trx));
    // As requests read from different sockets in one poll phase: separate callbacks, not one loop.
    const results = await new Promise<PromiseSettledResult<unknown>[]>((resolve) => {
      const started: Promise<unknown>[] = [];
      let left = 10;
      for (let i = 0; i < 10; i++)
        setImmediate(() => {
          // 5 twice: the second one breaks the primary key and must fail alone.
          started.push(insert(i === 9 ? 5 : i));
          if (--left === 0) resolve(Promise.allSettled(started));
        });
    });
    expect(results.filter((r) => r.status === "rejected")).toHaveLength(1);
    const rows = await sql<{ v: number }>`SELECT v FROM t ORDER BY v`.execute(db);
    expect(rows.rows.map((r) => r.v)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    // One COMMIT (one fsync) for the ten writes, not ten.
    expect(commits()).toBe(1);
  });

  it("resolves a write only after its group is committed", async () => {
    const { db } = open();
    await sql`CREATE TABLE t (v INTEGER PRIMARY KEY)`.execute(db);
    const writes = new GroupCommit(db, "sqlite");
    await writes.run((trx) => sql`INSERT INTO t (v) VALUES (1)`.execute(trx));
    // Another connection sees it: it is on disk, not only in the writer's open transaction.
    const other = new SQLite(
      (await sql<{ file: string }>`SELECT file FROM pragma_database_list`.execute(db)).rows[0]
        ?.file as string,
    );
    try {
      expect(other.prepare("SELECT count(*) AS n FROM t").get()).toEqual({ n: 1 });
    } finally {
      other.close();
    }
  });
});
