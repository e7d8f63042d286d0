/** The Edit modal: the draft prefilled, the customer's words and the department's answers alongside. */
import type { types } from "@slack/bolt";
import type { Case } from "../../cases/types.js";
import { X_POST_LIMIT } from "../../core/length.js";
import { blockQuote, escapeAndTruncate } from "../escape.js";
import { EDIT_BLOCK, EDIT_INPUT, VIEW } from "../ids.js";
import { type Block, context, mrkdwnSection, plain, slackUser } from "./format.js";

/** What the modal carries to its submission: which case. */
export interface EditModalMetadata {
  caseId: string;
}

/** Slack's limit for a plain_text_input value. */
const INPUT_LIMIT = 3000;

export function editModal(c: Case): types.ModalView {
  const blocks: Block[] = [
    mrkdwnSection(
      `*The customer wrote*\n${blockQuote(escapeAndTruncate(c.mention.text, 1500).text)}`,
      "customer",
    ),
  ];
  const replies = c.escalation?.replies ?? [];
  if (replies.length) {
    const lines = replies
      .slice(-3)
      .map((r) => `${slackUser(r.user)}: ${escapeAndTruncate(r.text, 600).text}`)
      .join("\n");
    blocks.push(mrkdwnSection(`*The department answered*\n${lines}`, "replies"));
  }
  const input: types.PlainTextInput = {
    type: "plain_text_input",
    action_id: EDIT_INPUT,
    multiline: true,
    max_length: INPUT_LIMIT,
    focus_on_load: true,
  };
  if (c.draft?.text) input.initial_value = c.draft.text.slice(0, INPUT_LIMIT);
  blocks.push({
    type: "input",
    block_id: EDIT_BLOCK,
    label: plain("Reply"),
    element: input,
    hint: plain(
      `At most ${X_POST_LIMIT} weighted characters (Hangul counts 2). Say what happens next: a department, hotline, link or time.`,
      2000,
    ),
  });
  blocks.push(context(`Case \`${c.id}\``));
  const metadata: EditModalMetadata = { caseId: c.id };
  return {
    type: "modal",
    callback_id: VIEW.editDraft,
    private_metadata: JSON.stringify(metadata),
    title: plain("Edit the reply", 24),
    submit: plain("Save draft", 24),
    close: plain("Cancel", 24),
    blocks,
  };
}

export function parseEditMetadata(raw: string | undefined): EditModalMetadata | undefined {
  try {
    const data = JSON.parse(raw ?? "") as Partial<EditModalMetadata>;
    return typeof data.caseId === "string" ? { caseId: data.caseId } : undefined;
  } catch {
    return undefined;
  }
}
