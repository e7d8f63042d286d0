import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from "@slack/bolt";
import { usageText } from "../../blocks/home.js";
import { fromSlackText } from "../../escape.js";
import { intakeAndPost, type SlackDeps } from "../../intake.js";
import { setStatusLine } from "../../status-command.js";

/**
 * `/reply <pasted mention>` makes a case and posts its card here; `/reply help` shows usage;
 * `/reply status [<intent> <text>]` lists or sets live status lines.
 */
export function replyCommand(deps: SlackDeps) {
  return async ({ ack, command }: AllMiddlewareArgs & SlackCommandMiddlewareArgs) => {
    const text = fromSlackText(command.text ?? "");
    if (!text || /^help$/i.test(text)) {
      await ack({ response_type: "ephemeral", text: usageText() });
      return;
    }
    const status = /^status(?:\s+(\S+))?(?:\s+([\s\S]*))?$/i.exec(text);
    const intents = deps.runtime.engines.engine.intentIds();
    if (status && (!status[1] || intents.includes(status[1]))) {
      // The answer to Slack carries the result: stored first, then said, with no second Slack call
      // for Slack's answer to wait on.
      const answer = await setStatusLine(
        deps,
        command.user_id,
        command.user_name,
        status[1],
        status[2] ?? "",
      );
      await ack({ response_type: "ephemeral", text: answer });
      return;
    }
    const actor = await deps.cards.actor(command.user_id, command.user_name);
    // No ack() before this: the case is committed first, then Slack is answered (durable before the ack).
    await intakeAndPost(deps, {
      raw: text,
      source: { kind: "slack-command", channel: command.channel_id, user: command.user_id },
      actor,
      // Slack sends one trigger_id per invocation; a retried request (x-slack-retry-num) repeats it.
      dedupeKey: `command:${command.trigger_id}`,
      where: { channel: command.channel_id },
      audience: { channel: command.channel_id, user: command.user_id },
      responseUrl: command.response_url,
      ack: async (message) => {
        await (message ? ack({ response_type: "ephemeral", text: message }) : ack());
      },
    });
  };
}
