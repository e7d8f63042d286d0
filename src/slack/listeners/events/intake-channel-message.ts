import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import { isPersonWriting, isThreadReply, type LooseMessage, messageDedupeKey } from "../../event-message.js";
import { intakeAndPost, type SlackDeps } from "../../intake.js";
import { messageText } from "../../message-text.js";

/** Every new top-level message from a person in INTAKE_CHANNEL_IDS becomes a case (no edits, bots, thread replies). */
export function intakeChannelMessage(deps: SlackDeps) {
  return async ({ event, context }: AllMiddlewareArgs & SlackEventMiddlewareArgs<"message">) => {
    const m = event as unknown as LooseMessage;
    if (!deps.runtime.config.INTAKE_CHANNEL_IDS.includes(m.channel)) return;
    if (!isPersonWriting(m) || isThreadReply(m) || m.subtype === "thread_broadcast" || !m.user) return;
    const raw = messageText(m, context.botUserId ? [context.botUserId] : []);
    if (!raw) return;
    const user = m.user;
    await intakeAndPost(deps, {
      raw,
      source: { kind: "slack-channel", channel: m.channel, messageTs: m.ts, user },
      actor: await deps.cards.actor(user),
      dedupeKey: messageDedupeKey(m.channel, m.ts),
      where: { channel: m.channel, threadTs: m.ts },
      audience: { channel: m.channel, user, threadTs: m.ts },
      // Bolt answers events itself; with processBeforeResponse the answer waits for this listener.
      ack: async (text) => {
        if (text) await deps.cards.tell({ channel: m.channel, user, threadTs: m.ts }, text);
      },
    });
  };
}
