/**
 * One holder at a time across replicas, for the report scheduler and the surge monitor: a lease row
 * (`leases`) that its holder renews and that anyone may take once it expired. It works the same on
 * SQLite and PostgreSQL; on PostgreSQL the row update is atomic under concurrent replicas because
 * the conditional UPDATE/INSERT … ON CONFLICT locks the row.
 *
 * A lease rather than a session-level advisory lock, so a holder that hangs (not just one that dies)
 * loses it after `ttlMs`, and so both engines share one code path.
 */
import type { Kysely } from "kysely";
import type { Database } from "./schema.js";

export class Leases {
  readonly #db: Kysely<Database>;
  readonly #clock: () => Date;

  constructor(db: Kysely<Database>, clock: () => Date = () => new Date()) {
    this.#db = db;
    this.#clock = clock;
  }

  /** Takes or renews `name` for `owner` for `ttlMs`; true when `owner` holds it now. */
  async acquire(name: string, owner: string, ttlMs: number): Promise<boolean> {
    const now = this.#clock();
    const at = now.toISOString();
    const until = new Date(now.getTime() + ttlMs).toISOString();
    const r = await this.#db
      .insertInto("leases")
      .values({ name, owner, until })
      .onConflict((oc) =>
        oc
          .column("name")
          .doUpdateSet({ owner, until })
          .where((eb) => eb.or([eb("leases.owner", "=", owner), eb("leases.until", "<", at)])),
      )
      .returning("owner")
      .executeTakeFirst();
    return r?.owner === owner;
  }

  /** Gives the lease up (if `owner` holds it), so another replica takes over at once. */
  async release(name: string, owner: string): Promise<void> {
    await this.#db.deleteFrom("leases").where("name", "=", name).where("owner", "=", owner).execute();
  }

  async holder(name: string): Promise<string | undefined> {
    const r = await this.#db
      .selectFrom("leases")
      .select(["owner", "until"])
      .where("name", "=", name)
      .executeTakeFirst();
    return r && r.until > this.#clock().toISOString() ? r.owner : undefined;
  }
}
