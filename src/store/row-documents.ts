/**
 * Status lines and surges in their own tables, one row per intent's line and one per surge, each with
 * its own `version`. Callers keep the document shape they had as kv documents (`read()` /
 * `update(fn)`): an update reads the rows, lets `fn` change the document, and writes only the rows
 * that changed, each conditionally on the version it was read at (`WHERE key = ? AND version = ?`;
 * an insert loses to a row inserted meanwhile on the primary or unique key), all in one transaction.
 * If any row moved on, nothing is written and the update runs again on fresh rows — so two replicas
 * never undo each other, and setting one intent's status line no longer races another's.
 *
 * Why tables instead of one kv row each: a status line is read per draft by intent, a surge by intent
 * or by its time; the rows are indexed (one active surge per intent is a unique key), and writes to
 * different intents touch different rows.
 */
import type { Kysely } from "kysely";
import { isUniqueViolation } from "./case-store.js";
import type { Database } from "./schema.js";

/** What status lines and the surge monitor need of their document store (a kv row or a table). */
export interface VersionedDocument<T extends object> {
  read(): Promise<T>;
  update<R>(fn: (data: T) => R | Promise<R>): Promise<R>;
  replace(data: T): Promise<void>;
}

interface Row {
  key: string;
  doc: string;
  /** Indexed columns besides key and doc. */
  columns: Record<string, string | null>;
}

interface Mapping<T> {
  table: "status_lines" | "surges";
  keyColumn: "intent" | "id";
  orderBy: string[];
  toRows(doc: T): Row[];
  fromRows(docs: unknown[]): T;
}

const MAX_ATTEMPTS = 50;

class Conflict extends Error {}

// biome-ignore lint/suspicious/noExplicitAny: the two tables share this code; their columns are checked by the mappings below.
type AnyDb = Kysely<any>;

export class RowDocument<T extends object> implements VersionedDocument<T> {
  readonly #db: AnyDb;
  readonly #m: Mapping<T>;
  readonly #clock: () => Date;

  constructor(db: Kysely<Database>, mapping: Mapping<T>, clock: () => Date = () => new Date()) {
    this.#db = db as unknown as AnyDb;
    this.#m = mapping;
    this.#clock = clock;
  }

  async read(): Promise<T> {
    return (await this.#load()).data;
  }

  async update<R>(fn: (data: T) => R | Promise<R>): Promise<R> {
    for (let attempt = 0; ; attempt++) {
      const { data, versions } = await this.#load();
      const before = new Map(this.#m.toRows(data).map((r) => [r.key, r]));
      const result = await fn(data);
      const after = new Map(this.#m.toRows(data).map((r) => [r.key, r]));
      const changed = [...after.values()].filter((r) => before.get(r.key)?.doc !== r.doc);
      const removed = [...before.keys()].filter((k) => !after.has(k));
      if (!changed.length && !removed.length) return result;
      try {
        await this.#write(changed, removed, versions);
        return result;
      } catch (err) {
        if (!(err instanceof Conflict) && !isUniqueViolation(err)) throw err;
        if (attempt >= MAX_ATTEMPTS) throw new Error(`${this.#m.table}: too many concurrent updates`);
        // Another writer changed a row first: read again, apply again.
        await new Promise((r) => setTimeout(r, Math.random() * 5 * (attempt + 1)));
      }
    }
  }

  /** Replaces everything (import). */
  async replace(data: T): Promise<void> {
    await this.update((d) => {
      for (const k of Object.keys(d)) delete (d as Record<string, unknown>)[k];
      Object.assign(d, structuredClone(data));
    });
  }

  async #load(): Promise<{ data: T; versions: Map<string, number> }> {
    const { table, keyColumn } = this.#m;
    let q = this.#db.selectFrom(table).select([`${keyColumn} as key`, "doc", "version"]);
    for (const column of this.#m.orderBy) q = q.orderBy(column);
    const rows = (await q.execute()) as Array<{ key: string; doc: string; version: number }>;
    return {
      data: this.#m.fromRows(rows.map((r) => JSON.parse(r.doc))),
      versions: new Map(rows.map((r) => [r.key, Number(r.version)])),
    };
  }

  async #write(changed: Row[], removed: string[], versions: Map<string, number>): Promise<void> {
    const { table, keyColumn } = this.#m;
    const at = this.#clock().toISOString();
    await this.#db.transaction().execute(async (trx) => {
      for (const r of changed) {
        const version = versions.get(r.key);
        if (version === undefined) {
          await trx
            .insertInto(table)
            .values({ [keyColumn]: r.key, ...r.columns, doc: r.doc, version: 1, updated_at: at })
            .execute();
          continue;
        }
        const u = await trx
          .updateTable(table)
          .set({ ...r.columns, doc: r.doc, version: version + 1, updated_at: at })
          .where(keyColumn, "=", r.key)
          .where("version", "=", version)
          .executeTakeFirst();
        if (Number(u.numUpdatedRows) !== 1) throw new Conflict();
      }
      for (const key of removed) {
        const d = await trx
          .deleteFrom(table)
          .where(keyColumn, "=", key)
          .where("version", "=", versions.get(key) as number)
          .executeTakeFirst();
        if (Number(d.numDeletedRows) !== 1) throw new Conflict();
      }
    });
  }
}

/** The shapes stored, as the store sees them (the full types live with status lines and surges). */
export interface StatusLinesDoc {
  statuses: Record<string, { intent: string; setAt: string }>;
}

export interface SurgesDoc {
  version: 1;
  active: Record<string, { intent: string; startedAt: string; endedAt?: string }>;
  ended: Array<{ intent: string; startedAt: string; endedAt?: string }>;
}

/** The id of a surge row: its intent and when it started (an intent has one surge at a time). */
export function surgeId(s: { intent: string; startedAt: string }): string {
  return `${s.intent}@${s.startedAt}`;
}

export function statusLinesTable<T extends StatusLinesDoc>(
  db: Kysely<Database>,
  clock?: () => Date,
): RowDocument<T> {
  return new RowDocument<T>(
    db,
    {
      table: "status_lines",
      keyColumn: "intent",
      orderBy: ["intent"],
      toRows: (doc) =>
        Object.entries(doc.statuses).map(([intent, s]) => ({
          key: intent,
          doc: JSON.stringify(s),
          columns: { set_at: s.setAt },
        })),
      fromRows: (docs) =>
        ({
          statuses: Object.fromEntries(
            (docs as Array<{ intent: string }>).map((s) => [s.intent, s] as const),
          ),
        }) as unknown as T,
    },
    clock,
  );
}

export function surgesTable<T extends SurgesDoc>(db: Kysely<Database>, clock?: () => Date): RowDocument<T> {
  return new RowDocument<T>(
    db,
    {
      table: "surges",
      keyColumn: "id",
      // Ended surges oldest first, as the monitor appended them.
      orderBy: ["ended_at", "started_at", "id"],
      toRows: (doc) =>
        [...Object.values(doc.active), ...doc.ended].map((s) => ({
          key: surgeId(s),
          doc: JSON.stringify(s),
          columns: { intent: s.intent, started_at: s.startedAt, ended_at: s.endedAt ?? null },
        })),
      fromRows: (docs) => {
        const out: SurgesDoc = { version: 1, active: {}, ended: [] };
        for (const s of docs as SurgesDoc["ended"]) {
          if (s.endedAt) out.ended.push(s);
          else out.active[s.intent] = s;
        }
        return out as T;
      },
    },
    clock,
  );
}
