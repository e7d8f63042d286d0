/**
 * Where each case lives in Slack: its card (channel, ts) and its escalation thread. Slack-only facts,
 * so they are kept out of the case document and out of src/cases.
 */
import type { Kysely } from "kysely";
import type { Database } from "./schema.js";

export interface SlackCard {
  caseId: string;
  card?: { channel: string; ts: string };
  thread?: { channel: string; ts: string };
}

export class SlackCards {
  readonly #db: Kysely<Database>;
  readonly #clock: () => Date;

  constructor(db: Kysely<Database>, clock: () => Date = () => new Date()) {
    this.#db = db;
    this.#clock = clock;
  }

  async get(caseId: string): Promise<SlackCard | undefined> {
    const r = await this.#db
      .selectFrom("slack_cards")
      .selectAll()
      .where("case_id", "=", caseId)
      .executeTakeFirst();
    if (!r) return undefined;
    const out: SlackCard = { caseId };
    if (r.card_channel && r.card_ts) out.card = { channel: r.card_channel, ts: r.card_ts };
    if (r.thread_channel && r.thread_ts) out.thread = { channel: r.thread_channel, ts: r.thread_ts };
    return out;
  }

  /** Records where the card was posted; returns false if a card was already recorded (kept as is). */
  async setCardIfAbsent(caseId: string, channel: string, ts: string): Promise<boolean> {
    const at = this.#clock().toISOString();
    const r = await this.#db
      .insertInto("slack_cards")
      .values({ case_id: caseId, card_channel: channel, card_ts: ts, updated_at: at })
      .onConflict((oc) =>
        oc
          .column("case_id")
          .doUpdateSet({ card_channel: channel, card_ts: ts, updated_at: at })
          .where("slack_cards.card_ts", "is", null),
      )
      .returning("case_id")
      .executeTakeFirst();
    return r !== undefined;
  }

  async setThread(caseId: string, channel: string, ts: string): Promise<void> {
    const at = this.#clock().toISOString();
    await this.#db
      .insertInto("slack_cards")
      .values({ case_id: caseId, thread_channel: channel, thread_ts: ts, updated_at: at })
      .onConflict((oc) =>
        oc.column("case_id").doUpdateSet({ thread_channel: channel, thread_ts: ts, updated_at: at }),
      )
      .execute();
  }

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
