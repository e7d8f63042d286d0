import type { App } from "@slack/bolt";
import type { SlackDeps } from "../../intake.js";
import { appHomeOpened } from "./app-home-opened.js";
import { appMention } from "./app-mention.js";
import { escalationReply } from "./escalation-reply.js";
import { intakeChannelMessage } from "./intake-channel-message.js";

export function register(app: App, deps: SlackDeps): void {
  app.event("app_mention", appMention(deps));
  app.event("message", intakeChannelMessage(deps));
  app.event("message", escalationReply(deps));
  app.event("app_home_opened", appHomeOpened(deps));
}
