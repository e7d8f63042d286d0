import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from "@slack/bolt";
import { caseAction, noCaseMessage } from "../../action-context.js";
import { editModal } from "../../blocks/edit-modal.js";
import { slackError } from "../../case-cards.js";
import type { SlackDeps } from "../../intake.js";

/** Edit: opens the modal with the draft prefilled; the submission (views/) saves it. */
export function editCase(deps: SlackDeps) {
  return async ({
    ack,
    body,
    action,
    client,
    logger,
  }: AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>) => {
    await ack();
    const { caseId, actor, audience } = await caseAction(deps, body, action);
    if (!caseId) return deps.cards.tell(audience, noCaseMessage);
    // The service's own rules (who may edit, whether the case is still pending) before a modal opens.
    const allowed = await deps.runtime.cases.preview(caseId, actor, "edit");
    if (!allowed.ok) return deps.cards.tell(audience, allowed.message);

    try {
      await client.views.open({ trigger_id: body.trigger_id, view: editModal(allowed.case) });
    } catch (err) {
      logger.error(`views.open for case ${caseId} failed: ${slackError(err)}`);
      await deps.cards.tell(audience, `Could not open the editor (${slackError(err)}). Try again.`);
      return;
    }
    // Opening the editor claims the case (after the modal: trigger ids expire in 3 s), so others
    // see who is on it. Someone else's live claim is said privately but does not stop the edit.
    const claimed = await deps.runtime.cases.claim(caseId, actor);
    if (!claimed.ok && claimed.code === "conflict") {
      await deps.cards.tell(audience, `Heads up: ${claimed.message}.`);
    }
  };
}
