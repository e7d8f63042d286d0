/** What every case button needs from a block_actions payload: the case, who clicked, where to answer. */
import type {
  AllMiddlewareArgs,
  BlockAction,
  BlockElementAction,
  ButtonAction,
  SlackActionMiddlewareArgs,
} from "@slack/bolt";
import type { Actor, CaseResult } from "../cases/types.js";
import type { Audience } from "./case-cards.js";
import { caseIdFromBlockId } from "./ids.js";
import type { SlackDeps } from "./intake.js";

export interface CaseAction {
  caseId: string | undefined;
  /** The case version the card showed (Approve's value is `<case id>|<version>`). */
  seenVersion?: number;
  actor: Actor;
  /** The clicker, in the card's channel and thread: for private answers. */
  audience: Audience;
  /** The message the button is on: updated after the click even if it is not the case's recorded card. */
  message?: { channel: string; ts: string };
}

export async function caseAction(
  deps: SlackDeps,
  body: BlockAction,
  action: BlockElementAction,
): Promise<CaseAction> {
  const value = "value" in action && typeof action.value === "string" ? action.value : undefined;
  const [id, seen] = (value ?? "").split("|");
  const seenVersion = seen && /^\d{1,9}$/.test(seen) ? Number(seen) : undefined;
  const caseId = id || caseIdFromBlockId(action.block_id);
  const actor = await deps.cards.actor(body.user.id, body.user.username || body.user.name);
  const container = body.container as {
    type?: string;
    channel_id?: string;
    thread_ts?: string;
    message_ts?: string;
  };
  const channel = body.channel?.id ?? container.channel_id ?? "";
  const threadTs = (body.message?.thread_ts as string | undefined) ?? container.thread_ts;
  const audience: Audience = { channel, user: body.user.id, ...(threadTs ? { threadTs } : {}) };
  const messageTs = container.message_ts ?? (body.message?.ts as string | undefined);
  const message = channel && messageTs ? { channel, ts: messageTs } : undefined;
  // Whatever the command decides, the message clicked on follows the case (an orphaned card too).
  if (caseId && message) deps.cards.watchMessage(caseId, message);
  return {
    caseId,
    actor,
    audience,
    ...(message ? { message } : {}),
    ...(seenVersion !== undefined ? { seenVersion } : {}),
  };
}

export const noCaseMessage =
  "This button does not name a case: it may come from an older version of the app.";

/**
 * A button whose whole job is one case-service command, its result reported to the clicker (the
 * card itself follows through onChange): Claim, Reopen, Use new template, Escalate. `afterwards`
 * runs once the command went through, after the answer to Slack (which waits for this listener):
 * for Slack calls of its own.
 */
export function caseCommandButton(
  run: (deps: SlackDeps, caseId: string, actor: Actor) => Promise<CaseResult>,
  afterwards?: (deps: SlackDeps, caseId: string, audience: Audience) => void,
) {
  return (deps: SlackDeps) =>
    async ({
      ack,
      body,
      action,
    }: AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>) => {
      await ack();
      const { caseId, actor, audience } = await caseAction(deps, body, action);
      if (!caseId) return deps.cards.tell(audience, noCaseMessage);
      if ((await deps.cards.report(await run(deps, caseId, actor), audience)) && afterwards)
        afterwards(deps, caseId, audience);
    };
}
