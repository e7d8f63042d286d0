import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { surgeMessages } from "../../../ops/surge.js";
import { parseSurgeMetadata } from "../../blocks/surge.js";
import { NOTICE_TEXT, NOTICE_URL } from "../../ids.js";
import type { SlackDeps } from "../../intake.js";
import { announceOnAlert, noticeAnnouncement, surgeSlackMessages } from "../../surge-context.js";

/**
 * Approves the official notice: the surge monitor checks who may, that the surge is still on, the
 * text and the address; its refusals show in the modal, which stays open. Once approved, every new
 * draft for the intent links to the notice, and the alert says so.
 */
export function surgeNoticeSubmit(deps: SlackDeps) {
  return async ({
    ack,
    body,
    view,
    logger,
  }: AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>) => {
    const meta = parseSurgeMetadata(view.private_metadata);
    const values = view.state.values;
    const text = values[NOTICE_TEXT.block]?.[NOTICE_TEXT.input]?.value ?? "";
    const url = values[NOTICE_URL.block]?.[NOTICE_URL.input]?.value ?? "";
    if (!meta || !deps.ops) {
      const message = deps.ops ? surgeSlackMessages.lostIntent : surgeSlackMessages.opsOff;
      await ack({ response_action: "errors", errors: { [NOTICE_TEXT.block]: message } });
      return;
    }
    const actor = await deps.cards.actor(body.user.id, body.user.name);
    const result = await deps.ops.surges.approveNotice(meta.intent, text, url, actor);
    if (!result.ok) {
      // A bad address goes under the address field; everything else (empty text, not allowed, the
      // surge is over) under the notice.
      const onUrl = result.code === "invalid" && result.message !== surgeMessages.emptyNotice;
      await ack({
        response_action: "errors",
        errors: { [onUrl ? NOTICE_URL.block : NOTICE_TEXT.block]: result.message },
      });
      return;
    }
    await ack();
    await announceOnAlert(deps, logger, result.surge, noticeAnnouncement(deps, result.surge));
  };
}
