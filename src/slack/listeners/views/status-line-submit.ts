import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { parseSurgeMetadata } from "../../blocks/surge.js";
import { STATUS_TEXT } from "../../ids.js";
import type { SlackDeps } from "../../intake.js";
import { statusMessages } from "../../status-command.js";
import { announceOnAlert, statusAnnouncement, surgeSlackMessages } from "../../surge-context.js";

/**
 * Sets (or, when empty, clears) an intent's live status line from the modal: approvers only, the same
 * rule as `/reply status` and the case service. During a surge the alert's thread hears about it.
 */
export function statusLineSubmit(deps: SlackDeps) {
  return async ({
    ack,
    body,
    view,
    logger,
  }: AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>) => {
    const meta = parseSurgeMetadata(view.private_metadata);
    const text = view.state.values[STATUS_TEXT.block]?.[STATUS_TEXT.input]?.value ?? "";
    if (!meta) {
      await ack({
        response_action: "errors",
        errors: { [STATUS_TEXT.block]: surgeSlackMessages.lostIntent },
      });
      return;
    }
    if (!deps.runtime.engines.engine.intentIds().includes(meta.intent)) {
      await ack({
        response_action: "errors",
        errors: { [STATUS_TEXT.block]: `There is no intent "${meta.intent}" in the pack any more.` },
      });
      return;
    }
    const actor = await deps.cards.actor(body.user.id, body.user.name);
    if (!deps.runtime.mayDecide(actor)) {
      await ack({ response_action: "errors", errors: { [STATUS_TEXT.block]: statusMessages.forbidden } });
      return;
    }
    const status = await deps.runtime.statuses.set(meta.intent, text, actor);
    await ack();
    const surge = await deps.ops?.surges.get(meta.intent);
    if (surge) await announceOnAlert(deps, logger, surge, statusAnnouncement(meta.intent, status, actor));
  };
}
