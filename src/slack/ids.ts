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
  /** "I'm on it" (value: case id); on a card someone else claimed it takes the case over. */
  claim: "case_claim",
  /** On a dismissed card: back to pending. */
  reopen: "case_reopen",
  /** After a reclassification kept an edited draft: use the new intent's template instead. */
  redraft: "case_redraft",
  /** "Use this draft" on an alternative (value: its situation); numbered, as ids are unique per block. */
  pickAlternativePrefix: "case_pick_alt_",
  /** The link button to X's composer: Slack still sends an action we must ack. */
  openX: "case_open_x",
  /** The link back from an escalation post to the case card. */
  openCard: "case_open_card",
  /** On a surge alert (value: the intent): edit and approve the official notice. */
  surgeNotice: "surge_notice",
  /** On a surge alert (value: the intent): set the intent's live status line. */
  surgeStatus: "surge_status",
} as const;

export const VIEW = {
  editDraft: "edit_draft",
  surgeNotice: "surge_notice",
  statusLine: "status_line",
} as const;

/** The notice modal's inputs (block id and action id). */
export const NOTICE_TEXT = { block: "notice_text", input: "notice_text_input" } as const;
export const NOTICE_URL = { block: "notice_url", input: "notice_url_input" } as const;
/** The status line modal's input. */
export const STATUS_TEXT = { block: "status_text", input: "status_text_input" } as const;

/** The actions block of a surge alert carries the intent: `surge:<intent>`. */
export const SURGE_BLOCK_PREFIX = "surge:";

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
