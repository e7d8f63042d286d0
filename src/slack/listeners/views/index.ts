import type { App } from "@slack/bolt";
import { VIEW } from "../../ids.js";
import type { SlackDeps } from "../../intake.js";
import { editDraftSubmit } from "./edit-draft-submit.js";

export function register(app: App, deps: SlackDeps): void {
  app.view({ callback_id: VIEW.editDraft, type: "view_submission" }, editDraftSubmit(deps));
}
