/**
 * Where each case lives in Slack: its card (channel, ts) and the thread its escalation was posted in.
 * Slack-only facts, kept out of the case document (and so out of src/cases and the console): a case
 * made in the console has no row here, and recording a card is not a change of the case (no new
 * version, no audit line, no conflict with an approver's click).
 *
 * Both locations are written once, conditionally in the database ("if none is recorded yet"), so two
 * replicas posting at once agree on one card and one thread: the loser learns it lost and keeps quiet.
 */
import type { Kysely } from "kysely";
import type { Case } from "../cases/types.js";
import type { GroupCommit } from "./group-commit.js";
import type { Database, SlackCardsTable } from "./schema.js";

export interface SlackLocation {
  channel: string;
  ts: string;
}

export interface SlackCard {
  caseId: string;
  card?: SlackLocation;
  thread?: SlackLocation;
}

/** The Slack facts of one case as `sincerely export` writes them (and `db import` reads them back). */
export interface SlackFacts {
  card?: SlackLocation;
  thread?: SlackLocation;
}

function toCard(r: SlackCardsTable): SlackCard {
  const out: SlackCard = { caseId: r.case_id };
  if (r.card_channel && r.card_ts) out.card = { channel: r.card_channel, ts: r.card_ts };
  if (r.thread_channel && r.thread_ts) out.thread = { channel: r.thread_channel, ts: r.thread_ts };
  return out;
}

function location(value: unknown, tsField: "ts" | "threadTs"): SlackLocation | undefined {
  const v = value as Record<string, unknown> | undefined;
  const channel = v?.channel;
  const ts = v?.[tsField];
  return typeof channel === "string" && channel && typeof ts === "string" && ts ? { channel, ts } : undefined;
}

/**
 * Splits a case document from an old DATA_DIR or an export into the case and its Slack facts: the
 * old documents carried `card: {channel, ts}` and `escalation.channel/threadTs`; exports carry
 * `slack: {card, thread}`. The returned case has none of them.
 */
export function splitSlackFacts(raw: Case): { case: Case; slack?: SlackFacts } {
  const doc = { ...(raw as Case & { card?: unknown; slack?: unknown }) };
  const exported = doc.slack as { card?: unknown; thread?: unknown } | undefined;
  const card = location(exported?.card, "ts") ?? location(doc.card, "ts");
  const thread = location(exported?.thread, "ts") ?? location(doc.escalation, "threadTs");
  delete doc.card;
  delete doc.slack;
  if (doc.escalation) {
    const {
      channel: _c,
      threadTs: _t,
      ...escalation
    } = doc.escalation as typeof doc.escalation & {
      channel?: unknown;
      threadTs?: unknown;
    };
    doc.escalation = escalation;
  }
  const slack: SlackFacts = {};
  if (card) slack.card = card;
  if (thread) slack.thread = thread;
  return card || thread ? { case: doc, slack } : { case: doc };
}

export class SlackCards {
  readonly #db: Kysely<Database>;
  readonly #clock: () => Date;
  readonly #writes: GroupCommit | undefined;

  #run<R>(fn: (db: Kysely<Database>) => Promise<R>): Promise<R> {
    return this.#writes ? this.#writes.run(fn) : fn(this.#db);
  }

  /** `writes`: the store's group commit, so recording a card rides on other writes' fsync. */
  constructor(db: Kysely<Database>, clock: () => Date = () => new Date(), writes?: GroupCommit) {
    this.#db = db;
    this.#clock = clock;
    this.#writes = writes;
  }

  async get(caseId: string): Promise<SlackCard | undefined> {
    const r = await this.#db
      .selectFrom("slack_cards")
      .selectAll()
      .where("case_id", "=", caseId)
      .executeTakeFirst();
    return r ? toCard(r) : undefined;
  }

  /** The Slack locations of many cases at once (App Home, export), keyed by case id. */
  async getMany(caseIds: readonly string[]): Promise<Map<string, SlackCard>> {
    const out = new Map<string, SlackCard>();
    for (let i = 0; i < caseIds.length; i += 500) {
      const rows = await this.#db
        .selectFrom("slack_cards")
        .selectAll()
        .where("case_id", "in", caseIds.slice(i, i + 500))
        .execute();
      for (const r of rows) out.set(r.case_id, toCard(r));
    }
    return out;
  }

  /**
   * Records where the card was posted, unless a card is already recorded (kept as is). True when
   * this call recorded it: of two replicas that both posted, the one that gets false has a spare.
   */
  async setCardIfAbsent(caseId: string, channel: string, ts: string): Promise<boolean> {
    const at = this.#clock().toISOString();
    const r = await this.#run((db) =>
      db
        .insertInto("slack_cards")
        .values({ case_id: caseId, card_channel: channel, card_ts: ts, updated_at: at })
        .onConflict((oc) =>
          oc
            .column("case_id")
            .doUpdateSet({ card_channel: channel, card_ts: ts, updated_at: at })
            .where("slack_cards.card_ts", "is", null),
        )
        .returning("case_id")
        .executeTakeFirst(),
    );
    return r !== undefined;
  }

  /** Records the escalation thread unless one is recorded already; true when this call recorded it. */
  async setThreadIfAbsent(caseId: string, channel: string, ts: string): Promise<boolean> {
    const at = this.#clock().toISOString();
    const r = await this.#run((db) =>
      db
        .insertInto("slack_cards")
        .values({ case_id: caseId, thread_channel: channel, thread_ts: ts, updated_at: at })
        .onConflict((oc) =>
          oc
            .column("case_id")
            .doUpdateSet({ thread_channel: channel, thread_ts: ts, updated_at: at })
            .where("slack_cards.thread_ts", "is", null),
        )
        .returning("case_id")
        .executeTakeFirst(),
    );
    return r !== undefined;
  }

  /**
   * Stores the facts of imported cases, keeping whatever is recorded already (an import run twice,
   * or into a database whose app already posted): each location is filled only where it is empty.
   */
  async importMany(items: ReadonlyArray<{ caseId: string; slack: SlackFacts }>): Promise<void> {
    const at = this.#clock().toISOString();
    for (let i = 0; i < items.length; i += 200) {
      const rows = items.slice(i, i + 200).map(({ caseId, slack }) => ({
        case_id: caseId,
        card_channel: slack.card?.channel ?? null,
        card_ts: slack.card?.ts ?? null,
        thread_channel: slack.thread?.channel ?? null,
        thread_ts: slack.thread?.ts ?? null,
        updated_at: at,
      }));
      await this.#db
        .insertInto("slack_cards")
        .values(rows)
        .onConflict((oc) =>
          oc.column("case_id").doUpdateSet((eb) => ({
            card_channel: eb
              .case()
              .when("slack_cards.card_ts", "is", null)
              .then(eb.ref("excluded.card_channel"))
              .else(eb.ref("slack_cards.card_channel"))
              .end(),
            card_ts: eb.fn.coalesce("slack_cards.card_ts", "excluded.card_ts"),
            thread_channel: eb
              .case()
              .when("slack_cards.thread_ts", "is", null)
              .then(eb.ref("excluded.thread_channel"))
              .else(eb.ref("slack_cards.thread_channel"))
              .end(),
            thread_ts: eb.fn.coalesce("slack_cards.thread_ts", "excluded.thread_ts"),
          })),
        )
        .execute();
    }
  }

  /** The case whose escalation was posted in this thread. */
  async byThread(channel: string, ts: string): Promise<string | undefined> {
    const r = await this.#db
      .selectFrom("slack_cards")
      .select("case_id")
      .where("thread_channel", "=", channel)
      .where("thread_ts", "=", ts)
      .executeTakeFirst();
    return r?.case_id;
  }
}
