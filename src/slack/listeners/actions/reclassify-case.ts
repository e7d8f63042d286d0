import type {
  AllMiddlewareArgs,
  BlockAction,
  SlackActionMiddlewareArgs,
  StaticSelectAction,
} from "@slack/bolt";
import { caseAction, noCaseMessage } from "../../action-context.js";
import type { SlackDeps } from "../../intake.js";

/** Reclassify: the service regenerates the draft and department and records the correction. */
export function reclassifyCase(deps: SlackDeps) {
  return async ({
    ack,
    body,
    action,
  }: AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<StaticSelectAction>>) => {
    await ack();
    const { caseId, actor, audience } = await caseAction(deps, body, action);
    if (!caseId) return deps.cards.tell(audience, noCaseMessage);
    const result = await deps.runtime.cases.reclassify(caseId, actor, action.selected_option.value);
    if (!(await deps.cards.report(result, audience))) {
      // The select now shows the choice that was refused: put the card back as it is.
      deps.cards.refresh(caseId);
    }
  };
}
