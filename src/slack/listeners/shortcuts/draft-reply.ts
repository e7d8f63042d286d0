import type { AllMiddlewareArgs, MessageShortcut, SlackShortcutMiddlewareArgs } from "@slack/bolt";
import { slackMessages } from "../../case-cards.js";
import { intakeAndPost, type SlackDeps } from "../../intake.js";
import { messageText } from "../../message-text.js";

/**
 * "Draft a reply" on any message: its text, plus shared/forwarded messages and unfurls. The card
 * goes in the message's thread.
 */
export function draftReply(deps: SlackDeps) {
  return async ({
    ack,
    shortcut,
    respond,
    context,
  }: AllMiddlewareArgs & SlackShortcutMiddlewareArgs<MessageShortcut>) => {
    const message = shortcut.message as MessageShortcut["message"] & { thread_ts?: string };
    const tell = async (text: string) => {
      await respond({ response_type: "ephemeral", text });
    };
    const raw = messageText(message, context.botUserId ? [context.botUserId] : []);
    if (!raw) {
      await ack();
      return tell(slackMessages.emptyMessage);
    }
    const channel = shortcut.channel.id;
    const actor = await deps.cards.actor(shortcut.user.id, shortcut.user.username ?? shortcut.user.name);
    await intakeAndPost(deps, {
      raw,
      source: {
        kind: "slack-shortcut",
        channel,
        messageTs: message.ts,
        ...(message.user ? { user: message.user } : {}),
      },
      actor,
      dedupeKey: `shortcut:${shortcut.trigger_id}`,
      where: { channel, threadTs: message.thread_ts ?? message.ts },
      audience: { channel, user: shortcut.user.id, threadTs: message.thread_ts ?? message.ts },
      responseUrl: shortcut.response_url,
      // Acknowledged only after the commit; a message shortcut's ack carries no text, so a refusal goes by respond.
      ack: async (text) => {
        await ack();
        if (text) await tell(text);
      },
    });
  };
}
