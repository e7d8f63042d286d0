/**
 * A small JSON document (a row of `kv`) for state that is not a case: the report schedule, the import
 * marker. (Status lines and surges have tables of their own: row-documents.ts.) An update reads the document and its version, applies the change,
 * and writes it only if the version is unchanged (retrying otherwise), so two replicas updating one
 * document never undo each other's change. Keep documents small: every update rewrites the row.
 */
import type { Kysely } from "kysely";
import { isUniqueViolation } from "./case-store.js";
import { StoreError, storeMessages } from "./errors.js";
import type { VersionedDocument } from "./row-documents.js";
import type { Database } from "./schema.js";

const NAME = /^[a-z0-9][a-z0-9-]*$/;
const MAX_ATTEMPTS = 50;

export class KvStore<T extends object> implements VersionedDocument<T> {
  readonly name: string;
  readonly #db: Kysely<Database>;
  readonly #defaults: T;
  readonly #clock: () => Date;

  constructor(db: Kysely<Database>, name: string, defaults: T, clock: () => Date = () => new Date()) {
    if (!NAME.test(name)) throw new StoreError("invalid-case", storeMessages.badKvName(name));
    this.name = name;
    this.#db = db;
    this.#defaults = structuredClone(defaults);
    this.#clock = clock;
  }

  /** A copy of the current document (the defaults when it was never written). */
  async read(): Promise<T> {
    return (await this.#load()).data;
  }

  /**
   * Changes the document: `fn` mutates a copy and may return a value, which `update` resolves to.
   * Written only when something changed; if `fn` throws, nothing changes. `fn` may run more than
   * once (when another writer got there first), so it must not have side effects of its own.
   */
  async update<R>(fn: (data: T) => R | Promise<R>): Promise<R> {
    for (let attempt = 0; ; attempt++) {
      const { data, version } = await this.#load();
      const before = JSON.stringify(data);
      const result = await fn(data);
      const after = JSON.stringify(data);
      if (after === before) return result;
      if (await this.#write(after, version)) return result;
      if (attempt >= MAX_ATTEMPTS) throw new Error(`kv document ${this.name}: too many concurrent updates`);
      // Another writer changed it first: read again, apply again.
      await new Promise((r) => setTimeout(r, Math.random() * 5 * (attempt + 1)));
    }
  }

  /** Replaces the whole document (import). */
  async replace(data: T): Promise<void> {
    await this.update((d) => {
      for (const k of Object.keys(d)) delete (d as Record<string, unknown>)[k];
      Object.assign(d, structuredClone(data));
    });
  }

  async #load(): Promise<{ data: T; version: number }> {
    const row = await this.#db
      .selectFrom("kv")
      .select(["doc", "version"])
      .where("name", "=", this.name)
      .executeTakeFirst();
    if (!row) return { data: structuredClone(this.#defaults), version: 0 };
    let data: unknown;
    try {
      data = JSON.parse(row.doc);
    } catch (err) {
      throw new StoreError("malformed", storeMessages.malformed(`kv ${this.name}`, (err as Error).message));
    }
    if (typeof data !== "object" || data === null || Array.isArray(data))
      throw new StoreError("malformed", storeMessages.malformed(`kv ${this.name}`, "expected a JSON object"));
    // Keys added to the defaults after the document was first written get their default value.
    return { data: { ...structuredClone(this.#defaults), ...(data as T) }, version: row.version };
  }

  async #write(doc: string, version: number): Promise<boolean> {
    const at = this.#clock().toISOString();
    if (version === 0) {
      try {
        await this.#db
          .insertInto("kv")
          .values({ name: this.name, doc, version: 1, updated_at: at })
          .execute();
        return true;
      } catch (err) {
        if (isUniqueViolation(err)) return false;
        throw err;
      }
    }
    const r = await this.#db
      .updateTable("kv")
      .set({ doc, version: version + 1, updated_at: at })
      .where("name", "=", this.name)
      .where("version", "=", version)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }
}
