/**
 * Cases on disk, one lowdb file per UTC day of creation: `DATA_DIR/cases/YYYY-MM-DD.json`.
 * A write rewrites only its day's file, so its cost does not grow with history; the case id
 * encodes the day, so `get` reads one file.
 */
import { randomInt } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Low } from "lowdb";
import { JSONFile } from "lowdb/node";
import type { Case, CaseState } from "../cases/types.js";
import { StoreError, storeMessages } from "./errors.js";

export interface CaseFilter {
  state?: CaseState;
  intent?: string;
  /** Created at or after this instant. */
  since?: Date | string;
  /** Created before this instant. */
  until?: Date | string;
  limit?: number;
}

interface PartitionData {
  version: 1;
  day: string;
  cases: Case[];
}

const DAY_FILE = /^(\d{4}-\d{2}-\d{2})\.json$/;
const CASE_ID = /^c(\d{4})(\d{2})(\d{2})-(\d{2})(\d{2})(\d{2})-[a-z0-9]+$/;
const DEFAULT_MAX_CACHED = 62;

/** `c20261122-143005-k3f9`: the UTC date and time of creation, then a random suffix. */
export function newCaseId(createdAt: Date): string {
  const iso = createdAt.toISOString(); // 2026-11-22T14:30:05.123Z
  const date = iso.slice(0, 10).replaceAll("-", "");
  const time = iso.slice(11, 19).replaceAll(":", "");
  const suffix = randomInt(36 ** 4)
    .toString(36)
    .padStart(4, "0");
  return `c${date}-${time}-${suffix}`;
}

/** The UTC day (`2026-11-22`) a case id was created on, or undefined for an id in another format. */
export function dayOfCaseId(id: string): string | undefined {
  const m = CASE_ID.exec(id);
  return m ? `${m[1]}-${m[2]}-${m[3]}` : undefined;
}

function utcDay(instant: string | Date): string {
  const date = typeof instant === "string" ? new Date(instant) : instant;
  if (Number.isNaN(date.getTime()))
    throw new StoreError("invalid-case", `Not a valid date: ${String(instant)}`);
  return date.toISOString().slice(0, 10);
}

function threadKey(channel: string, threadTs: string): string {
  return `${channel} ${threadTs}`;
}

class Partition {
  readonly day: string;
  readonly file: string;
  pending = 0;
  lastUsed = 0;
  #low: Low<PartitionData> | undefined;
  #index = new Map<string, number>();
  #queue: Promise<unknown> = Promise.resolve();
  readonly #onLoad: (cases: Case[]) => void;

  constructor(dir: string, day: string, onLoad: (cases: Case[]) => void) {
    this.day = day;
    this.file = path.join(dir, `${day}.json`);
    this.#onLoad = onLoad;
  }

  /** Runs `fn` after every earlier operation on this day: one writer at a time, nothing lost. */
  run<R>(fn: (p: Partition) => R | Promise<R>): Promise<R> {
    this.pending++;
    const next = this.#queue.then(async () => {
      await this.#load();
      return fn(this);
    });
    this.#queue = next.catch(() => {});
    return next.finally(() => {
      this.pending--;
    });
  }

  idle(): Promise<unknown> {
    return this.#queue;
  }

  get cases(): readonly Case[] {
    return this.#low?.data.cases ?? [];
  }

  find(id: string): Case | undefined {
    const i = this.#index.get(id);
    return i === undefined ? undefined : this.cases[i];
  }

  async insert(c: Case): Promise<void> {
    const low = this.#loaded();
    if (this.#index.has(c.id)) throw new StoreError("duplicate-id", storeMessages.duplicateId(c.id));
    low.data.cases.push(c);
    this.#index.set(c.id, low.data.cases.length - 1);
    try {
      await low.write();
    } catch (err) {
      low.data.cases.pop();
      this.#index.delete(c.id);
      throw err;
    }
  }

  async replace(c: Case): Promise<Case> {
    const low = this.#loaded();
    const i = this.#index.get(c.id);
    const previous = i === undefined ? undefined : low.data.cases[i];
    if (i === undefined || !previous) throw new StoreError("not-found", storeMessages.caseNotFound(c.id));
    low.data.cases[i] = c;
    try {
      await low.write();
    } catch (err) {
      low.data.cases[i] = previous;
      throw err;
    }
    return previous;
  }

  #loaded(): Low<PartitionData> {
    if (!this.#low) throw new Error(`partition ${this.day} used before it was loaded`);
    return this.#low;
  }

  async #load(): Promise<void> {
    if (this.#low) return;
    const low = new Low<PartitionData>(new JSONFile<PartitionData>(this.file), {
      version: 1,
      day: this.day,
      cases: [],
    });
    try {
      await low.read();
    } catch (err) {
      throw this.#malformed((err as Error).message, err);
    }
    const data = low.data as unknown;
    if (typeof data !== "object" || data === null || !Array.isArray((data as PartitionData).cases)) {
      throw this.#malformed('expected an object with a "cases" array');
    }
    const index = new Map<string, number>();
    for (const [i, c] of (data as PartitionData).cases.entries()) {
      if (
        typeof c !== "object" ||
        c === null ||
        typeof c.id !== "string" ||
        typeof c.createdAt !== "string"
      ) {
        throw this.#malformed(`cases[${i}] has no id or createdAt`);
      }
      index.set(c.id, i);
    }
    this.#low = low;
    this.#index = index;
    this.#onLoad(low.data.cases);
  }

  #malformed(detail: string, cause?: unknown): StoreError {
    return new StoreError("malformed", storeMessages.malformed(this.file, detail), {
      file: this.file,
      cause,
    });
  }
}

export interface CaseStoreOptions {
  /** Idle day partitions kept in memory; older ones are re-read when needed. */
  maxCachedPartitions?: number;
}

export class CaseStore {
  readonly dir: string;
  readonly #maxCached: number;
  readonly #partitions = new Map<string, Partition>();
  /** Escalation thread → case id, filled as partitions load and as cases change. */
  readonly #threads = new Map<string, string>();
  readonly #indexedDays = new Set<string>();
  #allIndexed = false;
  #closed = false;

  private constructor(dir: string, options: CaseStoreOptions) {
    this.dir = dir;
    this.#maxCached = Math.max(1, options.maxCachedPartitions ?? DEFAULT_MAX_CACHED);
  }

  static async open(dataDir: string, options: CaseStoreOptions = {}): Promise<CaseStore> {
    const dir = path.join(path.resolve(dataDir), "cases");
    await fs.promises.mkdir(dir, { recursive: true });
    return new CaseStore(dir, options);
  }

  /** Stores a new case; resolves once it is on disk. Throws `duplicate-id` if the id is taken. */
  async insert(c: Case): Promise<void> {
    const day = this.#dayOf(c);
    const copy = structuredClone(c);
    await this.#run(day, async (p) => {
      await p.insert(copy);
      this.#indexThreads(copy);
    });
  }

  /** Replaces the case with the same id; resolves once it is on disk. Throws `not-found`. */
  async update(c: Case): Promise<void> {
    const day = dayOfCaseId(c.id) ?? (await this.#locate(c.id));
    if (!day) throw new StoreError("not-found", storeMessages.caseNotFound(c.id));
    const copy = structuredClone(c);
    await this.#run(day, async (p) => {
      const previous = await p.replace(copy);
      const old = previous.escalation;
      if (old?.channel && old.threadTs) this.#threads.delete(threadKey(old.channel, old.threadTs));
      this.#indexThreads(copy);
    });
  }

  async get(id: string): Promise<Case | undefined> {
    this.#assertOpen();
    const day = dayOfCaseId(id) ?? (await this.#locate(id));
    if (!day || !(await this.#exists(day))) return undefined;
    return this.#run(day, (p) => {
      const c = p.find(id);
      return c ? structuredClone(c) : undefined;
    });
  }

  /** Cases matching the filter, newest first. Reads only the days the filter can match. */
  async list(filter: CaseFilter = {}): Promise<Case[]> {
    const since = filter.since === undefined ? undefined : new Date(filter.since).getTime();
    const until = filter.until === undefined ? undefined : new Date(filter.until).getTime();
    const firstDay = since === undefined ? undefined : utcDay(new Date(since));
    const lastDay = until === undefined ? undefined : utcDay(new Date(until));
    const limit = filter.limit ?? Number.POSITIVE_INFINITY;

    const days = (await this.#days()).filter(
      (d) => (firstDay === undefined || d >= firstDay) && (lastDay === undefined || d <= lastDay),
    );
    const out: Case[] = [];
    // Days newest first: every case of a later day is newer than every case of an earlier one.
    for (const day of days) {
      if (out.length >= limit) break;
      const matches = await this.#run(day, (p) =>
        p.cases
          .filter((c) => {
            const t = Date.parse(c.createdAt);
            return (
              (filter.state === undefined || c.state === filter.state) &&
              (filter.intent === undefined || c.intent === filter.intent) &&
              (since === undefined || t >= since) &&
              (until === undefined || t < until)
            );
          })
          .map((c) => structuredClone(c)),
      );
      matches.sort(newestFirst);
      out.push(...matches);
    }
    return out.slice(0, limit);
  }

  /** The case whose escalation was posted in this Slack thread. */
  async findByEscalationThread(channel: string, threadTs: string): Promise<Case | undefined> {
    const key = threadKey(channel, threadTs);
    if (!this.#threads.has(key) && !this.#allIndexed) {
      for (const day of await this.#days()) {
        if (!this.#indexedDays.has(day)) await this.#run(day, () => undefined);
      }
      this.#allIndexed = true;
    }
    const id = this.#threads.get(key);
    if (!id) return undefined;
    const c = await this.get(id);
    return c?.escalation?.channel === channel && c.escalation.threadTs === threadTs ? c : undefined;
  }

  /** Waits for pending writes, then refuses further use. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all([...this.#partitions.values()].map((p) => p.idle()));
    this.#partitions.clear();
  }

  #dayOf(c: Case): string {
    const fromCreatedAt = utcDay(c.createdAt);
    const fromId = dayOfCaseId(c.id);
    if (fromId !== undefined && fromId !== fromCreatedAt) {
      throw new StoreError("invalid-case", storeMessages.badCaseId(c.id, c.createdAt));
    }
    return fromCreatedAt;
  }

  /** For ids that do not encode their day: look through every day. */
  async #locate(id: string): Promise<string | undefined> {
    for (const day of await this.#days()) {
      if (await this.#run(day, (p) => p.find(id) !== undefined)) return day;
    }
    return undefined;
  }

  async #exists(day: string): Promise<boolean> {
    if (this.#partitions.has(day)) return true;
    try {
      await fs.promises.access(path.join(this.dir, `${day}.json`));
      return true;
    } catch {
      return false;
    }
  }

  /** Every day with cases (on disk or just created), newest first. */
  async #days(): Promise<string[]> {
    this.#assertOpen();
    const days = new Set(this.#partitions.keys());
    for (const name of await fs.promises.readdir(this.dir)) {
      const m = DAY_FILE.exec(name);
      if (m?.[1]) days.add(m[1]);
    }
    return [...days].sort().reverse();
  }

  #run<R>(day: string, fn: (p: Partition) => R | Promise<R>): Promise<R> {
    this.#assertOpen();
    let p = this.#partitions.get(day);
    if (!p) {
      p = new Partition(this.dir, day, (cases) => {
        for (const c of cases) this.#indexThreads(c);
        this.#indexedDays.add(day);
      });
      this.#partitions.set(day, p);
    }
    p.lastUsed = Date.now();
    return p.run(fn).finally(() => this.#evict());
  }

  #evict(): void {
    if (this.#partitions.size <= this.#maxCached) return;
    // Only idle partitions: one with queued work must stay, or a second copy could be loaded and written.
    const idle = [...this.#partitions.values()]
      .filter((p) => p.pending === 0)
      .sort((a, b) => a.lastUsed - b.lastUsed);
    for (const p of idle) {
      if (this.#partitions.size <= this.#maxCached) break;
      this.#partitions.delete(p.day);
    }
  }

  #indexThreads(c: Case): void {
    const e = c.escalation;
    if (e?.channel && e.threadTs) this.#threads.set(threadKey(e.channel, e.threadTs), c.id);
  }

  #assertOpen(): void {
    if (this.#closed) throw new StoreError("closed", storeMessages.closed("case store"));
  }
}

function newestFirst(a: Case, b: Case): number {
  const d = Date.parse(b.createdAt) - Date.parse(a.createdAt);
  return d !== 0 ? d : b.id < a.id ? -1 : b.id > a.id ? 1 : 0;
}
