import type { App } from "@slack/bolt";
import { SHORTCUT_DRAFT_REPLY } from "../../ids.js";
import type { SlackDeps } from "../../intake.js";
import { draftReply } from "./draft-reply.js";

export function register(app: App, deps: SlackDeps): void {
  app.shortcut({ callback_id: SHORTCUT_DRAFT_REPLY, type: "message_action" }, draftReply(deps));
}
