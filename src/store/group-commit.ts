/**
 * Group commit for SQLite. With synchronous=FULL every commit is an fsync (milliseconds to tens of
 * milliseconds on a cloud disk), and SQLite has one writer at a time, so under a burst the commits
 * queue behind each other's fsyncs. Here every write that arrives while a commit is in progress
 * waits for the next one, and all of them are committed together: one fsync for the group. Each
 * write runs in its own savepoint, so one that fails is undone alone and the others still commit.
 * A write's promise resolves only after the group's COMMIT: nothing is reported done before it is
 * on disk. PostgreSQL groups concurrent commits itself, so there `run` is a plain transaction.
 *
 * A group starts one turn of the event loop after its first write (setImmediate), not at once:
 * better-sqlite3 is synchronous, so a group that started at once would run to its COMMIT before
 * the requests already waiting on the sockets were read, and a burst of 50 intakes made 50 commits
 * one after another, each ack waiting for all the commits before it. After a turn, every request
 * read in that turn has joined the group.
 */
import { type Kysely, sql, type Transaction } from "kysely";
import type { Database, Dialect } from "./schema.js";

interface Job {
  fn: (trx: Transaction<Database>) => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

export class GroupCommit {
  readonly #db: Kysely<Database>;
  readonly #grouped: boolean;
  #pending: Job[] = [];
  #scheduled = false;
  #commits: Promise<void> = Promise.resolve();

  constructor(db: Kysely<Database>, dialect: Dialect) {
    this.#db = db;
    this.#grouped = dialect === "sqlite";
  }

  run<R>(fn: (trx: Transaction<Database>) => Promise<R>): Promise<R> {
    if (!this.#grouped) return this.#db.transaction().execute(fn);
    return new Promise<R>((resolve, reject) => {
      this.#pending.push({ fn, resolve: resolve as (v: unknown) => void, reject });
      if (this.#scheduled) return;
      this.#scheduled = true;
      this.#commits = this.#commits
        .then(() => new Promise<void>((next) => setImmediate(next)))
        .then(() => {
          this.#scheduled = false;
          const jobs = this.#pending;
          this.#pending = [];
          return this.#flush(jobs);
        });
    });
  }

  async #flush(jobs: Job[]): Promise<void> {
    const results: Array<{ value: unknown } | { error: unknown }> = [];
    try {
      await this.#db.transaction().execute(async (trx) => {
        for (const job of jobs) {
          await sql`SAVEPOINT grouped`.execute(trx);
          try {
            results.push({ value: await job.fn(trx) });
            await sql`RELEASE grouped`.execute(trx);
          } catch (error) {
            await sql`ROLLBACK TO grouped`.execute(trx);
            await sql`RELEASE grouped`.execute(trx);
            results.push({ error });
          }
        }
      });
    } catch (err) {
      for (const job of jobs) job.reject(err);
      return;
    }
    jobs.forEach((job, i) => {
      const r = results[i] as { value: unknown } | { error: unknown };
      if ("error" in r) job.reject(r.error);
      else job.resolve(r.value);
    });
  }
}
