/**
 * The queue's questions (a page of cases, counts, a customer's other cases) over the store's
 * `cases.page / count / byHandle` (STORE-CONTRACT.md), plus the SLA arithmetic they need.
 */

import { dueAt, isOverdue, overdueInstants, slaMinutes } from "../cases/sla.js";
import { activeClaim, type Case, type CaseState } from "../cases/types.js";
import type { Engine } from "../core/engine.js";
import type { CaseQuery, PageQuery } from "../store/case-store.js";

export interface QueueFilter {
  state?: CaseState;
  intent?: string;
  situation?: string;
  department?: string;
  /** An actor id, or "" for "claimed by nobody". */
  claimedBy?: string;
  overdue?: boolean;
  /** Words in the customer's text, or `@handle`. */
  text?: string;
  handle?: string;
  order: "oldest" | "newest";
}

export interface QueuePage {
  items: Case[];
  total: number;
  /** The store stopped counting a text search's matches at `total`. */
  totalCapped?: boolean;
  nextCursor?: string;
}

interface ListSource {
  list(filter?: { state?: CaseState }): Promise<Case[]>;
}

/** The store's own queries (STORE-CONTRACT.md), offered by the case service. */
interface StoreQueries {
  page(q: PageQuery): Promise<QueuePage>;
  count(q: CaseQuery): Promise<number>;
  byHandle(handle: string, o: { since?: Date | string; excludeId?: string }): Promise<Case[]>;
}

export interface QueueContext {
  engine: Engine;
  now: Date;
}

function matches(c: Case, f: QueueFilter, ctx: QueueContext): boolean {
  if (f.state && c.state !== f.state) return false;
  if (f.intent && c.intent !== f.intent) return false;
  if (f.department && c.department !== f.department) return false;
  if (f.situation) {
    const situation = (c.draft as { situation?: string } | null)?.situation;
    if (situation !== f.situation) return false;
  }
  if (f.claimedBy !== undefined) {
    const claim = activeClaim(c, ctx.now, ctx.engine.pack.settings.claim_idle_minutes);
    if (f.claimedBy === "" ? claim : claim?.by.id !== f.claimedBy) return false;
  }
  if (f.overdue && !isOverdue(ctx.engine, c, ctx.now)) return false;
  if (f.handle && c.mention.handle?.toLowerCase() !== f.handle.toLowerCase()) return false;
  if (f.text) {
    const hay = c.mention.text.toLowerCase();
    if (
      !f.text
        .toLowerCase()
        .split(/\s+/)
        .filter(Boolean)
        .every((w) => hay.includes(w))
    )
      return false;
  }
  return true;
}

/** The store's query for a queue filter (overdue becomes per-intent "created before" instants). */
function storeQuery(f: Omit<QueueFilter, "order">, ctx: QueueContext): CaseQuery {
  const q: CaseQuery = {};
  if (f.state) q.state = f.state;
  if (f.intent) q.intent = f.intent;
  if (f.situation) q.situation = f.situation;
  if (f.department) q.department = f.department;
  if (f.claimedBy !== undefined) q.claimedBy = f.claimedBy === "" ? null : f.claimedBy;
  if (f.handle) q.handle = f.handle;
  if (f.text) q.text = f.text;
  if (f.overdue) q.overdueBefore = overdueInstants(ctx.engine, ctx.now);
  return q;
}

/**
 * The queue's questions. With the store's queries (the case service's `page`, `count`, `byHandle`)
 * they run in the database; the in-memory path over `list()` stays for a source without them.
 */
export class QueueQuery {
  readonly #source: ListSource;
  readonly #store: StoreQueries | undefined;

  constructor(source: ListSource & Partial<StoreQueries>) {
    this.#source = source;
    this.#store =
      typeof source.page === "function" &&
      typeof source.count === "function" &&
      typeof source.byHandle === "function"
        ? (source as StoreQueries)
        : undefined;
  }

  async page(f: QueueFilter, ctx: QueueContext, limit: number, cursor?: string): Promise<QueuePage> {
    if (this.#store) {
      return this.#store.page({
        ...storeQuery(f, ctx),
        order: f.order,
        limit,
        ...(cursor ? { cursor } : {}),
      });
    }
    const offset = cursor && /^\d+$/.test(cursor) ? Number(cursor) : 0;
    const all = (await this.#source.list(f.state ? { state: f.state } : {})).filter((c) =>
      matches(c, f, ctx),
    );
    all.sort((a, b) =>
      f.order === "oldest" ? a.createdAt.localeCompare(b.createdAt) : b.createdAt.localeCompare(a.createdAt),
    );
    const items = all.slice(offset, offset + limit);
    const next = offset + limit < all.length ? String(offset + limit) : undefined;
    return next ? { items, total: all.length, nextCursor: next } : { items, total: all.length };
  }

  async count(f: Omit<QueueFilter, "order">, ctx: QueueContext): Promise<number> {
    if (this.#store) return this.#store.count(storeQuery(f, ctx));
    const all = await this.#source.list(f.state ? { state: f.state } : {});
    return all.filter((c) => matches(c, { ...f, order: "oldest" }, ctx)).length;
  }

  /** The customer's other cases since `since`, newest first. */
  async byHandle(handle: string, since: Date, excludeId: string): Promise<Case[]> {
    if (this.#store) return this.#store.byHandle(handle, { since, excludeId });
    const all = await this.#source.list({});
    return all
      .filter(
        (c) =>
          c.id !== excludeId &&
          c.mention.handle?.toLowerCase() === handle.toLowerCase() &&
          Date.parse(c.createdAt) >= since.getTime(),
      )
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt));
  }

  /** The oldest pending case other than `excludeId` (for "approve & next"). */
  async nextOldest(ctx: QueueContext, excludeId?: string): Promise<Case | undefined> {
    const { items } = await this.page({ state: "pending", order: "oldest" }, ctx, 2);
    return items.find((c) => c.id !== excludeId);
  }
}

export { dueAt, isOverdue, slaMinutes };
