/**
 * Cases in the database: the whole case as a JSON document plus the columns we filter and sort on.
 * Every write is one transaction, committed before the promise resolves; updates are conditional on
 * the version the writer read (`WHERE id = ? AND version = ?`), so two writers on two replicas can
 * never both win. Reads are indexed queries: nothing here scans history in JavaScript.
 */
import { randomInt } from "node:crypto";
import {
  type Expression,
  type ExpressionBuilder,
  type Kysely,
  type SelectQueryBuilder,
  type SqlBool,
  sql,
  type Transaction,
} from "kysely";
import type { AuditEvent, Case, CaseState } from "../cases/types.js";
import { StoreError, storeMessages } from "./errors.js";
import { GroupCommit } from "./group-commit.js";
import { type OutboxInput, writeOutbox } from "./outbox.js";
import type { CasesTable, Database, Dialect } from "./schema.js";
import { searchBigrams, shortSearchBigram } from "./search.js";

export interface CaseFilter {
  state?: CaseState;
  intent?: string;
  /** Created at or after this instant. */
  since?: Date | string;
  /** Created before this instant. */
  until?: Date | string;
  /** On coalesce(posted_at, created_at) instead of created_at (surges, the report). */
  by?: "created" | "occurred";
  limit?: number;
}

/** Filters shared by `page` and `count`. */
export interface CaseQuery {
  state?: CaseState;
  intent?: string;
  situation?: string;
  department?: string;
  /** Actor id of the claim; `null` for unclaimed cases. */
  claimedBy?: string | null;
  /**
   * Overdue: created before this instant, or, per intent, before that intent's instant
   * (`{ "delay-complaint": "2026-11-22T04:03:00Z", … }`, which the caller computes from each
   * intent's urgency and SLA). Intents missing from the map are never overdue.
   */
  overdueBefore?: string | Date | Record<string, string>;
  handle?: string;
  /** Substring of the mention text or handle, case-insensitive; Korean-aware (trigrams). */
  text?: string;
  /** Created at or after / before, like `list`. */
  since?: Date | string;
  until?: Date | string;
  escalated?: boolean;
}

export interface PageQuery extends CaseQuery {
  order: "oldest" | "newest";
  limit: number;
  /** `nextCursor` from the previous page. */
  cursor?: string;
}

export interface CasePage {
  items: Case[];
  /** Pass as `cursor` for the next page; absent on the last page. */
  nextCursor?: string;
  /** Cases matching the filters, over all pages (for a text search: at most TEXT_TOTAL_CAP). */
  total: number;
  /** True when a text search matched more than `total` cases and counting stopped there. */
  totalCapped?: boolean;
}

/**
 * A text search counts its matches up to this many. Counting every case that contains a common word
 * costs a read per match (a hundred thousand of them in a long history); a person reading the
 * queue needs "1,000+", not the exact figure.
 */
export const TEXT_TOTAL_CAP = 1000;

/**
 * A page's total counts up to this many for other filters (the pending queue, all history): exact
 * for a working queue, and bounded for "every case ever" (a count of a million rows was most of the
 * all-history page's 150 ms on PostgreSQL).
 */
export const TOTAL_CAP = 10_000;

export interface InsertOptions {
  /**
   * Slack event id, `command:<trigger_id>`, …: stored with the case in one transaction, on a unique
   * key. If the key is already taken (and fresh), nothing is stored and `existingId` is returned.
   */
  dedupeKey?: string;
  dedupeTtlMs?: number;
  /** The caller's clock for the dedupe expiry (the case service's). */
  now?: Date;
  /** Work to do after the commit (posting the card), committed in the same transaction. */
  outbox?: OutboxInput[];
}

export type InsertResult = { inserted: true } | { inserted: false; existingId: string };

export interface UpdateOptions {
  /** The audit events appended since the stored version (also in `next.events`). */
  events?: AuditEvent[];
  outbox?: OutboxInput[];
}

export interface CaseChange {
  seq: number;
  case: Case;
}

const CASE_ID = /^c(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})-[a-z0-9]+$/;
export const DEFAULT_DEDUPE_TTL_MS = 24 * 60 * 60 * 1000;

/** `c20261122-143005-k3f9`: the UTC date and time of creation, then a random suffix. */
export function newCaseId(createdAt: Date): string {
  const iso = createdAt.toISOString(); // 2026-11-22T14:30:05.123Z
  const date = iso.slice(0, 10).replaceAll("-", "");
  const time = iso.slice(11, 19).replaceAll(":", "");
  const suffix = randomInt(36 ** 6)
    .toString(36)
    .padStart(6, "0");
  return `c${date}-${time}-${suffix}`;
}

/** The UTC day (`2026-11-22`) a case id was created on, or undefined for an id in another format. */
export function dayOfCaseId(id: string): string | undefined {
  const m = CASE_ID.exec(id);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}

function iso(instant: Date | string): string {
  const d = typeof instant === "string" ? new Date(instant) : instant;
  if (Number.isNaN(d.getTime())) throw new StoreError("invalid-case", `Not a valid date: ${String(instant)}`);
  return d.toISOString();
}

/** Fields other helpers add to `Case` that the store indexes, read without depending on their types. */
interface IndexedExtras {
  mention: { postedAt?: string };
  claim?: { by: { id: string }; at: string };
  draft: { situation?: string } | null;
}

/** PostgreSQL text cannot hold NUL; pasted text can. The JSON documents escape it (\u0000), columns drop it. */
const NUL = "\u0000";

export function normalizeHandle(handle: string): string {
  return handle.trim().replace(/^@/, "").replaceAll(NUL, "").toLowerCase();
}

export function searchText(c: Pick<Case, "mention">): string {
  const text = c.mention.text.replaceAll(NUL, " ");
  return `${c.mention.handle ? `@${normalizeHandle(c.mention.handle)} ` : ""}${text}`.toLowerCase();
}

/** The instant as normalized ISO text, or null when it is not a date. */
function validPostedAt(value: unknown): string | null {
  if (typeof value !== "string") return null;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

export function caseRow(c: Case, seq: number, now: string): CasesTable {
  const x = c as unknown as IndexedExtras;
  const postedAt = validPostedAt(x.mention.postedAt);
  const createdAt = iso(c.createdAt);
  const decidedAt = c.approved?.at ?? c.dismissed?.at;
  return {
    id: c.id,
    doc: JSON.stringify(c),
    version: c.version,
    state: c.state,
    intent: c.intent,
    situation: x.draft?.situation ?? null,
    department: c.department,
    handle: c.mention.handle ? normalizeHandle(c.mention.handle) : null,
    created_at: createdAt,
    posted_at: postedAt,
    occurred_at: postedAt ?? createdAt,
    updated_at: now,
    claimed_by: x.claim?.by.id ?? null,
    claimed_at: x.claim?.at ?? null,
    escalation_department: c.escalation?.department ?? null,
    // Normalized ISO text, so the report's time comparisons in SQL agree with Date.parse.
    escalated_at: c.escalation ? (validPostedAt(c.escalation.at) ?? c.escalation.at) : null,
    decided_at: decidedAt ? (validPostedAt(decidedAt) ?? decidedAt) : null,
    classified_intent: c.classification?.intent ?? null,
    search_text: searchText(c),
    seq,
  };
}

export function parseCase(doc: string): Case {
  const c = JSON.parse(doc) as Case;
  // Cases from before versions existed (imported day files) start at 1.
  if (typeof c.version !== "number") c.version = 1;
  return c;
}

export function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string } | undefined;
  return (
    e?.code === "23505" ||
    e?.code === "SQLITE_CONSTRAINT_PRIMARYKEY" ||
    e?.code === "SQLITE_CONSTRAINT_UNIQUE"
  );
}

export async function nextSeq(trx: Kysely<Database>, dialect: Dialect): Promise<number> {
  return (await nextSeqs(trx, dialect, 1))[0] as number;
}

/** `n` increasing values of the change sequence, in one round trip. */
export async function nextSeqs(trx: Kysely<Database>, dialect: Dialect, n: number): Promise<number[]> {
  if (dialect === "postgres") {
    const r = await sql<{
      value: number;
    }>`SELECT nextval('case_seq') AS value FROM generate_series(1, ${n})`.execute(trx);
    return r.rows.map((row) => Number(row.value)).sort((a, b) => a - b);
  }
  const r = await trx
    .updateTable("counters")
    .set((eb) => ({ value: eb("value", "+", n) }))
    .where("name", "=", "case_seq")
    .returning("value")
    .executeTakeFirstOrThrow();
  const last = Number(r.value);
  return Array.from({ length: n }, (_, i) => last - n + 1 + i);
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (m) => `\\${m}`);
}

export class CaseStore {
  readonly #db: Kysely<Database>;
  readonly #dialect: Dialect;
  readonly #clock: () => Date;
  readonly #writes: GroupCommit;

  constructor(
    db: Kysely<Database>,
    dialect: Dialect,
    clock: () => Date = () => new Date(),
    writes: GroupCommit = new GroupCommit(db, dialect),
  ) {
    this.#db = db;
    this.#dialect = dialect;
    this.#clock = clock;
    this.#writes = writes;
  }

  /**
   * Stores a new case (with its dedupe key and outbox rows) in one transaction; resolves once it is
   * committed. Throws `duplicate-id` if the id is taken.
   */
  async insert(c: Case, options: InsertOptions = {}): Promise<InsertResult> {
    try {
      // Grouped with concurrent writes on SQLite (one fsync for the group): see group-commit.ts.
      return await this.#writes.run((trx) => this.#insertIn(trx, c, options));
    } catch (err) {
      throw this.#insertError(err, c);
    }
  }

  async #insertIn(trx: Transaction<Database>, c: Case, options: InsertOptions): Promise<InsertResult> {
    const now = options.now ?? this.#clock();
    if (options.dedupeKey !== undefined) {
      const taken = await claimDedupeKey(
        trx,
        options.dedupeKey,
        c.id,
        now,
        options.dedupeTtlMs ?? DEFAULT_DEDUPE_TTL_MS,
      );
      if (taken !== undefined) return { inserted: false, existingId: taken };
    }
    await this.#insertRow(trx, c, now);
    if (options.outbox?.length) await writeOutbox(trx, options.outbox, now);
    return { inserted: true };
  }

  /**
   * Stores many new cases in ONE committed transaction, each exactly as `insert` would (case row,
   * search row, audit events, dedupe key, outbox rows): for a bulk intake that acknowledges nobody
   * until the end (`sincerely triage`), so one commit (one fsync) covers the batch instead of one
   * per row. All or nothing: a failure stores none of the batch. A dedupe key already held (by an
   * earlier batch, another process, or an earlier item of this batch) gives `inserted: false` with
   * the holder, as in `insert`. Throws `duplicate-id` when a case id is taken (the caller retries
   * with fresh ids: the whole batch was rolled back).
   */
  async insertBatch(items: Array<{ case: Case; options?: InsertOptions }>): Promise<InsertResult[]> {
    if (!items.length) return [];
    try {
      return await this.#writes.run(async (trx) => {
        const results: InsertResult[] = [];
        const fresh: Array<{ case: Case; options: InsertOptions; now: Date }> = [];
        const holders = await claimDedupeKeys(
          trx,
          items.flatMap(({ case: c, options = {} }) =>
            options.dedupeKey !== undefined
              ? [
                  {
                    key: options.dedupeKey,
                    value: c.id,
                    now: options.now ?? this.#clock(),
                    ttlMs: options.dedupeTtlMs ?? DEFAULT_DEDUPE_TTL_MS,
                  },
                ]
              : [],
          ),
          this.#clock(),
        );
        for (const { case: c, options = {} } of items) {
          const now = options.now ?? this.#clock();
          const holder = options.dedupeKey !== undefined ? holders.get(options.dedupeKey) : undefined;
          if (holder !== undefined && holder !== c.id) {
            results.push({ inserted: false, existingId: holder });
            continue;
          }
          results.push({ inserted: true });
          fresh.push({ case: c, options, now });
        }
        // Multi-row INSERTs: one statement per 200 cases instead of three per case.
        const now = fresh[0]?.now ?? this.#clock();
        for (let i = 0; i < fresh.length; i += 200) {
          await this.#insertRows(
            trx,
            fresh.slice(i, i + 200).map((f) => f.case),
            now,
          );
        }
        for (const f of fresh) {
          if (f.options.outbox?.length) await writeOutbox(trx, f.options.outbox, f.now);
        }
        return results;
      });
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw new StoreError(
          "duplicate-id",
          storeMessages.duplicateId(items.map((i) => i.case.id).join(", ")),
        );
      }
      throw err;
    }
  }

  /** The stored cases among `ids` (unknown ids are left out), keyed by id. */
  async getMany(ids: string[]): Promise<Map<string, Case>> {
    const found = new Map<string, Case>();
    for (let i = 0; i < ids.length; i += 500) {
      const rows = await this.#db
        .selectFrom("cases")
        .select(["id", "doc"])
        .where("id", "in", ids.slice(i, i + 500))
        .execute();
      for (const r of rows) found.set(r.id, parseCase(r.doc));
    }
    return found;
  }

  #insertError(err: unknown, c: Case): unknown {
    return isUniqueViolation(err) ? new StoreError("duplicate-id", storeMessages.duplicateId(c.id)) : err;
  }

  /** Many cases in one transaction (import, benchmarks); ids already stored are skipped. Returns how many were new. */
  async insertMany(cases: Case[]): Promise<number> {
    if (!cases.length) return 0;
    const now = this.#clock();
    return this.#db.transaction().execute(async (trx) => {
      const ids = cases.map((c) => c.id);
      const existing = new Set<string>();
      for (let i = 0; i < ids.length; i += 500) {
        const rows = await trx
          .selectFrom("cases")
          .select("id")
          .where("id", "in", ids.slice(i, i + 500))
          .execute();
        for (const r of rows) existing.add(r.id);
      }
      const seen = new Set<string>();
      const fresh = cases.filter((c) => {
        if (existing.has(c.id) || seen.has(c.id)) return false;
        seen.add(c.id);
        return true;
      });
      for (let i = 0; i < fresh.length; i += 200) await this.#insertRows(trx, fresh.slice(i, i + 200), now);
      return fresh.length;
    });
  }

  async #insertRow(trx: Transaction<Database>, c: Case, now: Date): Promise<void> {
    await this.#insertRows(trx, [c], now);
  }

  async #insertRows(trx: Transaction<Database>, cases: Case[], now: Date): Promise<void> {
    const at = now.toISOString();
    const seqs = await nextSeqs(trx, this.#dialect, cases.length);
    const rows: CasesTable[] = cases.map((c, i) => {
      if (typeof c.version !== "number") c.version = 1;
      return caseRow(c, seqs[i] as number, at);
    });
    if (this.#dialect === "sqlite") {
      await trx.insertInto("cases").values(rows).execute();
      await trx
        .insertInto("cases_fts")
        .values(rows.map((r) => ({ id: r.id, body: r.search_text })))
        .execute();
      await trx
        .insertInto("cases_bigrams")
        .values(rows.map((r) => ({ id: r.id, body: searchBigrams(r.search_text).join(" ") })))
        .execute();
    } else {
      await trx
        .insertInto("cases")
        .values(rows.map((r) => ({ ...r, search_bigrams: searchBigrams(r.search_text) })))
        .execute();
    }
    const events = cases.flatMap((c) => c.events.map((e) => eventRow(c.id, e)));
    for (let i = 0; i < events.length; i += 300) {
      await trx
        .insertInto("case_events")
        .values(events.slice(i, i + 300))
        .execute();
    }
  }

  /**
   * Replaces the case if the stored version is still `expectedVersion`; `next.version` must be the
   * new version (normally expectedVersion + 1). Returns false, changing nothing, when someone else
   * changed the case first: read it again and decide again. Throws `not-found` for an unknown id.
   */
  async update(next: Case, expectedVersion: number, options: UpdateOptions = {}): Promise<boolean> {
    const now = this.#clock();
    return this.#writes.run(async (trx) => {
      const row = caseRow(next, await nextSeq(trx, this.#dialect), now.toISOString());
      const { id: _id, created_at: _created, search_text: _search, ...changes } = row;
      const r = await trx
        .updateTable("cases")
        .set(changes)
        .where("id", "=", next.id)
        .where("version", "=", expectedVersion)
        .executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) {
        const exists = await trx
          .selectFrom("cases")
          .select("id")
          .where("id", "=", next.id)
          .executeTakeFirst();
        if (!exists) throw new StoreError("not-found", storeMessages.caseNotFound(next.id));
        return false;
      }
      if (options.events?.length) {
        await trx
          .insertInto("case_events")
          .values(options.events.map((e) => eventRow(next.id, e)))
          .execute();
      }
      if (options.outbox?.length) await writeOutbox(trx, options.outbox, now);
      return true;
    });
  }

  async get(id: string): Promise<Case | undefined> {
    const row = await this.#db.selectFrom("cases").select("doc").where("id", "=", id).executeTakeFirst();
    return row ? parseCase(row.doc) : undefined;
  }

  /** Cases matching the filter, newest first. */
  async list(filter: CaseFilter = {}): Promise<Case[]> {
    const column = filter.by === "occurred" ? "occurred_at" : "created_at";
    let q = this.#db.selectFrom("cases").select("doc");
    if (filter.state !== undefined) q = q.where("state", "=", filter.state);
    if (filter.intent !== undefined) q = q.where("intent", "=", filter.intent);
    if (filter.since !== undefined) q = q.where(column, ">=", iso(filter.since));
    if (filter.until !== undefined) q = q.where(column, "<", iso(filter.until));
    q = q.orderBy(column, "desc").orderBy("id", "desc");
    if (filter.limit !== undefined) q = q.limit(filter.limit);
    const rows = await q.execute();
    return rows.map((r) => parseCase(r.doc));
  }

  /** One page of the queue, oldest or newest first, with keyset paging (stable while cases arrive). */
  async page(query: PageQuery): Promise<CasePage> {
    const limit = Math.max(1, Math.min(500, Math.floor(query.limit)));
    const desc = query.order === "newest";
    const index = this.#textIndex(query);
    if (index) return this.#ftsPage(query, index, limit, desc);
    let q = this.#db
      .selectFrom("cases")
      .select(["doc", "created_at", "id"])
      .where((eb) => this.#conditions(eb, query));
    if (query.cursor) {
      const { createdAt, id } = decodeCursor(query.cursor);
      q = q.where((eb) =>
        eb.or([
          eb("created_at", desc ? "<" : ">", createdAt),
          eb.and([eb("created_at", "=", createdAt), eb("id", desc ? "<" : ">", id)]),
        ]),
      );
    }
    const [rows, counted] = await Promise.all([
      q
        .orderBy("created_at", desc ? "desc" : "asc")
        .orderBy("id", desc ? "desc" : "asc")
        .limit(limit + 1)
        .execute(),
      query.text?.trim() ? this.#countText(query) : this.#countCapped(query),
    ]);
    const items = rows.slice(0, limit).map((r) => parseCase(r.doc));
    const last = rows[limit - 1];
    const page: CasePage = { items, total: counted.total };
    if (counted.capped) page.totalCapped = true;
    if (rows.length > limit && last) page.nextCursor = encodeCursor(last.created_at, last.id);
    return page;
  }

  /**
   * A text search on SQLite, driven by its full-text index: the matches are read in the index's
   * order (the order cases were stored in, newest last), each joined to its case and filtered, and
   * reading stops once the page is full. Ordering by created_at instead made SQLite read every match
   * first (10,000 for a common word in 200,000 cases: 65 ms); this reads about a page of them. The
   * cursor is the index position (`f:<rowid>`). Cases imported later than newer ones sort as stored.
   */
  async #ftsPage(query: PageQuery, index: TextIndex, limit: number, desc: boolean): Promise<CasePage> {
    // Both full-text tables have the same columns; typed as one, named as the one in use.
    const table = index.table as "cases_fts";
    let q = this.#db
      .selectFrom("cases")
      .innerJoin(table, `${table}.id`, "cases.id")
      .select(["cases.doc as doc", sql<number>`${sql.ref(index.table)}.rowid`.as("position")])
      .where((eb) => eb.and([index.match, this.#conditions(eb, { ...query, text: undefined })]));
    if (query.cursor) {
      const position = /^f:(\d+)$/.exec(query.cursor)?.[1];
      if (!position) throw new StoreError("invalid-case", `Not a valid page cursor: ${query.cursor}`);
      q = q.where(
        sql<SqlBool>`${sql.ref(index.table)}.rowid ${sql.raw(desc ? "<" : ">")} ${Number(position)}`,
      );
    }
    const [rows, counted] = await Promise.all([
      q
        .orderBy(sql`${sql.ref(index.table)}.rowid`, desc ? "desc" : "asc")
        .limit(limit + 1)
        .execute(),
      this.#countText(query),
    ]);
    const items = rows.slice(0, limit).map((r) => parseCase(r.doc));
    const last = rows[limit - 1];
    const page: CasePage = { items, total: counted.total };
    if (counted.capped) page.totalCapped = true;
    if (rows.length > limit && last) page.nextCursor = `f:${last.position}`;
    return page;
  }

  /** The full-text index that answers the query's text on SQLite, if one does (see #conditions). */
  #textIndex(query: CaseQuery): TextIndex | undefined {
    const text = query.text?.trim().toLowerCase();
    if (this.#dialect !== "sqlite" || !text) return undefined;
    const phrase = `"${text.replaceAll('"', '""')}"`;
    if (shortSearchBigram(text) && query.state !== "pending")
      return { table: "cases_bigrams", match: sql<SqlBool>`cases_bigrams MATCH ${phrase}` };
    if ([...text].length >= 3) return { table: "cases_fts", match: sql<SqlBool>`cases_fts MATCH ${phrase}` };
    return undefined;
  }

  /** Matches of a text search, counted up to TEXT_TOTAL_CAP (exactly from the index when text is the only filter). */
  async #countText(query: CaseQuery): Promise<Counted> {
    const index = this.#textIndex(query);
    // Paging fields (a PageQuery's order, limit, cursor) are not filters.
    const { text: _text, order: _order, limit: _limit, cursor: _cursor, ...others } = query as PageQuery;
    const onlyText = Object.values(others).every((v) => v === undefined);
    if (index && onlyText) {
      const r = await sql<{
        n: number;
      }>`SELECT count(*) AS n FROM ${sql.table(index.table)} WHERE ${index.match}`.execute(this.#db);
      const n = Number(r.rows[0]?.n ?? 0);
      return n > TEXT_TOTAL_CAP ? { total: TEXT_TOTAL_CAP, capped: true } : { total: n, capped: false };
    }
    // Other filters too: join the index (the text itself is its MATCH), or LIKE without one.
    const table = index?.table as "cases_fts";
    return this.#countUpTo(
      TEXT_TOTAL_CAP,
      index
        ? this.#db
            .selectFrom("cases")
            .innerJoin(table, `${table}.id`, "cases.id")
            .select(sql`1`.as("one"))
            .where((eb) => eb.and([index.match, this.#conditions(eb, { ...query, text: undefined })]))
        : this.#db
            .selectFrom("cases")
            .select(sql`1`.as("one"))
            .where((eb) => this.#conditions(eb, query)),
    );
  }

  /** Matches of a query without text, counted up to TOTAL_CAP. */
  #countCapped(query: CaseQuery): Promise<Counted> {
    return this.#countUpTo(
      TOTAL_CAP,
      this.#db
        .selectFrom("cases")
        .select(sql`1`.as("one"))
        .where((eb) => this.#conditions(eb, query)),
    );
  }

  /** The rows `matching` selects, counted up to `cap`: reading stops at cap + 1. */
  async #countUpTo(
    cap: number,
    matching: SelectQueryBuilder<Database, "cases", { one: unknown }>,
  ): Promise<Counted> {
    const r = await this.#db
      .selectFrom(matching.limit(cap + 1).as("m"))
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .executeTakeFirstOrThrow();
    const n = Number(r.n);
    return n > cap ? { total: cap, capped: true } : { total: n, capped: false };
  }

  /** How many cases match; a text search counts up to TEXT_TOTAL_CAP (see #countText). */
  async count(query: CaseQuery = {}): Promise<number> {
    if (query.text?.trim()) return (await this.#countText(query)).total;
    const r = await this.#db
      .selectFrom("cases")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where((eb) => this.#conditions(eb, query))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Counts per value of one column (pending per intent, per department…), for nav badges and reports. */
  async countBy(
    column: "intent" | "department" | "state" | "situation" | "claimed_by",
    query: CaseQuery = {},
  ): Promise<Map<string | null, number>> {
    const rows = await this.#db
      .selectFrom("cases")
      .select((eb) => [eb.ref(column).as("key"), eb.fn.countAll<number>().as("n")])
      .where((eb) => this.#conditions(eb, query))
      .groupBy(column)
      .execute();
    return new Map(rows.map((r) => [r.key as string | null, Number(r.n)]));
  }

  /**
   * Decided cases (approved, dismissed, or one of them), most recently decided first, one page at a
   * time with the total: the console's history, on the (decided_at, id) index (migration 0005).
   */
  async decided(options: {
    state?: "approved" | "dismissed";
    offset: number;
    limit: number;
  }): Promise<{ items: Case[]; total: number; totalCapped?: boolean; more: boolean }> {
    const states = options.state ? [options.state] : ["approved", "dismissed"];
    const limit = Math.max(1, Math.min(500, Math.floor(options.limit)));
    const [rows, count] = await Promise.all([
      this.#db
        .selectFrom("cases")
        .select("doc")
        .where("state", "in", states)
        .where("decided_at", "is not", null)
        .orderBy("decided_at", "desc")
        .orderBy("id", "desc")
        .limit(limit + 1)
        .offset(Math.max(0, Math.floor(options.offset)))
        .execute(),
      this.#countUpTo(
        TOTAL_CAP,
        this.#db.selectFrom("cases").select(sql`1`.as("one")).where("state", "in", states),
      ),
    ]);
    return {
      items: rows.slice(0, limit).map((r) => parseCase(r.doc)),
      total: count.total,
      ...(count.capped ? { totalCapped: true } : {}),
      more: rows.length > limit,
    };
  }

  /** The customer's other cases (by handle), newest first. */
  async byHandle(
    handle: string,
    options: { since?: Date | string; excludeId?: string; limit?: number } = {},
  ): Promise<Case[]> {
    let q = this.#db.selectFrom("cases").select("doc").where("handle", "=", normalizeHandle(handle));
    if (options.since !== undefined) q = q.where("created_at", ">=", iso(options.since));
    if (options.excludeId !== undefined) q = q.where("id", "!=", options.excludeId);
    const rows = await q
      .orderBy("created_at", "desc")
      .limit(options.limit ?? 50)
      .execute();
    return rows.map((r) => parseCase(r.doc));
  }

  /**
   * Cases written after `sinceSeq`, oldest change first: a feed for live views across replicas.
   * Poll with the last `seq` seen. (A case changed twice shows once, with its latest state.)
   */
  async changes(sinceSeq: number, limit = 100): Promise<CaseChange[]> {
    const rows = await this.#db
      .selectFrom("cases")
      .select(["seq", "doc"])
      .where("seq", ">", sinceSeq)
      .orderBy("seq", "asc")
      .limit(limit)
      .execute();
    return rows.map((r) => ({ seq: Number(r.seq), case: parseCase(r.doc) }));
  }

  /** The latest `seq`: where a new live view starts its feed. */
  async lastSeq(): Promise<number> {
    const r = await this.#db
      .selectFrom("cases")
      .select((eb) => eb.fn.max("seq").as("seq"))
      .executeTakeFirst();
    return Number(r?.seq ?? 0);
  }

  /** Audit events of a case as stored in the events table, oldest first. */
  async events(caseId: string): Promise<AuditEvent[]> {
    const rows = await this.#db
      .selectFrom("case_events")
      .select("doc")
      .where("case_id", "=", caseId)
      .orderBy("id", "asc")
      .execute();
    return rows.map((r) => JSON.parse(r.doc) as AuditEvent);
  }

  #conditions(eb: ExpressionBuilder<Database, "cases">, q: CaseQuery): Expression<SqlBool> {
    const all: Expression<SqlBool>[] = [];
    if (q.state !== undefined) all.push(eb("state", "=", q.state));
    if (q.intent !== undefined) all.push(eb("intent", "=", q.intent));
    if (q.situation !== undefined) all.push(eb("situation", "=", q.situation));
    if (q.department !== undefined) all.push(eb("department", "=", q.department));
    if (q.claimedBy === null) all.push(eb("claimed_by", "is", null));
    else if (q.claimedBy !== undefined) all.push(eb("claimed_by", "=", q.claimedBy));
    if (q.handle !== undefined) all.push(eb("handle", "=", normalizeHandle(q.handle)));
    if (q.since !== undefined) all.push(eb("created_at", ">=", iso(q.since)));
    if (q.until !== undefined) all.push(eb("created_at", "<", iso(q.until)));
    if (q.escalated === true) all.push(eb("escalated_at", "is not", null));
    if (q.escalated === false) all.push(eb("escalated_at", "is", null));
    const overdue = q.overdueBefore;
    if (typeof overdue === "string" || overdue instanceof Date) all.push(eb("created_at", "<", iso(overdue)));
    else if (overdue !== undefined) {
      const per = Object.entries(overdue).map(([intent, before]) =>
        eb.and([eb("intent", "=", intent), eb("created_at", "<", iso(before))]),
      );
      all.push(per.length ? eb.or(per) : sql<SqlBool>`1 = 0`);
    }
    const text = q.text?.trim().toLowerCase();
    if (text) {
      // Three characters or more: the trigram indexes (FTS5 on SQLite, pg_trgm on PostgreSQL). Two
      // letters or digits (배송): the bigram index (migration 0006), unless the search is among the
      // pending cases, a small working set that SQLite tests a LIKE on in the cases_state_created_text
      // index (migration 0002) faster than it reads every match in history from the bigram index.
      // Anything else (one character, a sign): LIKE.
      const index = this.#textIndex(q);
      if (index) {
        // Both full-text tables have the same columns; typed as one, named as the one in use.
        const table = index.table as "cases_fts";
        all.push(eb("id", "in", eb.selectFrom(table).select(`${table}.id`).where(index.match)));
      } else if (this.#dialect === "postgres" && shortSearchBigram(text) && q.state !== "pending") {
        all.push(sql<SqlBool>`search_bigrams @> ARRAY[${text}]::text[]`);
      } else {
        all.push(sql<SqlBool>`search_text LIKE ${`%${escapeLike(text)}%`} ESCAPE '\\'`);
      }
    }
    return eb.and(all);
  }
}

function eventRow(caseId: string, e: AuditEvent) {
  return { case_id: caseId, at: e.at, type: e.type, actor_id: e.actor.id, doc: JSON.stringify(e) };
}

/**
 * Takes `key` for `value` unless a fresh (unexpired) holder has it; returns that holder's value.
 * An expired key is taken over. On PostgreSQL a concurrent insert of the same key waits for the
 * first transaction and then sees its row, so exactly one caller gets the key.
 */
export async function claimDedupeKey(
  trx: Kysely<Database>,
  key: string,
  value: string,
  now: Date,
  ttlMs: number,
): Promise<string | undefined> {
  // One key is a batch of one: the same upsert, so single and bulk intake cannot drift apart.
  const holder = (await claimDedupeKeys(trx, [{ key, value, now, ttlMs }], now)).get(key);
  return holder === value ? undefined : (holder ?? "");
}

/**
 * `claimDedupeKey` for many keys in two statements per 500 keys: each key is claimed for its value
 * unless an unexpired holder has it. Returns every key's holder after the claim: the item's own
 * value when it claimed the key, else the earlier holder's. A key given twice is claimed by its
 * first item; the later ones see the first as the holder.
 */
export async function claimDedupeKeys(
  trx: Kysely<Database>,
  items: Array<{ key: string; value: string; now: Date; ttlMs: number }>,
  now: Date,
): Promise<Map<string, string>> {
  const at = now.toISOString();
  const firsts = new Map<string, (typeof items)[number]>();
  for (const item of items) if (!firsts.has(item.key)) firsts.set(item.key, item);
  const unique = [...firsts.values()];
  const holders = new Map<string, string>();
  for (let i = 0; i < unique.length; i += 500) {
    const chunk = unique.slice(i, i + 500);
    const claimed = await trx
      .insertInto("dedupe_keys")
      .values(
        chunk.map((item) => ({
          key: item.key,
          value: item.value,
          expires_at: new Date(item.now.getTime() + item.ttlMs).toISOString(),
        })),
      )
      .onConflict((oc) =>
        oc
          .column("key")
          .doUpdateSet({
            value: (eb) => eb.ref("excluded.value"),
            expires_at: (eb) => eb.ref("excluded.expires_at"),
          })
          .where("dedupe_keys.expires_at", "<=", at),
      )
      .returning("key")
      .execute();
    const mine = new Set(claimed.map((r) => r.key));
    for (const item of chunk) if (mine.has(item.key)) holders.set(item.key, item.value);
    const others = chunk.filter((item) => !mine.has(item.key)).map((item) => item.key);
    if (others.length) {
      const rows = await trx
        .selectFrom("dedupe_keys")
        .select(["key", "value"])
        .where("key", "in", others)
        .execute();
      for (const r of rows) holders.set(r.key, r.value);
    }
  }
  return holders;
}

/** A count that stopped at a cap (`capped`: there are more than `total`). */
interface Counted {
  total: number;
  capped: boolean;
}

/** A full-text table and the MATCH condition on it. */
interface TextIndex {
  table: "cases_fts" | "cases_bigrams";
  match: Expression<SqlBool>;
}

function encodeCursor(createdAt: string, id: string): string {
  return Buffer.from(`${createdAt}|${id}`, "utf8").toString("base64url");
}

function decodeCursor(cursor: string): { createdAt: string; id: string } {
  const [createdAt, id] = Buffer.from(cursor, "base64url").toString("utf8").split("|");
  if (!createdAt || !id || Number.isNaN(Date.parse(createdAt)))
    throw new StoreError("invalid-case", `Not a valid page cursor: ${cursor}`);
  return { createdAt, id };
}
