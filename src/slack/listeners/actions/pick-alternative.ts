import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { caseAction, noCaseMessage } from "../../action-context.js";
import { caseIdFromBlockId } from "../../ids.js";
import type { SlackDeps } from "../../intake.js";

/**
 * "Use alternative N": the button's value is the situation; the case comes from the actions block.
 * The service swaps the draft and records the pick (the learning signal for `sincerely suggest`).
 */
export function pickAlternative(deps: SlackDeps) {
  return async ({
    ack,
    body,
    action,
  }: AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>) => {
    await ack();
    const caseId = caseIdFromBlockId(action.block_id);
    const { actor, audience } = await caseAction(deps, body, { ...action, value: caseId ?? "" });
    if (!caseId) return deps.cards.tell(audience, noCaseMessage);
    await deps.cards.report(
      await deps.runtime.cases.pickAlternative(caseId, actor, action.value ?? ""),
      audience,
    );
  };
}
