/**
 * Keys seen recently (Slack event ids, `command:<trigger_id>`), each with a value and an expiry.
 * Slack retries a request it thinks timed out; remembering the key turns the retry into a no-op.
 */
import type { KvStore } from "./kv-store.js";

export interface DedupeEntry {
  value: string;
  expiresAt: string;
}

export interface DedupeData {
  keys: Record<string, DedupeEntry>;
}

export const DEDUPE_DEFAULTS: DedupeData = { keys: {} };
export const DEFAULT_DEDUPE_TTL_MS = 24 * 60 * 60 * 1000;

export class DedupeLog {
  readonly #kv: KvStore<DedupeData>;
  readonly #clock: () => Date;
  readonly #ttlMs: number;

  constructor(kv: KvStore<DedupeData>, options: { clock?: () => Date; ttlMs?: number } = {}) {
    this.#kv = kv;
    this.#clock = options.clock ?? (() => new Date());
    this.#ttlMs = options.ttlMs ?? DEFAULT_DEDUPE_TTL_MS;
  }

  /** The value remembered for `key`, unless it expired. */
  async get(key: string): Promise<string | undefined> {
    const data = await this.#kv.read();
    const entry = data.keys[key];
    return entry && !this.#expired(entry) ? entry.value : undefined;
  }

  /** Remembers `key` → `value` for the TTL (replacing any earlier value), and forgets expired keys. */
  async put(key: string, value: string): Promise<void> {
    await this.#kv.update((data) => {
      this.#prune(data);
      data.keys[key] = { value, expiresAt: new Date(this.#clock().getTime() + this.#ttlMs).toISOString() };
    });
  }

  /**
   * Atomically: if `key` is fresh, remembers it with `value` and returns `{ fresh: true }`;
   * if it was seen, returns `{ fresh: false, value }` with the remembered value.
   */
  claim(key: string, value = "1"): Promise<{ fresh: true } | { fresh: false; value: string }> {
    return this.#kv.update((data) => {
      this.#prune(data);
      const entry = data.keys[key];
      if (entry) return { fresh: false as const, value: entry.value };
      data.keys[key] = { value, expiresAt: new Date(this.#clock().getTime() + this.#ttlMs).toISOString() };
      return { fresh: true as const };
    });
  }

  #expired(entry: DedupeEntry): boolean {
    return Date.parse(entry.expiresAt) <= this.#clock().getTime();
  }

  #prune(data: DedupeData): void {
    for (const [key, entry] of Object.entries(data.keys)) {
      if (this.#expired(entry)) delete data.keys[key];
    }
  }
}
