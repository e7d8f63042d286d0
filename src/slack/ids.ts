/**
 * Every id Slack sends back to us: the slash command, the shortcut's callback_id, action ids, the
 * modal's callback_id and block ids. manifest.json uses the same command and callback_id (a test
 * checks that they agree).
 */
export const COMMAND = "/reply";
export const SHORTCUT_DRAFT_REPLY = "draft_reply";

export const ACTION = {
  approve: "case_approve",
  edit: "case_edit",
  reclassify: "case_reclassify",
  escalate: "case_escalate",
  dismiss: "case_dismiss",
  /** The link button to X's composer: Slack still sends an action we must ack. */
  openX: "case_open_x",
  /** The link back from an escalation post to the case card. */
  openCard: "case_open_card",
} as const;

export const VIEW = { editDraft: "edit_draft" } as const;

export const EDIT_BLOCK = "draft";
export const EDIT_INPUT = "draft_text";

/** The actions block of a card carries the case id: `case:<id>`. */
export const CASE_BLOCK_PREFIX = "case:";

export function caseBlockId(caseId: string): string {
  return `${CASE_BLOCK_PREFIX}${caseId}`;
}

export function caseIdFromBlockId(blockId: string | undefined): string | undefined {
  return blockId?.startsWith(CASE_BLOCK_PREFIX) ? blockId.slice(CASE_BLOCK_PREFIX.length) : undefined;
}
