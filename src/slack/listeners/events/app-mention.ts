import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import { usageText } from "../../blocks/home.js";
import { isPersonWriting, isThreadReply, type LooseMessage, messageDedupeKey } from "../../event-message.js";
import { intakeAndPost, type SlackDeps } from "../../intake.js";
import { messageText } from "../../message-text.js";

/** `@Sincerely <mention>`: a case from the text, its card in the thread. */
export function appMention(deps: SlackDeps) {
  return async ({ event, context }: AllMiddlewareArgs & SlackEventMiddlewareArgs<"app_mention">) => {
    const m = event as unknown as LooseMessage;
    if (!isPersonWriting({ ...m, subtype: undefined }) || !m.user) return;
    // Top-level messages in intake channels and answers in escalation threads have their own
    // listeners (a mention there is also a `message` event).
    if (!isThreadReply(m) && deps.runtime.config.INTAKE_CHANNEL_IDS.includes(m.channel)) return;
    if (m.thread_ts && isThreadReply(m) && (await deps.cards.caseByThread(m.channel, m.thread_ts))) return;
    const user = m.user;
    const audience = { channel: m.channel, user, ...(m.thread_ts ? { threadTs: m.thread_ts } : {}) };
    const raw = messageText(m, context.botUserId ? [context.botUserId] : []);
    if (!raw) return deps.cards.tell(audience, usageText());
    await intakeAndPost(deps, {
      raw,
      source: { kind: "slack-mention", channel: m.channel, messageTs: m.ts, user },
      actor: await deps.cards.actor(user),
      dedupeKey: messageDedupeKey(m.channel, m.ts),
      where: { channel: m.channel, threadTs: m.thread_ts ?? m.ts },
      audience,
      // Bolt answers events itself; with processBeforeResponse the answer waits for this listener.
      ack: async (text) => {
        if (text) await deps.cards.tell(audience, text);
      },
    });
  };
}
