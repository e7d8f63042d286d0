/**
 * Live updates for open console pages, as Server-Sent Events on `/events`: every stored change to a
 * case (new case, claim, edit, decision, from the console, from Slack, from `sincerely triage` or
 * from another replica on the same database) and the pending and overdue counts after it. The
 * page's script (assets/console.js) applies them; without the script nothing is lost, the page is
 * simply current as of its loading. The CSP stays strict: EventSource is same-origin
 * (`connect-src 'self'`), no inline script.
 *
 * Where changes come from: the store's change feed (`cases.changes(sinceSeq)`, a global `seq`
 * bumped on every write), read by ONE poller per console process — not one per browser — that
 * runs only while at least one page is connected, every second from the last seq it saw (starting
 * at `lastSeq()` when the first page connects). The database is the only source, so a change is
 * sent once whichever process made it: there is nothing to de-duplicate. The in-process
 * `onChange` listener is kept only as a nudge — a local change makes the poller read the feed at
 * once instead of at the next tick — so a change made in this process still shows without the
 * one-second wait, and the feed alone decides what is sent.
 *
 * The feed holds the latest state of each case, so two writes to one case between two reads are
 * seen as one change (its latest audit event); a page only needs the latest state of a row.
 *
 * On PostgreSQL `seq` comes from a sequence, so a transaction that took seq 41 may commit after
 * one that took 42 and was already read. Each read therefore looks back a few seqs
 * (FEED_LOOKBACK) and skips the seqs it already sent, so such a late commit is still sent, once.
 * (SQLite serializes writers, so there the look-back finds nothing new.)
 *
 * A page starts its stream at the seq it was made at (`/events?since=N`), so a change made while it
 * loaded is not lost either. Each case event's id is its feed seq. EventSource reconnects by itself
 * after a dropped connection (a restart, a proxy timeout, a laptop waking up) and sends the last id
 * it saw as `Last-Event-ID`; that stream first gets what changed since (FEED_LOOKBACK before it included, since the page skips
 * ids it has seen), so a page that was offline for a while misses nothing. Past REPLAY_LIMIT
 * changes it gets a `stale` event instead, and says to reload. The seq is the database's, so this
 * works across a restart and from one replica to another.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AuditEvent, Case } from "../cases/types.js";
import { activeClaim } from "../cases/types.js";
import type { Runtime } from "../runtime.js";

export interface LiveCounts {
  pending: number;
  overdue: number;
}

/** What a page learns about a change: enough to update a row or say "reload", no customer text. */
export interface LiveChange {
  id: string;
  type: AuditEvent["type"];
  state: Case["state"];
  intent: string;
  by: string;
  via: string;
  claim: { by: string; at: string } | null;
  at: string;
}

const HEARTBEAT_MS = 25_000;
const COUNTS_DELAY_MS = 300;
/** How often the change feed is read while a page is open: the latency of a change from elsewhere. */
export const LIVE_POLL_MS = 1_000;
/** Changes read per query; a bigger backlog is read in several queries in one go. */
const FEED_BATCH = 200;
/** How many seqs below the last one read are read again, for commits that finish out of order. */
const FEED_LOOKBACK = 32;
/** Changes sent again to a page that reconnects; with more than this missed, it is told to reload. */
export const REPLAY_LIMIT = 1_000;

export class LiveFeed {
  readonly #clients = new Set<ServerResponse>();
  readonly #runtime: Runtime;
  readonly #pollMs: number;
  #unsubscribe: (() => void) | undefined;
  #heartbeat: NodeJS.Timeout | undefined;
  #pollTimer: NodeJS.Timeout | undefined;
  #countsTimer: NodeJS.Timeout | undefined;
  #counts: (() => Promise<LiveCounts>) | undefined;
  /** The last feed seq read; undefined until the first page connected and `lastSeq()` answered. */
  #since: number | undefined;
  /** Where this run of the feed started: nothing at or below it is sent. */
  #floor = 0;
  /** Seqs already sent within the look-back window. */
  readonly #sent = new Set<number>();
  #starting: Promise<void> | undefined;
  #polling = false;
  #pollAgain = false;
  #running = false;

  constructor(runtime: Runtime, options: { pollMs?: number } = {}) {
    this.#runtime = runtime;
    this.#pollMs = options.pollMs ?? LIVE_POLL_MS;
  }

  /** How to count, for the "counts" event after changes (the same queries as the navigation). */
  countWith(counts: () => Promise<LiveCounts>): void {
    this.#counts = counts;
  }

  /** Serves one event stream until the page goes away. */
  open(req: IncomingMessage, res: ServerResponse): void {
    res.writeHead(200, {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-store",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    });
    // Reconnect after 2 s if the connection drops (EventSource does so by itself).
    res.write("retry: 2000\n\n");
    this.#clients.add(res);
    let dropped = false;
    const drop = () => {
      if (dropped) return;
      dropped = true;
      this.#clients.delete(res);
      if (this.#clients.size === 0) this.#stop();
    };
    req.on("close", drop);
    res.on("close", drop);
    this.#start();
    // The last id seen when reconnecting, else the seq the page was made at.
    const header = req.headers["last-event-id"];
    const since = new URL(req.url ?? "/", "http://console").searchParams.get("since");
    const last = feedSeq(typeof header === "string" ? header.trim() : null) ?? feedSeq(since);
    if (last !== undefined) void this.#replay(res, last);
    void this.#sendCounts(res);
  }

  /** What changed after `last` (and FEED_LOOKBACK before it), to one reconnected page. */
  async #replay(res: ServerResponse, last: number): Promise<void> {
    try {
      let from = Math.max(0, last - FEED_LOOKBACK);
      let sent = 0;
      for (;;) {
        const changes = await this.#runtime.store.cases.changes(from, FEED_BATCH);
        for (const change of changes) {
          from = change.seq;
          if (res.writableEnded) return;
          const chunk = this.#caseEvent(change.seq, change.case);
          if (chunk) {
            res.write(chunk);
            sent += 1;
          }
        }
        if (changes.length < FEED_BATCH) return;
        if (sent >= REPLAY_LIMIT) {
          if (!res.writableEnded) res.write("event: stale\ndata: {}\n\n");
          return;
        }
      }
    } catch {
      // Store closing or a failed read: the page keeps what it has; the poller goes on.
    }
  }

  /** Ends every stream and stops the poller; an in-flight read finishes on its own and sends nothing. */
  close(): void {
    this.#stop();
    for (const res of this.#clients) res.end();
    this.#clients.clear();
  }

  #start(): void {
    if (this.#running) return;
    this.#running = true;
    this.#since = undefined;
    this.#unsubscribe = this.#runtime.cases.onChange(() => this.#pollSoon());
    this.#heartbeat = setInterval(() => this.#broadcast(": keep-alive\n\n"), HEARTBEAT_MS);
    this.#heartbeat.unref();
    // Where the feed starts: changes from before the first page connected are already on it.
    const starting = this.#runtime.store.cases.lastSeq().then(
      (seq) => {
        if (this.#starting === starting && this.#running) this.#begin(seq);
      },
      () => {
        // Store closing or unreachable: the next tick asks again.
      },
    );
    this.#starting = starting;
    this.#schedule();
  }

  #stop(): void {
    this.#running = false;
    this.#starting = undefined;
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    this.#heartbeat = undefined;
    if (this.#pollTimer) clearTimeout(this.#pollTimer);
    this.#pollTimer = undefined;
    if (this.#countsTimer) clearTimeout(this.#countsTimer);
    this.#countsTimer = undefined;
  }

  #schedule(): void {
    if (!this.#running || this.#pollTimer) return;
    this.#pollTimer = setTimeout(() => {
      this.#pollTimer = undefined;
      void this.#poll();
    }, this.#pollMs);
    this.#pollTimer.unref();
  }

  /** A change in this process: read the feed now rather than at the next tick. */
  #pollSoon(): void {
    if (!this.#running) return;
    if (this.#pollTimer) clearTimeout(this.#pollTimer);
    this.#pollTimer = undefined;
    void this.#poll();
  }

  async #poll(): Promise<void> {
    if (this.#polling) {
      this.#pollAgain = true;
      return;
    }
    this.#polling = true;
    try {
      do {
        this.#pollAgain = false;
        await this.#readFeed();
      } while (this.#pollAgain && this.#running);
    } finally {
      this.#polling = false;
      this.#schedule();
    }
  }

  async #readFeed(): Promise<void> {
    try {
      if (this.#since === undefined) {
        await this.#starting;
        if (this.#since === undefined && this.#running)
          this.#begin(await this.#runtime.store.cases.lastSeq());
        return;
      }
      let sent = 0;
      let from = Math.max(this.#floor, this.#since - FEED_LOOKBACK);
      for (;;) {
        const changes = await this.#runtime.store.cases.changes(from, FEED_BATCH);
        if (!this.#running) return;
        for (const change of changes) {
          from = change.seq;
          this.#since = Math.max(this.#since, change.seq);
          if (this.#sent.has(change.seq)) continue;
          this.#sent.add(change.seq);
          const chunk = this.#caseEvent(change.seq, change.case);
          if (chunk) {
            this.#broadcast(chunk);
            sent += 1;
          }
        }
        if (changes.length < FEED_BATCH) break;
      }
      const oldest = this.#since - FEED_LOOKBACK;
      for (const seq of this.#sent) if (seq <= oldest) this.#sent.delete(seq);
      if (sent > 0) this.#countsSoon();
    } catch {
      // Store closing or a failed read: the next tick reads from the same seq again.
    }
  }

  #begin(seq: number): void {
    this.#since = seq;
    this.#floor = seq;
    this.#sent.clear();
  }

  /** The SSE chunk of one change, from the case's latest audit event; undefined when it has none. */
  #caseEvent(seq: number, c: Case): string | undefined {
    const event = c.events.at(-1);
    if (!event) return undefined;
    const idle = this.#runtime.engines.engine.pack.settings.claim_idle_minutes;
    const claim = activeClaim(c, this.#runtime.clock(), idle);
    const change: LiveChange = {
      id: c.id,
      type: event.type,
      state: c.state,
      intent: c.intent,
      by: event.actor.name ?? event.actor.id,
      via: event.actor.via,
      claim: claim ? { by: claim.by.name ?? claim.by.id, at: claim.at } : null,
      at: event.at,
    };
    return `id: ${seq}\nevent: case\ndata: ${JSON.stringify(change)}\n\n`;
  }

  /** Counts after a burst of changes, once. */
  #countsSoon(): void {
    if (this.#countsTimer) return;
    this.#countsTimer = setTimeout(() => {
      this.#countsTimer = undefined;
      for (const res of this.#clients) void this.#sendCounts(res);
    }, COUNTS_DELAY_MS);
    this.#countsTimer.unref();
  }

  async #sendCounts(res: ServerResponse): Promise<void> {
    if (!this.#counts) return;
    try {
      const counts = await this.#counts();
      if (!res.writableEnded) res.write(`event: counts\ndata: ${JSON.stringify(counts)}\n\n`);
    } catch {
      // Counting failed (store closing): the next change tries again.
    }
  }

  #broadcast(chunk: string): void {
    for (const res of this.#clients) if (!res.writableEnded) res.write(chunk);
  }
}

/** A feed seq as a page sends it back (Last-Event-ID, ?since=), or undefined if it is not one. */
function feedSeq(value: string | null): number | undefined {
  return value !== null && /^\d{1,15}$/.test(value) ? Number(value) : undefined;
}
