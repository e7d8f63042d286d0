import type { App } from "@slack/bolt";
import { VIEW } from "../../ids.js";
import type { SlackDeps } from "../../intake.js";
import { editDraftSubmit } from "./edit-draft-submit.js";
import { statusLineSubmit } from "./status-line-submit.js";
import { surgeNoticeSubmit } from "./surge-notice-submit.js";

export function register(app: App, deps: SlackDeps): void {
  app.view({ callback_id: VIEW.editDraft, type: "view_submission" }, editDraftSubmit(deps));
  app.view({ callback_id: VIEW.surgeNotice, type: "view_submission" }, surgeNoticeSubmit(deps));
  app.view({ callback_id: VIEW.statusLine, type: "view_submission" }, statusLineSubmit(deps));
}
