/**
 * One intake path for every Slack entry point (/reply, the shortcut, mentions, intake channels):
 * make the case (stored first), then post its card. A retried request carries the same dedupe key,
 * so it finds the case made the first time and never posts a second card.
 */
import { IntakeError } from "../cases/case-service.js";
import type { Actor, Case, CaseSource } from "../cases/types.js";
import type { Ops } from "../ops/index.js";
import type { Runtime } from "../runtime.js";
import { type CaseCards, slackMessages, type Where } from "./case-cards.js";

export interface SlackIntake {
  raw: string;
  source: CaseSource;
  actor: Actor;
  /** `command:<trigger_id>`, `shortcut:<trigger_id>`, `message:<channel>:<ts>`. */
  dedupeKey: string;
  /** Where the card goes. */
  where: Where;
  /** Tells the person who asked, privately, when something went wrong. */
  tell: (text: string) => Promise<void>;
}

export interface SlackDeps {
  runtime: Runtime;
  cards: CaseCards;
  /** Surges, reports and precision, when operations are running (the surge buttons, App Home). */
  ops?: Ops;
}

export async function intakeAndPost(deps: SlackDeps, input: SlackIntake): Promise<Case | undefined> {
  const { runtime, cards } = deps;
  // Serialized per key: a retry waits for the first request's card, then sees it on the case.
  return cards.serial(`intake:${input.dedupeKey}`, async () => {
    let made: { case: Case; created: boolean };
    try {
      made = await runtime.cases.intake({
        raw: input.raw,
        source: input.source,
        actor: input.actor,
        dedupeKey: input.dedupeKey,
      });
    } catch (err) {
      if (err instanceof IntakeError) {
        await input.tell(err.message);
        return undefined;
      }
      // Not the person's fault (e.g. the disk): say so, and let Bolt's error handler log it.
      await input.tell(slackMessages.intakeFailed);
      throw err;
    }
    if (!made.created && made.case.card) return made.case;
    const posted = await cards.postCard(made.case, input.where);
    if (!posted.ok)
      await input.tell(slackMessages.cannotPost(input.where.channel, posted.error, made.case.id));
    return made.case;
  });
}
