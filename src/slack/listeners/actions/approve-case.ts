import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { caseAction, noCaseMessage } from "../../action-context.js";
import type { SlackDeps } from "../../intake.js";

/** Approve: the case service decides (approvers only, once); the card follows through onChange. */
export function approveCase(deps: SlackDeps) {
  return async ({
    ack,
    body,
    action,
  }: AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>) => {
    await ack();
    const { caseId, actor, audience } = await caseAction(deps, body, action);
    if (!caseId) return deps.cards.tell(audience, noCaseMessage);
    await deps.cards.report(await deps.runtime.cases.approve(caseId, actor), audience);
  };
}
