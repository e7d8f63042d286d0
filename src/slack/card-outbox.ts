/**
 * Posts case cards from the outbox. An intake commits the case and an outbox row in one transaction
 * and only then answers Slack; this worker posts the card afterwards. A crash between the two loses
 * nothing: the row is still open, and this worker (after a restart, or on another replica) posts it.
 *
 * Rows are leased (`leaseMs`), so two replicas never post the same card at once; a worker that died
 * holding a lease leaves it to expire. Delivery is at least once: a crash after Slack accepted the
 * post but before it was recorded posts the card again. A card already recorded is never re-posted.
 */
import { randomBytes } from "node:crypto";
import os from "node:os";
import type { Logger } from "@slack/bolt";
import type { Runtime } from "../runtime.js";
import type { OutboxItem } from "../store/outbox.js";
import { type Audience, type CaseCards, slackMessages, type Where } from "./case-cards.js";

export const CARD_TOPIC = "slack-card";

export interface CardJob {
  where: Where;
  /** Who asked: told privately when the card cannot be posted. */
  audience: Audience;
  /** The request's response_url (commands, shortcuts): the private note goes there, as a reply to them. */
  responseUrl?: string;
}

/** Slack errors worth retrying; anything else (not_in_channel, channel_not_found, …) will not heal by itself. */
const TRANSIENT = new Set([
  "ratelimited",
  "service_unavailable",
  "internal_error",
  "fatal_error",
  "request_timeout",
]);
const MAX_ATTEMPTS = 8;

export interface CardOutboxOptions {
  /** How long a claimed row is ours before another worker may take it. */
  leaseMs?: number;
  /** How often open rows are looked for without a kick (rows of a crashed process, other replicas). */
  pollMs?: number;
  /** Cards posted at once. */
  concurrency?: number;
}

export class CardOutbox {
  readonly owner = `${os.hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  readonly #runtime: Runtime;
  readonly #cards: CaseCards;
  readonly #logger: Logger;
  readonly #leaseMs: number;
  readonly #pollMs: number;
  readonly #concurrency: number;
  #timer: NodeJS.Timeout | undefined;
  #draining: Promise<void> | undefined;
  #again = false;
  #stopped = false;

  constructor(runtime: Runtime, cards: CaseCards, logger: Logger, options: CardOutboxOptions = {}) {
    this.#runtime = runtime;
    this.#cards = cards;
    this.#logger = logger;
    this.#leaseMs = options.leaseMs ?? 10_000;
    this.#pollMs = options.pollMs ?? 2_000;
    this.#concurrency = options.concurrency ?? 4;
  }

  /** Posts what is open now (left by a crash), then keeps looking every `pollMs`. */
  start(): void {
    this.#timer = setInterval(() => this.kick(), this.#pollMs);
    this.#timer.unref();
    this.kick();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearInterval(this.#timer);
    this.#timer = undefined;
    await this.#draining;
  }

  /**
   * Drains the outbox soon (after an intake committed a row). One drain at a time, a few cards at a
   * time, so posting cards never crowds out the acknowledgements of a burst; tracked for idle().
   */
  kick(): void {
    if (this.#stopped) return;
    if (this.#draining) {
      this.#again = true;
      return;
    }
    this.#draining = this.#cards.track(
      this.#drain()
        .catch((err: unknown) => this.#logger.error(`Posting case cards failed: ${(err as Error).message}`))
        .finally(() => {
          this.#draining = undefined;
          if (this.#again && !this.#stopped) {
            this.#again = false;
            this.kick();
          }
        }),
    );
  }

  async #drain(): Promise<void> {
    const outbox = this.#runtime.store.outbox;
    for (;;) {
      const items = await outbox.claim(CARD_TOPIC, this.owner, {
        limit: this.#concurrency,
        leaseMs: this.#leaseMs,
      });
      if (!items.length) return;
      await Promise.all(items.map((item) => this.#post(item)));
      if (this.#stopped) return;
    }
  }

  async #post(item: OutboxItem): Promise<void> {
    const outbox = this.#runtime.store.outbox;
    const job = item.payload as CardJob;
    try {
      const c = await this.#runtime.cases.get(item.key);
      if (!c || (await this.#cards.location(c.id))?.card) {
        await outbox.done(item.id, this.owner);
        return;
      }
      const posted = await this.#cards.postCard(c, job.where);
      if (posted.ok) {
        await outbox.done(item.id, this.owner);
        return;
      }
      if (TRANSIENT.has(posted.error) || isNetworkError(posted.error)) {
        if (item.attempts < MAX_ATTEMPTS) {
          await outbox.failed(item.id, this.owner, posted.error, Math.min(60_000, 1000 * 2 ** item.attempts));
          return;
        }
      }
      await outbox.done(item.id, this.owner);
      await this.#tell(job, slackMessages.cannotPost(job.where.channel, posted.error, c.id));
    } catch (err) {
      await outbox.failed(item.id, this.owner, (err as Error).message).catch(() => {});
      this.#logger.error(`Could not post the card of case ${item.key}: ${(err as Error).message}`);
    }
  }

  async #tell(job: CardJob, text: string): Promise<void> {
    if (job.responseUrl) {
      try {
        const r = await fetch(job.responseUrl, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ response_type: "ephemeral", text }),
        });
        if (r.ok) return;
      } catch {
        // Expired or unreachable: fall back to an ephemeral message.
      }
    }
    await this.#cards.tell(job.audience, text);
  }
}

/** A failure to reach Slack at all (no API error code): worth retrying. */
function isNetworkError(error: string): boolean {
  return /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EAI_AGAIN|socket hang up|fetch failed|timeout/i.test(error);
}
