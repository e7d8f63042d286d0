/** The parts of a Slack message event the listeners look at, whatever its subtype. */
import type { SlackAttachmentLike } from "./message-text.js";

export interface LooseMessage {
  type: string;
  subtype?: string;
  bot_id?: string;
  user?: string;
  text?: string;
  ts: string;
  thread_ts?: string;
  channel: string;
  attachments?: SlackAttachmentLike[];
  hidden?: boolean;
}

/** Subtypes that are still a person writing something new (edits, joins, bots are not). */
const PERSON_SUBTYPES = new Set([undefined, "file_share", "thread_broadcast"]);

export function isPersonWriting(m: LooseMessage): boolean {
  return !m.bot_id && !m.hidden && Boolean(m.user) && PERSON_SUBTYPES.has(m.subtype);
}

export function isThreadReply(m: Pick<LooseMessage, "ts" | "thread_ts">): boolean {
  return m.thread_ts !== undefined && m.thread_ts !== m.ts;
}

/** A Slack timestamp (`1700000000.000100`) as an ISO date. */
export function tsToIso(ts: string): string {
  return new Date(Math.floor(Number.parseFloat(ts) * 1000)).toISOString();
}

/** One case per Slack message, however many events (app_mention + message, retries) name it. */
export function messageDedupeKey(channel: string, ts: string): string {
  return `message:${channel}:${ts}`;
}
