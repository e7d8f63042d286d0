import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from "@slack/bolt";
import { parseEditMetadata } from "../../blocks/edit-modal.js";
import { EDIT_BLOCK, EDIT_INPUT } from "../../ids.js";
import type { SlackDeps } from "../../intake.js";

/**
 * Saves an edited draft. The service re-checks it (length, concreteness); problems are shown in the
 * modal, which stays open. Editing is quick local work, so it runs before the ack.
 */
export function editDraftSubmit(deps: SlackDeps) {
  return async ({ ack, body, view }: AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>) => {
    const meta = parseEditMetadata(view.private_metadata);
    const text = view.state.values[EDIT_BLOCK]?.[EDIT_INPUT]?.value ?? "";
    if (!meta) {
      await ack({
        response_action: "errors",
        errors: { [EDIT_BLOCK]: "This editor lost track of its case: close it and click Edit again." },
      });
      return;
    }
    const actor = await deps.cards.actor(body.user.id, body.user.name);
    const result = await deps.runtime.cases.edit(meta.caseId, actor, text);
    if (result.ok) {
      await ack();
      return;
    }
    await ack({ response_action: "errors", errors: { [EDIT_BLOCK]: result.message } });
  };
}
