/** Registers every listener, one feature folder at a time (the bolt-ts starter template's layout). */
import type { App } from "@slack/bolt";
import type { SlackDeps } from "../intake.js";
import * as actions from "./actions/index.js";
import * as commands from "./commands/index.js";
import * as events from "./events/index.js";
import * as shortcuts from "./shortcuts/index.js";
import * as views from "./views/index.js";

export function registerListeners(app: App, deps: SlackDeps): void {
  actions.register(app, deps);
  commands.register(app, deps);
  events.register(app, deps);
  shortcuts.register(app, deps);
  views.register(app, deps);
}
