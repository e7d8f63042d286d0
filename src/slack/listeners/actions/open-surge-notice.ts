import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { surgeMessages } from "../../../ops/surge.js";
import { noticeModal } from "../../blocks/surge.js";
import { slackError } from "../../case-cards.js";
import type { SlackDeps } from "../../intake.js";
import { intentTitleOf, surgeAction, surgeSlackMessages } from "../../surge-context.js";

/**
 * "Edit & approve notice" on a surge alert: opens the notice editor, prefilled with a fresh draft from
 * the intent's notice template (quoting the live status line), or with the notice already approved.
 * Whether the person may approve is the same rule the surge monitor applies on submit.
 */
export function openSurgeNotice(deps: SlackDeps) {
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
    const ops = deps.ops;
    if (!ops) return deps.cards.tell(audience, surgeSlackMessages.opsOff);
    if (!deps.runtime.mayDecide(actor)) {
      return deps.cards.tell(audience, surgeMessages.forbidden(actor.name ?? actor.id));
    }
    const surge = await ops.surges.get(intent);
    if (!surge) return deps.cards.tell(audience, surgeMessages.notActive(intent));
    let text = surge.notice?.text;
    if (!text) {
      const draft = await ops.surges.draftNotice(intent);
      text = `${draft.ko.trim()}\n\n${draft.en.trim()}`;
    }
    const view = noticeModal({
      intent,
      title: intentTitleOf(deps, intent),
      text,
      ...(surge.notice ? { url: surge.notice.url } : {}),
    });
    try {
      await client.views.open({ trigger_id: body.trigger_id, view });
    } catch (err) {
      logger.error(`views.open for the notice of ${intent} failed: ${slackError(err)}`);
      await deps.cards.tell(audience, surgeSlackMessages.cannotOpen(slackError(err)));
    }
  };
}
