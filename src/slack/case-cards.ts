/**
 * The Slack side of a case: posting its card, keeping the card in step with the case (every stored
 * change, from Slack or the console, updates the card in place), posting escalations, and telling a
 * person privately when something did not work. Rules stay in the case service; this only shows.
 */

import type { Logger, webApi } from "@slack/bolt";
import { LRUCache } from "lru-cache";
import { type Actor, type AuditEvent, activeClaim, type Case, type CaseResult } from "../cases/types.js";
import type { Department } from "../core/types.js";
import { KeyedQueue } from "../lib/keyed-queue.js";
import type { Runtime } from "../runtime.js";
import type { SlackCard } from "../store/slack-cards.js";
import { type CardContext, caseCardBlocks, caseCardText, intentTitle } from "./blocks/case-card.js";
import { escalationBlocks, escalationText } from "./blocks/escalation.js";

type WebClient = webApi.WebClient;

export interface Where {
  channel: string;
  /** Post in this thread (the card for a message goes under that message). */
  threadTs?: string;
}

/** Whom to tell privately: a user in a channel (and thread). */
export interface Audience {
  channel: string;
  user: string;
  threadTs?: string;
}

export const slackMessages = {
  cannotPost: (channel: string, error: string, caseId: string) =>
    `I could not post the case card in <#${channel}> (${error}). Invite me with \`/invite @Sincerely\` and try again; case \`${caseId}\` is saved.`,
  noDepartmentChannel: (department: string) =>
    `Escalation recorded, but the department \`${department}\` has no \`slack_channel\` in intents/departments.yaml, so nothing was posted. Add one and click Escalate again.`,
  escalationNotPosted: (channel: string, error: string) =>
    `Escalation recorded, but I could not post in <#${channel}> (${error}). Invite me there with \`/invite @Sincerely\` and click Escalate again.`,
  alreadyEscalated: (channel: string) => `This case is already escalated: see the thread in <#${channel}>.`,
  emptyMessage: "There is no text in that message to draft a reply to.",
  intakeFailed:
    "Sorry, I could not save this case: the error is in the app's log. Please try again in a moment.",
} as const;

/** The `error` code of a Slack Web API failure (`not_in_channel`), or the message. */
export function slackError(err: unknown): string {
  const data = (err as { data?: { error?: unknown } } | undefined)?.data;
  if (data && typeof data.error === "string") return data.error;
  return err instanceof Error ? err.message : String(err);
}

export class CaseCards {
  readonly #client: WebClient;
  readonly #runtime: Runtime;
  readonly #logger: Logger;
  readonly #tasks = new Set<Promise<unknown>>();
  readonly #queue = new KeyedQueue();
  /** Cases whose card has a newer state than Slack shows; one update catches up on all of them. */
  readonly #dirty = new Set<string>();
  // The caches are bounded (least recently used out first), so a process that runs for months does
  // not grow with every user, thread and case it has seen; display names are asked again after an
  // hour, so a renamed user shows under the new name.
  readonly #names = new LRUCache<string, Promise<string | undefined>>({ max: 2_000, ttl: 60 * 60_000 });
  readonly #permalinks = new LRUCache<string, string>({ max: 5_000 });
  /** Messages clicked on that are not the case's recorded card (a card whose post was never recorded). */
  readonly #extra = new LRUCache<string, Map<string, { channel: string; ts: string }>>({ max: 5_000 });

  constructor(client: WebClient, runtime: Runtime, logger: Logger) {
    this.#client = client;
    this.#runtime = runtime;
    this.#logger = logger;
  }

  get client(): WebClient {
    return this.#client;
  }

  /** Keeps `work` in the set that `idle()` waits for (slow work after an ack, card updates). */
  track<T>(work: Promise<T>): Promise<T> {
    this.#tasks.add(work);
    const done = () => this.#tasks.delete(work);
    work.then(done, done);
    return work;
  }

  /** Resolves once no tracked work is left (including work started while waiting). */
  async idle(): Promise<void> {
    while (this.#tasks.size) await Promise.allSettled([...this.#tasks]);
  }

  /** Runs `fn` after every earlier task with the same key (one card post per intake, one escalation post per case). */
  serial<T>(key: string, fn: () => Promise<T>): Promise<T> {
    return this.track(this.#queue.run(key, fn));
  }

  /** A Slack actor with a readable name (for "already approved by jane at 14:03"). */
  async actor(userId: string, name?: string): Promise<Actor> {
    const known = name?.trim() || (await this.#userName(userId));
    return known ? { id: userId, name: known, via: "slack" } : { id: userId, via: "slack" };
  }

  /** The person's display name (users.info, cached per process), or undefined when Slack does not say. */
  userName(userId: string): Promise<string | undefined> {
    return this.#userName(userId);
  }

  /** `<@U123>` in a message becomes `<@U123|Kim>`, so the text read back says "@Kim", not an id. */
  async withUserNames(text: string): Promise<string> {
    const ids = [...new Set([...text.matchAll(/<@([UW][A-Z0-9]{2,})>/g)].map((m) => m[1] as string))];
    const names = new Map(await Promise.all(ids.map(async (id) => [id, await this.#userName(id)] as const)));
    return text.replace(/<@([UW][A-Z0-9]{2,})>/g, (whole, id: string) => {
      const name = names.get(id);
      return name ? `<@${id}|${name.replace(/[<>|]/g, "")}>` : whole;
    });
  }

  #userName(userId: string): Promise<string | undefined> {
    let name = this.#names.get(userId);
    if (!name) {
      name = this.#client.users
        .info({ user: userId })
        .then((r) => {
          const u = r.user;
          return u?.profile?.display_name || u?.real_name || u?.name || undefined;
        })
        .catch((err: unknown) => {
          this.#logger.debug(`users.info ${userId} failed: ${slackError(err)}`);
          this.#names.delete(userId);
          return undefined;
        });
      this.#names.set(userId, name);
    }
    return name;
  }

  department(c: Pick<Case, "intent" | "department">): Department | undefined {
    const engine = this.#runtime.engines.engine;
    return engine.pack.departments.find((d) => d.id === c.department) ?? engine.department(c.intent);
  }

  async cardContext(c: Case): Promise<CardContext> {
    const engine = this.#runtime.engines.engine;
    const ctx: CardContext = {
      timezone: this.#runtime.config.TIMEZONE,
      now: this.#runtime.clock(),
      intents: engine.pack.intents.map((i) => ({ id: i.id, title: i.title })),
    };
    const department = this.department(c);
    if (department) ctx.department = department;
    const claim = activeClaim(c, ctx.now, engine.pack.settings.claim_idle_minutes);
    if (claim) ctx.claim = claim;
    const status = await this.#runtime.statuses.get(c.intent);
    if (status) ctx.status = status;
    const thread = c.escalation ? (await this.#slackCards.get(c.id))?.thread : undefined;
    if (thread) {
      ctx.escalationThread = thread;
      const link = await this.permalink(thread.channel, thread.ts);
      if (link) ctx.escalationLink = link;
    }
    return ctx;
  }

  /** The Slack locations (card, escalation thread) are the store's slack_cards table, not the case. */
  get #slackCards() {
    return this.#runtime.store.slackCards;
  }

  /** Where the case's card and escalation thread are in Slack (from the store), if anywhere. */
  async location(caseId: string): Promise<SlackCard | undefined> {
    return this.#slackCards.get(caseId);
  }

  /** The case whose escalation was posted in this thread (a department's answer goes to it). */
  async caseByThread(channel: string, threadTs: string): Promise<Case | undefined> {
    const id = await this.#slackCards.byThread(channel, threadTs);
    return id ? this.#runtime.cases.get(id) : undefined;
  }

  async permalink(channel: string, ts: string): Promise<string | undefined> {
    const key = `${channel}/${ts}`;
    const cached = this.#permalinks.get(key);
    if (cached) return cached;
    try {
      const r = await this.#client.chat.getPermalink({ channel, message_ts: ts });
      if (r.permalink) this.#permalinks.set(key, r.permalink);
      return r.permalink;
    } catch (err) {
      this.#logger.debug(`chat.getPermalink ${key} failed: ${slackError(err)}`);
      return undefined;
    }
  }

  /** Posts the card of a stored case and records where it is. Returns the Slack error, if any. */
  async postCard(c: Case, where: Where): Promise<{ ok: true; ts: string } | { ok: false; error: string }> {
    const ctx = await this.cardContext(c);
    let ts: string | undefined;
    try {
      const r = await this.#client.chat.postMessage({
        channel: where.channel,
        ...(where.threadTs ? { thread_ts: where.threadTs } : {}),
        text: caseCardText(c, ctx),
        blocks: caseCardBlocks(c, ctx),
        unfurl_links: false,
        unfurl_media: false,
      });
      ts = r.ts;
      if (!ts) return { ok: false, error: "no ts in chat.postMessage response" };
      const channel = r.channel ?? where.channel;
      // Another card was recorded first (a click adopted an earlier post): keep this one in step too.
      if (!(await this.#slackCards.setCardIfAbsent(c.id, channel, ts))) this.#watch(c.id, { channel, ts });
      return { ok: true, ts };
    } catch (err) {
      return { ok: false, error: slackError(err) };
    }
  }

  /** Called for every stored change: brings the card up to date (coalescing bursts). */
  onCaseChange(c: Case, event: AuditEvent): void {
    // A new case has no card yet: the card outbox posts it as it is.
    if (event.type === "created") return;
    this.refresh(c.id);
  }

  #watch(id: string, message: { channel: string; ts: string }): void {
    let extra = this.#extra.get(id);
    if (!extra) {
      extra = new Map();
      this.#extra.set(id, extra);
    }
    extra.set(`${message.channel}/${message.ts}`, message);
  }

  /**
   * A button on `message` was clicked for case `id`. If the case has no recorded card (the post
   * went out but a crash came before it was recorded), that message becomes its card, so the outbox
   * does not post a second one; if it has another card, this message is updated along with it.
   * Either way the message clicked on shows the case as it is after the click.
   */
  watchMessage(id: string, message: { channel: string; ts: string }): void {
    this.#watch(id, message);
    void this.track(
      (async () => {
        const card = (await this.#slackCards.get(id))?.card;
        if (card?.channel === message.channel && card.ts === message.ts) return;
        if (!card && !(await this.#runtime.cases.get(id))) return;
        if (!card) await this.#slackCards.setCardIfAbsent(id, message.channel, message.ts);
        this.refresh(id);
      })().catch((err: unknown) =>
        this.#logger.error(`Could not adopt the card of ${id}: ${slackError(err)}`),
      ),
    );
  }

  /** Updates the card of case `id` (and any other message of it clicked on) from what is stored now. */
  refresh(id: string): void {
    if (this.#dirty.has(id)) return;
    this.#dirty.add(id);
    void this.serial(`card:${id}`, async () => {
      this.#dirty.delete(id);
      const targets = new Map(this.#extra.get(id) ?? []);
      const card = (await this.#slackCards.get(id))?.card;
      if (card) targets.set(`${card.channel}/${card.ts}`, card);
      if (!targets.size) return;
      const c = await this.#runtime.cases.get(id);
      if (!c) return;
      const ctx = await this.cardContext(c);
      for (const target of targets.values()) {
        try {
          await this.#client.chat.update({
            channel: target.channel,
            ts: target.ts,
            text: caseCardText(c, ctx),
            blocks: caseCardBlocks(c, ctx),
          });
        } catch (err) {
          this.#logger.error(`Could not update the card of case ${id}: ${slackError(err)}`);
        }
      }
    }).catch((err: unknown) => this.#logger.error(`Card update of case ${id} failed: ${slackError(err)}`));
  }

  /**
   * A private message to one person. Sent after the answer to Slack (which waits for the listener):
   * the returned promise resolves at once, and `idle()` waits for the post itself.
   */
  tell(to: Audience, text: string): Promise<void> {
    void this.track(this.#postEphemeral(to, text));
    return Promise.resolve();
  }

  async #postEphemeral(to: Audience, text: string): Promise<void> {
    try {
      await this.#client.chat.postEphemeral({
        channel: to.channel,
        user: to.user,
        text,
        ...(to.threadTs ? { thread_ts: to.threadTs } : {}),
      });
    } catch (err) {
      this.#logger.warn(`Could not tell ${to.user} in ${to.channel} "${text}": ${slackError(err)}`);
    }
  }

  /** Tells the person what went wrong when a command on a case did not go through. True when it did. */
  async report(result: CaseResult, to: Audience): Promise<boolean> {
    if (result.ok) return true;
    await this.tell(to, result.message);
    return false;
  }

  /**
   * Posts an escalated case to its department's channel (once, even on a double click) and records
   * the thread, so replies there find the case.
   */
  postEscalation(id: string, to: Audience): Promise<void> {
    return this.serial(`escalation:${id}`, async () => {
      const c = await this.#runtime.cases.get(id);
      const e = c?.escalation;
      if (!c || !e) return;
      const at = await this.#slackCards.get(id);
      if (at?.thread) {
        await this.tell(to, slackMessages.alreadyEscalated(at.thread.channel));
        return;
      }
      const card = at?.card;
      const engine = this.#runtime.engines.engine;
      const department =
        engine.pack.departments.find((d) => d.id === e.department) ?? engine.department(c.intent);
      const channel = department.slack_channel;
      if (!channel) {
        await this.tell(to, slackMessages.noDepartmentChannel(department.id));
        return;
      }
      const lang = c.draft?.language ?? c.classification.language;
      const ctx = {
        timezone: this.#runtime.config.TIMEZONE,
        now: this.#runtime.clock(),
        department,
        intentTitle: intentTitle(
          engine.pack.intents.map((i) => ({ id: i.id, title: i.title })),
          c.intent,
          lang,
        ),
        ...(card ? { card } : {}),
      };
      const cardLink = card ? await this.permalink(card.channel, card.ts) : undefined;
      const full = cardLink ? { ...ctx, cardLink } : ctx;
      try {
        const r = await this.#client.chat.postMessage({
          channel,
          text: escalationText(c, full),
          blocks: escalationBlocks(c, full),
          unfurl_links: false,
          unfurl_media: false,
        });
        if (!r.ts) throw new Error("no ts in chat.postMessage response");
        const recorded = await this.#slackCards.setThreadIfAbsent(id, r.channel ?? channel, r.ts);
        if (!recorded)
          this.#logger.warn(`Case ${id} was escalated in Slack twice; replies in the first thread count.`);
        // The card now links the thread and drops its Escalate button.
        this.refresh(id);
      } catch (err) {
        await this.tell(to, slackMessages.escalationNotPosted(channel, slackError(err)));
      }
    });
  }
}
