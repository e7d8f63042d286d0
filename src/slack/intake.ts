/**
 * One intake path for every Slack entry point (/reply, the shortcut, mentions, intake channels).
 * Durable before the ack: the case (mention, classification, draft) and an outbox row for its card
 * are committed in one transaction, and only then is Slack answered. The card is posted after, by
 * the card outbox, which a restart (or another replica) resumes. A retried request carries the same
 * dedupe key (a unique key in the database), so it finds the case made the first time and never
 * makes a second case or card, whichever replica it reaches.
 */
import { IntakeError } from "../cases/case-service.js";
import type { Actor, Case, CaseSource } from "../cases/types.js";
import type { Ops } from "../ops/index.js";
import type { Runtime } from "../runtime.js";
import { CARD_TOPIC, type CardJob, type CardOutbox } from "./card-outbox.js";
import { type Audience, type CaseCards, slackMessages, type Where } from "./case-cards.js";

export interface SlackIntake {
  raw: string;
  source: CaseSource;
  actor: Actor;
  /** `command:<trigger_id>`, `shortcut:<trigger_id>`, `message:<channel>:<ts>`. */
  dedupeKey: string;
  /** Where the card goes. */
  where: Where;
  /** Who asked, for a private note when the card cannot be posted. */
  audience: Audience;
  /** The request's response_url, when it has one: the private note goes there. */
  responseUrl?: string;
  /**
   * Answers Slack. Called once, after the commit; with a message when nothing could be stored (the
   * text was empty, or the database failed), so the person sees why instead of silence.
   */
  ack: (message?: string) => Promise<void>;
}

export interface SlackDeps {
  runtime: Runtime;
  cards: CaseCards;
  /** Posts the cards of committed intakes. */
  outbox: CardOutbox;
  /** Surges, reports and precision, when operations are running (the surge buttons, App Home). */
  ops?: Ops;
}

export async function intakeAndPost(deps: SlackDeps, input: SlackIntake): Promise<Case | undefined> {
  const { runtime } = deps;
  let made: { case: Case; created: boolean };
  try {
    const job: CardJob = {
      where: input.where,
      audience: input.audience,
      ...(input.responseUrl ? { responseUrl: input.responseUrl } : {}),
    };
    made = await runtime.cases.intake({
      raw: input.raw,
      source: input.source,
      actor: input.actor,
      dedupeKey: input.dedupeKey,
      after: (c) => [{ topic: CARD_TOPIC, key: c.id, payload: job }],
    });
  } catch (err) {
    if (err instanceof IntakeError) {
      await input.ack(err.message);
      return undefined;
    }
    // Not the person's fault (e.g. the database is unreachable): say so, and let Bolt's error
    // handler log it. Nothing was stored, so nothing is acknowledged as saved.
    await input.ack(slackMessages.intakeFailed);
    throw err;
  }
  await input.ack();
  deps.outbox.kick();
  return made.case;
}
