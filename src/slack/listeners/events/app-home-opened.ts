import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import { homeView } from "../../blocks/home.js";
import { slackError } from "../../case-cards.js";
import type { SlackDeps } from "../../intake.js";

/** App Home: usage and the cases waiting for a decision. */
export function appHomeOpened(deps: SlackDeps) {
  return async ({
    event,
    client,
    logger,
  }: AllMiddlewareArgs & SlackEventMiddlewareArgs<"app_home_opened">) => {
    if (event.tab !== "home") return;
    const { runtime } = deps;
    const pending = await runtime.cases.list({ state: "pending" });
    const view = homeView(pending, {
      timezone: runtime.config.TIMEZONE,
      now: runtime.clock(),
      intents: runtime.engines.engine.pack.intents.map((i) => ({ id: i.id, title: i.title })),
      approvers: runtime.config.APPROVER_USER_IDS,
    });
    try {
      await client.views.publish({ user_id: event.user, view });
    } catch (err) {
      logger.error(`views.publish for ${event.user} failed: ${slackError(err)}`);
    }
  };
}
