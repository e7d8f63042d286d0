/** What every case button needs from a block_actions payload: the case, who clicked, where to answer. */
import type { BlockAction, BlockElementAction } from "@slack/bolt";
import type { Actor } from "../cases/types.js";
import type { Audience } from "./case-cards.js";
import { caseIdFromBlockId } from "./ids.js";
import type { SlackDeps } from "./intake.js";

export interface CaseAction {
  caseId: string | undefined;
  /** The fingerprint of the draft the card showed (Approve's value is `<case id>|<fingerprint>`). */
  draft?: string;
  actor: Actor;
  /** The clicker, in the card's channel and thread: for private answers. */
  audience: Audience;
}

export async function caseAction(
  deps: SlackDeps,
  body: BlockAction,
  action: BlockElementAction,
): Promise<CaseAction> {
  const value = "value" in action && typeof action.value === "string" ? action.value : undefined;
  const [id, draft] = (value ?? "").split("|");
  const caseId = id || caseIdFromBlockId(action.block_id);
  const actor = await deps.cards.actor(body.user.id, body.user.username || body.user.name);
  const container = body.container as { channel_id?: string; thread_ts?: string };
  const channel = body.channel?.id ?? container.channel_id ?? "";
  const threadTs = (body.message?.thread_ts as string | undefined) ?? container.thread_ts;
  const audience: Audience = { channel, user: body.user.id, ...(threadTs ? { threadTs } : {}) };
  return { caseId, actor, audience, ...(draft ? { draft } : {}) };
}

export const noCaseMessage =
  "This button does not name a case: it may come from an older version of the app.";
