import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { caseAction, noCaseMessage } from "../../action-context.js";
import type { SlackDeps } from "../../intake.js";

/** "Use new template": after a reclassification kept an edited draft, the approver chose the template. */
export function redraftCase(deps: SlackDeps) {
  return async ({
    ack,
    body,
    action,
  }: AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>) => {
    await ack();
    const { caseId, actor, audience } = await caseAction(deps, body, action);
    if (!caseId) return deps.cards.tell(audience, noCaseMessage);
    await deps.cards.report(await deps.runtime.cases.redraft(caseId, actor), audience);
  };
}
