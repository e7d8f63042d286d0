/**
 * Live status lines per intent ("1차 물량 배송 중, 오늘 18시 기준"), set by staff and quoted in drafts
 * with the time they were set — the critic's "as of what time, at which stage".
 */
import type { LiveStatus } from "../core/types.js";
import type { VersionedDocument } from "../store/row-documents.js";
import type { Actor } from "./types.js";

export interface StatusData {
  statuses: Record<string, LiveStatus>;
}

export const STATUS_DEFAULTS: StatusData = { statuses: {} };

/** What the case service needs from status lines (a fake in tests). */
export interface StatusSource {
  get(intent: string): Promise<LiveStatus | undefined>;
}

export class StatusLines implements StatusSource {
  readonly #kv: VersionedDocument<StatusData>;
  readonly #clock: () => Date;

  constructor(kv: VersionedDocument<StatusData>, clock: () => Date = () => new Date()) {
    this.#kv = kv;
    this.#clock = clock;
  }

  /** Sets the line for `intent`; empty text clears it (returns undefined). */
  async set(intent: string, text: string, actor: Actor): Promise<LiveStatus | undefined> {
    const trimmed = text.trim();
    return this.#kv.update((data) => {
      if (!trimmed) {
        delete data.statuses[intent];
        return undefined;
      }
      const status: LiveStatus = {
        intent,
        text: trimmed,
        setAt: this.#clock().toISOString(),
        setBy: actor.name ?? actor.id,
      };
      data.statuses[intent] = status;
      return status;
    });
  }

  clear(intent: string): Promise<void> {
    return this.#kv.update((data) => {
      delete data.statuses[intent];
    });
  }

  async get(intent: string): Promise<LiveStatus | undefined> {
    return (await this.#kv.read()).statuses[intent];
  }

  /** All lines, most recently set first. */
  async list(): Promise<LiveStatus[]> {
    const all = Object.values((await this.#kv.read()).statuses);
    return all.sort((a, b) => Date.parse(b.setAt) - Date.parse(a.setAt));
  }
}
