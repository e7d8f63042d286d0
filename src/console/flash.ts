/**
 * One-time messages across a Post/Redirect/Get: the POST handler stores a message under a random
 * id (sent as a cookie), and the next page shows it once. Kept in memory: a restart loses at most
 * a message nobody has seen yet.
 */
import { randomBytes } from "node:crypto";

export interface Flash {
  kind: "ok" | "error" | "info";
  title: string;
  /** The case service's or engine's own explanation (e.g. "already approved by Jane at 14:03"). */
  detail?: string;
  problems?: string[];
  /** Text the person typed that was refused, so the form shows it again instead of losing it. */
  text?: string;
  /** Which form the refused text belongs to (`edit`, `paste`, `status:<intent>`, `notice:<intent>`). */
  form?: string;
  /** Other refused fields of that form, by name (e.g. the notice's `url`). */
  values?: Record<string, string>;
}

const TTL_MS = 10 * 60_000;
const MAX_ENTRIES = 500;

export class FlashStore {
  readonly #entries = new Map<string, { flash: Flash; expires: number }>();

  put(flash: Flash): string {
    this.#sweep();
    const id = randomBytes(12).toString("base64url");
    this.#entries.set(id, { flash, expires: Date.now() + TTL_MS });
    return id;
  }

  /** Returns the message once, then forgets it. */
  take(id: string | undefined): Flash | undefined {
    if (!id) return undefined;
    const entry = this.#entries.get(id);
    this.#entries.delete(id);
    return entry && entry.expires > Date.now() ? entry.flash : undefined;
  }

  #sweep(): void {
    const now = Date.now();
    for (const [id, entry] of this.#entries) if (entry.expires <= now) this.#entries.delete(id);
    // Oldest first (Map keeps insertion order): a flood of posts cannot grow memory without bound.
    while (this.#entries.size >= MAX_ENTRIES) {
      const oldest = this.#entries.keys().next().value as string;
      this.#entries.delete(oldest);
    }
  }
}
