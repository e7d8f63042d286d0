import type {
  AllMiddlewareArgs,
  BlockAction,
  SlackActionMiddlewareArgs,
  StaticSelectAction,
} from "@slack/bolt";
import type { DismissReason } from "../../../cases/types.js";
import { caseAction, noCaseMessage } from "../../action-context.js";
import type { SlackDeps } from "../../intake.js";

/** Dismiss with a reason (spam, duplicate, handled elsewhere, …): the service checks the reason. */
export function dismissCase(deps: SlackDeps) {
  return async ({
    ack,
    body,
    action,
  }: AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<StaticSelectAction>>) => {
    await ack();
    const { caseId, actor, audience } = await caseAction(deps, body, action);
    if (!caseId) return deps.cards.tell(audience, noCaseMessage);
    const reason = action.selected_option.value as DismissReason;
    const result = await deps.runtime.cases.dismiss(caseId, actor, reason);
    if (!(await deps.cards.report(result, audience))) deps.cards.refresh(caseId);
  };
}
