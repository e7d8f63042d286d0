/**
 * Posting and updating surge alerts with a Web API client: the ops hooks post the alert and the
 * follow-up; the Slack app updates the alert when a notice is approved. When and whether to post is
 * the surge monitor's business (src/ops/surge.ts), never decided here.
 */
import type { Logger, webApi } from "@slack/bolt";
import type { LiveStatus } from "../core/types.js";
import type { AlertRef, SurgeEvent } from "../ops/surge.js";
import {
  type SurgeAlertContext,
  type SurgeView,
  surgeAlertBlocks,
  surgeAlertText,
  surgeEndedText,
} from "./blocks/surge.js";
import { slackError } from "./case-cards.js";

type WebClient = webApi.WebClient;

export interface SurgePostContext {
  channel: string;
  timezone: string;
  now: Date;
  status?: LiveStatus;
  logger?: Pick<Logger, "warn">;
}

/**
 * Posts a `started` alert to the channel, or the `ended` follow-up in the alert's thread (and marks the
 * alert itself as ended, without buttons). Resolves to where it was posted; throws when Slack refused,
 * so the monitor tries again on its next check.
 */
export async function postSurgeEvent(
  client: WebClient,
  event: SurgeEvent,
  ctx: SurgePostContext,
): Promise<AlertRef> {
  const view: SurgeAlertContext = { timezone: ctx.timezone, now: ctx.now };
  if (ctx.status) view.status = ctx.status;
  if (event.type === "started") {
    const r = await client.chat.postMessage({
      channel: ctx.channel,
      text: surgeAlertText(event),
      blocks: surgeAlertBlocks(event, view),
      unfurl_links: false,
      unfurl_media: false,
    });
    if (!r.ts) throw new Error("no ts in chat.postMessage response");
    return { channel: r.channel ?? ctx.channel, ts: r.ts };
  }
  const alert = event.alert;
  const channel = alert?.channel ?? ctx.channel;
  const r = await client.chat.postMessage({
    channel,
    ...(alert?.ts ? { thread_ts: alert.ts } : {}),
    text: surgeEndedText(event, view),
    unfurl_links: false,
    unfurl_media: false,
  });
  if (!r.ts) throw new Error("no ts in chat.postMessage response");
  if (alert?.ts) {
    // The follow-up is what counts; an alert that cannot be updated keeps its (now idle) buttons,
    // which then say the surge is over.
    await updateSurgeAlert(client, { channel, ts: alert.ts }, event, view).catch((err: unknown) =>
      ctx.logger?.warn(`Could not mark the surge alert ${channel}/${alert.ts} as ended: ${slackError(err)}`),
    );
  }
  return { channel: r.channel ?? channel, ts: r.ts };
}

/** Redraws an alert in place from the surge as it stands (notice approved, ended). */
export async function updateSurgeAlert(
  client: WebClient,
  ref: { channel: string; ts: string },
  surge: SurgeView,
  ctx: SurgeAlertContext,
): Promise<void> {
  await client.chat.update({
    channel: ref.channel,
    ts: ref.ts,
    text: surgeAlertText(surge),
    blocks: surgeAlertBlocks(surge, ctx),
  });
}
