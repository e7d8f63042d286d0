import type { App } from "@slack/bolt";
import { COMMAND } from "../../ids.js";
import type { SlackDeps } from "../../intake.js";
import { replyCommand } from "./reply-command.js";

export function register(app: App, deps: SlackDeps): void {
  app.command(COMMAND, replyCommand(deps));
}
