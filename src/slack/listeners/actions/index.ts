import type { App } from "@slack/bolt";
import { ACTION } from "../../ids.js";
import type { SlackDeps } from "../../intake.js";
import { approveCase } from "./approve-case.js";
import { claimCase } from "./claim-case.js";
import { dismissCase } from "./dismiss-case.js";
import { editCase } from "./edit-case.js";
import { escalateCase } from "./escalate-case.js";
import { openLink } from "./open-link.js";
import { openStatusLine } from "./open-status-line.js";
import { openSurgeNotice } from "./open-surge-notice.js";
import { pickAlternative } from "./pick-alternative.js";
import { reclassifyCase } from "./reclassify-case.js";
import { redraftCase } from "./redraft-case.js";
import { reopenCase } from "./reopen-case.js";

export function register(app: App, deps: SlackDeps): void {
  app.action(ACTION.approve, approveCase(deps));
  app.action(ACTION.edit, editCase(deps));
  app.action(ACTION.reclassify, reclassifyCase(deps));
  app.action(new RegExp(`^${ACTION.pickAlternativePrefix}\\d$`), pickAlternative(deps));
  app.action(ACTION.escalate, escalateCase(deps));
  app.action(ACTION.dismiss, dismissCase(deps));
  app.action(ACTION.claim, claimCase(deps));
  app.action(ACTION.reopen, reopenCase(deps));
  app.action(ACTION.redraft, redraftCase(deps));
  app.action(ACTION.openX, openLink());
  app.action(ACTION.openCard, openLink());
  app.action(ACTION.surgeNotice, openSurgeNotice(deps));
  app.action(ACTION.surgeStatus, openStatusLine(deps));
}
