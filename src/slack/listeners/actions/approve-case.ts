import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { caseAction, noCaseMessage } from "../../action-context.js";
import type { SlackDeps } from "../../intake.js";

/**
 * Approve: the case service decides (approvers only, once); the card follows through onChange. A
 * second click by the person who approved (a double click, Slack's retry) is no news to them: the
 * card already says they approved it, so they are not told "already approved by" themselves.
 */
export function approveCase(deps: SlackDeps) {
  return async ({
    ack,
    body,
    action,
  }: AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>) => {
    await ack();
    const { caseId, actor, audience, seenVersion } = await caseAction(deps, body, action);
    if (!caseId) return deps.cards.tell(audience, noCaseMessage);
    const result = await deps.runtime.cases.approve(
      caseId,
      actor,
      seenVersion !== undefined ? { expectedVersion: seenVersion } : {},
    );
    if (!result.ok && result.code === "conflict" && result.case.approved?.by.id === actor.id) return;
    await deps.cards.report(result, audience);
  };
}
