import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { statusModal } from "../../blocks/surge.js";
import { slackError } from "../../case-cards.js";
import type { SlackDeps } from "../../intake.js";
import { statusMessages } from "../../status-command.js";
import { intentTitleOf, surgeAction, surgeSlackMessages } from "../../surge-context.js";

/** "Set status line" on a surge alert: the intent's live status line in a modal (approvers only). */
export function openStatusLine(deps: SlackDeps) {
  return async ({
    ack,
    body,
    action,
    client,
    logger,
  }: AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>) => {
    await ack();
    const { intent, actor, audience } = await surgeAction(deps, body, action);
    if (!intent) return deps.cards.tell(audience, surgeSlackMessages.noIntent);
    if (!deps.runtime.mayDecide(actor)) return deps.cards.tell(audience, statusMessages.forbidden);
    const current = await deps.runtime.statuses.get(intent);
    const view = statusModal({
      intent,
      title: intentTitleOf(deps, intent),
      ...(current ? { current } : {}),
    });
    try {
      await client.views.open({ trigger_id: body.trigger_id, view });
    } catch (err) {
      logger.error(`views.open for the status line of ${intent} failed: ${slackError(err)}`);
      await deps.cards.tell(audience, surgeSlackMessages.cannotOpen(slackError(err)));
    }
  };
}
