/**
 * Work to do after a commit (post a case card to Slack), written in the same transaction as the
 * change that calls for it, so a crash between the commit and the post loses nothing: a restart, or
 * another replica, finds the row and does it. Rows are claimed with a lease, so two replicas never
 * work on the same row at once; a worker that dies leaves its lease to expire and the row is retried.
 * Delivery is therefore at least once: handlers make their effect idempotent (a card already posted
 * is updated, not posted again).
 */
import type { Kysely } from "kysely";
import type { GroupCommit } from "./group-commit.js";
import type { Database } from "./schema.js";

export interface OutboxInput {
  topic: string;
  /** What the row is about (a case id): for logs and for finding a case's pending work. */
  key: string;
  payload?: unknown;
}

export interface OutboxItem {
  id: number;
  topic: string;
  key: string;
  payload: unknown;
  attempts: number;
  createdAt: string;
}

export async function writeOutbox(db: Kysely<Database>, items: OutboxInput[], now: Date): Promise<void> {
  if (!items.length) return;
  await db
    .insertInto("outbox")
    .values(
      items.map((i) => ({
        topic: i.topic,
        key: i.key,
        payload: JSON.stringify(i.payload ?? null),
        created_at: now.toISOString(),
        attempts: 0,
      })),
    )
    .execute();
}

export class Outbox {
  readonly #db: Kysely<Database>;
  readonly #clock: () => Date;
  readonly #writes: GroupCommit | undefined;

  /** `writes`: share the store's group commit, so card bookkeeping rides on the intakes' fsyncs. */
  constructor(db: Kysely<Database>, clock: () => Date = () => new Date(), writes?: GroupCommit) {
    this.#db = db;
    this.#clock = clock;
    this.#writes = writes;
  }

  #run<R>(fn: (db: Kysely<Database>) => Promise<R>): Promise<R> {
    return this.#writes ? this.#writes.run(fn) : fn(this.#db);
  }

  add(items: OutboxInput[]): Promise<void> {
    return writeOutbox(this.#db, items, this.#clock());
  }

  /**
   * Leases up to `limit` open rows of `topic` (oldest first) to `owner` for `leaseMs`. A row whose
   * lease expired (its worker died) is claimable again.
   */
  async claim(
    topic: string,
    owner: string,
    options: { limit?: number; leaseMs?: number } = {},
  ): Promise<OutboxItem[]> {
    const now = this.#clock();
    const at = now.toISOString();
    const until = new Date(now.getTime() + (options.leaseMs ?? 30_000)).toISOString();
    const rows = await this.#run((db) =>
      db
        .updateTable("outbox")
        .set((eb) => ({ lease_owner: owner, lease_until: until, attempts: eb("attempts", "+", 1) }))
        .where("id", "in", (eb) =>
          eb
            .selectFrom("outbox")
            .select("id")
            .where("done_at", "is", null)
            .where("topic", "=", topic)
            .where((w) => w.or([w("lease_until", "is", null), w("lease_until", "<", at)]))
            .orderBy("id", "asc")
            .limit(options.limit ?? 20),
        )
        // The inner select may see a row another replica leases at the same moment; re-checking the
        // lease here (PostgreSQL re-evaluates it on the locked row) keeps the claim exclusive.
        .where((w) => w.or([w("lease_until", "is", null), w("lease_until", "<", at)]))
        .where("done_at", "is", null)
        .returning(["id", "topic", "key", "payload", "attempts", "created_at"])
        .execute(),
    );
    return rows
      .map((r) => ({
        id: Number(r.id),
        topic: r.topic,
        key: r.key,
        payload: JSON.parse(r.payload) as unknown,
        attempts: r.attempts,
        createdAt: r.created_at,
      }))
      .sort((a, b) => a.id - b.id);
  }

  /** Marks a claimed row done (only if `owner` still holds it). */
  async done(id: number, owner: string): Promise<void> {
    await this.#run((db) =>
      db
        .updateTable("outbox")
        .set({ done_at: this.#clock().toISOString(), lease_owner: owner, last_error: null })
        .where("id", "=", id)
        .where("lease_owner", "=", owner)
        .execute(),
    );
  }

  /** Gives a row back after a failure: retried after `retryMs`. */
  async failed(id: number, owner: string, error: string, retryMs = 5_000): Promise<void> {
    await this.#db
      .updateTable("outbox")
      .set({
        lease_until: new Date(this.#clock().getTime() + retryMs).toISOString(),
        last_error: error.slice(0, 500),
      })
      .where("id", "=", id)
      .where("lease_owner", "=", owner)
      .execute();
  }

  /** Open rows (not done), for tests and health checks. */
  async pending(topic?: string): Promise<number> {
    let q = this.#db
      .selectFrom("outbox")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("done_at", "is", null);
    if (topic) q = q.where("topic", "=", topic);
    return Number((await q.executeTakeFirstOrThrow()).n);
  }

  /** Forgets done rows older than `olderThanMs`. */
  async prune(olderThanMs = 7 * 24 * 60 * 60 * 1000): Promise<void> {
    const before = new Date(this.#clock().getTime() - olderThanMs).toISOString();
    await this.#db
      .deleteFrom("outbox")
      .where("done_at", "is not", null)
      .where("done_at", "<", before)
      .execute();
  }
}
