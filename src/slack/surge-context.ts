/**
 * What the surge alert's buttons and modals share: who clicked on which surge, the surge as an alert
 * shows it, and telling the channel when a notice or status line was set from it.
 */
import type { BlockAction, ButtonAction, Logger } from "@slack/bolt";
import type { Actor } from "../cases/types.js";
import type { LiveStatus } from "../core/types.js";
import type { SurgeRecord } from "../ops/surge.js";
import { who } from "./blocks/format.js";
import { noticeApprovedText, type SurgeView, statusSetText } from "./blocks/surge.js";
import { type Audience, slackError } from "./case-cards.js";
import { SURGE_BLOCK_PREFIX } from "./ids.js";
import type { SlackDeps } from "./intake.js";
import { updateSurgeAlert } from "./surge-alerts.js";

export const surgeSlackMessages = {
  opsOff: "Operations are not running in this app, so surges cannot be handled here. Use the console.",
  noIntent: "This button does not name an intent: it may come from an older version of the app.",
  cannotOpen: (error: string) => `Could not open the form (${error}). Try again.`,
  lostIntent: "This form lost track of its intent: close it and click the button on the alert again.",
} as const;

export interface SurgeAction {
  intent: string | undefined;
  actor: Actor;
  audience: Audience;
}

export async function surgeAction(
  deps: SlackDeps,
  body: BlockAction,
  action: ButtonAction,
): Promise<SurgeAction> {
  const fromBlock = action.block_id?.startsWith(SURGE_BLOCK_PREFIX)
    ? action.block_id.slice(SURGE_BLOCK_PREFIX.length)
    : undefined;
  const intent = action.value || fromBlock || undefined;
  const actor = await deps.cards.actor(body.user.id, body.user.username || body.user.name);
  const container = body.container as { channel_id?: string; thread_ts?: string };
  const channel = body.channel?.id ?? container.channel_id ?? "";
  const audience: Audience = { channel, user: body.user.id };
  return { intent, actor, audience };
}

/** The title of an intent in the current pack ({ko,en}: the id when the pack no longer has it). */
export function intentTitleOf(deps: SlackDeps, intent: string): { ko: string; en: string } {
  const found = deps.runtime.engines.engine.pack.intents.find((i) => i.id === intent);
  return found ? { ...found.title } : { ko: intent, en: intent };
}

export function surgeViewOf(deps: SlackDeps, rec: SurgeRecord): SurgeView {
  return { ...rec, title: intentTitleOf(deps, rec.intent) };
}

/** Redraws the alert of a surge in progress and says in its thread what changed. Best effort. */
export async function announceOnAlert(
  deps: SlackDeps,
  logger: Logger,
  rec: SurgeRecord,
  text: string,
): Promise<void> {
  const ref = rec.alert?.ref;
  if (!ref?.channel || !ref.ts) return;
  const client = deps.cards.client;
  const { runtime } = deps;
  const status = await runtime.statuses.get(rec.intent);
  const ctx = {
    timezone: runtime.config.TIMEZONE,
    now: runtime.clock(),
    ...(status ? { status } : {}),
  };
  try {
    await client.chat.postMessage({
      channel: ref.channel,
      thread_ts: ref.ts,
      text,
      unfurl_links: false,
      unfurl_media: false,
    });
  } catch (err) {
    logger.error(
      `Could not post in the thread of the surge alert ${ref.channel}/${ref.ts}: ${slackError(err)}`,
    );
  }
  try {
    await updateSurgeAlert(client, { channel: ref.channel, ts: ref.ts }, surgeViewOf(deps, rec), ctx);
  } catch (err) {
    logger.error(`Could not update the surge alert ${ref.channel}/${ref.ts}: ${slackError(err)}`);
  }
}

export function noticeAnnouncement(deps: SlackDeps, rec: SurgeRecord): string {
  const { runtime } = deps;
  return noticeApprovedText(surgeViewOf(deps, rec), {
    timezone: runtime.config.TIMEZONE,
    now: runtime.clock(),
  });
}

export function statusAnnouncement(intent: string, status: LiveStatus | undefined, actor: Actor): string {
  return statusSetText(intent, status, who(actor));
}
