import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import { fromSlackText } from "../../escape.js";
import { isPersonWriting, isThreadReply, type LooseMessage, tsToIso } from "../../event-message.js";
import type { SlackDeps } from "../../intake.js";

/** A department's answer in an escalation thread: recorded on the case, and so shown on its card. */
export function escalationReply(deps: SlackDeps) {
  return async ({ event, logger }: AllMiddlewareArgs & SlackEventMiddlewareArgs<"message">) => {
    const m = event as unknown as LooseMessage;
    if (!m.thread_ts || !isThreadReply(m) || !isPersonWriting(m) || !m.user) return;
    const c = await deps.cards.caseByThread(m.channel, m.thread_ts);
    if (!c) return;
    // Mentions of colleagues read as names ("@Kim"), looked up once per person (users.info, cached).
    const text = fromSlackText(await deps.cards.withUserNames(m.text ?? ""));
    if (!text) return;
    const name = await deps.cards.userName(m.user);
    const result = await deps.runtime.cases.addEscalationReply(c.id, {
      user: m.user,
      ...(name ? { name } : {}),
      text,
      at: tsToIso(m.ts),
    });
    if (!result.ok) logger.warn(`Escalation reply for case ${c.id} not recorded: ${result.message}`);
  };
}
