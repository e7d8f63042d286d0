/**
 * Live updates for open console pages, as Server-Sent Events on `/events`: every stored change to a
 * case (new case, claim, edit, decision, from the console or from Slack) and the pending and
 * overdue counts after it. The page's script (assets/console.js) applies them; without the script
 * nothing is lost, the page is simply current as of its loading. The CSP stays strict: EventSource
 * is same-origin (`connect-src 'self'`), no inline script.
 *
 * Changes come from the case service's in-process listener, so a second console process on another
 * data store would need the store's change feed; one process per DATA_DIR is the rule today.
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

export class LiveFeed {
  readonly #clients = new Set<ServerResponse>();
  readonly #runtime: Runtime;
  #unsubscribe: (() => void) | undefined;
  #heartbeat: NodeJS.Timeout | undefined;
  #countsTimer: NodeJS.Timeout | undefined;
  #counts: (() => Promise<LiveCounts>) | undefined;
  #seq = 0;

  constructor(runtime: Runtime) {
    this.#runtime = runtime;
  }

  /** How to count, for the "counts" event after changes (the same queries as the navigation). */
  countWith(counts: () => Promise<LiveCounts>): void {
    this.#counts = counts;
  }

  /** Serves one event stream until the page goes away. */
  open(req: IncomingMessage, res: ServerResponse): void {
    this.#start();
    res.writeHead(200, {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-store",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    });
    // Reconnect after 2 s if the connection drops (EventSource does so by itself).
    res.write("retry: 2000\n\n");
    this.#clients.add(res);
    const drop = () => this.#clients.delete(res);
    req.on("close", drop);
    res.on("close", drop);
    void this.#sendCounts(res);
  }

  close(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    if (this.#heartbeat) clearInterval(this.#heartbeat);
    if (this.#countsTimer) clearTimeout(this.#countsTimer);
    for (const res of this.#clients) res.end();
    this.#clients.clear();
  }

  #start(): void {
    if (this.#unsubscribe) return;
    this.#unsubscribe = this.#runtime.cases.onChange((c, event) => this.#onChange(c, event));
    this.#heartbeat = setInterval(() => this.#broadcast(": keep-alive\n\n"), HEARTBEAT_MS);
    this.#heartbeat.unref();
  }

  #onChange(c: Case, event: AuditEvent): void {
    if (this.#clients.size === 0) return;
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
    this.#broadcast(`id: ${++this.#seq}\nevent: case\ndata: ${JSON.stringify(change)}\n\n`);
    // Counts after a burst of changes, once.
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
