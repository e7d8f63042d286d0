import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { caseAction, noCaseMessage } from "../../action-context.js";
import type { SlackDeps } from "../../intake.js";

/** Escalate: recorded by the service, then posted once to the department's channel. */
export function escalateCase(deps: SlackDeps) {
  return async ({
    ack,
    body,
    action,
  }: AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>) => {
    await ack();
    const { caseId, actor, audience } = await caseAction(deps, body, action);
    if (!caseId) return deps.cards.tell(audience, noCaseMessage);
    const result = await deps.runtime.cases.escalate(caseId, actor);
    if (!(await deps.cards.report(result, audience))) return;
    // After the answer to Slack (which waits for this listener): the post is a Slack call.
    void deps.cards.postEscalation(caseId, audience).catch(() => {});
  };
}
