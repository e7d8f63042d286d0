/**
 * Keys seen recently (Slack event ids, `command:<trigger_id>`), each with a value and an expiry, on a
 * unique key in `dedupe_keys`. Slack retries a request it thinks timed out, possibly to another
 * replica; the unique key turns the retry into a no-op wherever it lands.
 */
import type { Kysely } from "kysely";
import { claimDedupeKey, DEFAULT_DEDUPE_TTL_MS } from "./case-store.js";
import type { Database } from "./schema.js";

export { DEFAULT_DEDUPE_TTL_MS };

export class DedupeLog {
  readonly #db: Kysely<Database>;
  readonly #clock: () => Date;
  readonly #ttlMs: number;

  constructor(db: Kysely<Database>, options: { clock?: () => Date; ttlMs?: number } = {}) {
    this.#db = db;
    this.#clock = options.clock ?? (() => new Date());
    this.#ttlMs = options.ttlMs ?? DEFAULT_DEDUPE_TTL_MS;
  }

  get ttlMs(): number {
    return this.#ttlMs;
  }

  /** The value remembered for `key`, unless it expired. */
  async get(key: string): Promise<string | undefined> {
    const row = await this.#db
      .selectFrom("dedupe_keys")
      .select(["value", "expires_at"])
      .where("key", "=", key)
      .executeTakeFirst();
    return row && row.expires_at > this.#clock().toISOString() ? row.value : undefined;
  }

  /** The unexpired values remembered for `keys`, keyed by key (one query per 500 keys). */
  async getMany(keys: string[]): Promise<Map<string, string>> {
    const now = this.#clock().toISOString();
    const found = new Map<string, string>();
    for (let i = 0; i < keys.length; i += 500) {
      const rows = await this.#db
        .selectFrom("dedupe_keys")
        .select(["key", "value", "expires_at"])
        .where("key", "in", keys.slice(i, i + 500))
        .execute();
      for (const r of rows) if (r.expires_at > now) found.set(r.key, r.value);
    }
    return found;
  }

  /** Remembers `key` → `value` for the TTL, replacing any earlier value. */
  async put(key: string, value: string): Promise<void> {
    const expires_at = new Date(this.#clock().getTime() + this.#ttlMs).toISOString();
    await this.#db
      .insertInto("dedupe_keys")
      .values({ key, value, expires_at })
      .onConflict((oc) => oc.column("key").doUpdateSet({ value, expires_at }))
      .execute();
  }

  /**
   * Atomically: if `key` is fresh, remembers it with `value` and returns `{ fresh: true }`;
   * if it was seen, returns `{ fresh: false, value }` with the remembered value.
   */
  async claim(key: string, value = "1"): Promise<{ fresh: true } | { fresh: false; value: string }> {
    const holder = await claimDedupeKey(this.#db, key, value, this.#clock(), this.#ttlMs);
    return holder === undefined ? { fresh: true } : { fresh: false, value: holder };
  }

  /** Forgets expired keys. */
  async prune(): Promise<number> {
    const r = await this.#db
      .deleteFrom("dedupe_keys")
      .where("expires_at", "<=", this.#clock().toISOString())
      .executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
