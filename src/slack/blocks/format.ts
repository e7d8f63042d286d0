/** Small pieces of card text shared by the block builders. Pure. */
import type { types } from "@slack/bolt";
import type { Actor } from "../../cases/types.js";
import { wallClock } from "../../core/time.js";
import { escapeMrkdwn } from "../escape.js";

export type Block = types.KnownBlock;

const SLACK_USER_ID = /^[UW][A-Z0-9]{2,}$/;

/** `<@U123>` for a Slack user (Slack renders the name), the escaped name for anyone else. */
export function who(actor: Actor): string {
  if (actor.via === "slack" && SLACK_USER_ID.test(actor.id)) return `<@${actor.id}>`;
  return escapeMrkdwn(actor.name ?? actor.id);
}

/** `<@U123>` for a Slack user id, the escaped text otherwise. */
export function slackUser(id: string): string {
  return SLACK_USER_ID.test(id) ? `<@${id}>` : escapeMrkdwn(id);
}

/** `14:03` today in the team's zone, `2026-11-21 14:03` on other days. */
export function when(at: string | Date, timezone: string, now: Date): string {
  const d = wallClock(at, timezone);
  return d.day === wallClock(now, timezone).day ? d.time : `${d.day} ${d.time}`;
}

export function mrkdwnSection(text: string, blockId?: string): types.SectionBlock {
  const block: types.SectionBlock = { type: "section", text: { type: "mrkdwn", text } };
  if (blockId) block.block_id = blockId;
  return block;
}

export function context(...texts: string[]): types.ContextBlock {
  return { type: "context", elements: texts.filter(Boolean).map((text) => ({ type: "mrkdwn", text })) };
}

/** Plain text for labels Slack limits (option text 75, button text 75, titles 24). */
export function plain(text: string, max = 75): types.PlainTextElement {
  return { type: "plain_text", text: text.length > max ? `${text.slice(0, max - 1)}…` : text, emoji: true };
}

export function percent(confidence: number): string {
  return `${Math.round(confidence * 100)}%`;
}
