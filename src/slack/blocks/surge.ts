/**
 * Surge alerts in OPS_CHANNEL_ID and their modals: the alert (count against the usual rate, sample
 * mentions, the draft official notice, buttons), its follow-up when the surge ends, the notice editor
 * and the status line editor. Pure. Sample mentions are customer text and are escaped like any other.
 */
import type { types } from "@slack/bolt";
import type { LiveStatus } from "../../core/types.js";
import type { ApprovedNotice, SurgeEvent } from "../../ops/surge.js";
import { blockQuote, escapeAndTruncate, escapeMrkdwn } from "../escape.js";
import { ACTION, NOTICE_TEXT, NOTICE_URL, STATUS_TEXT, SURGE_BLOCK_PREFIX, VIEW } from "../ids.js";
import { type Block, context, mrkdwnSection, plain, when } from "./format.js";

/** What an alert shows: a SurgeEvent, or a stored SurgeRecord with the intent's title added. */
export type SurgeView = Pick<
  SurgeEvent,
  | "intent"
  | "title"
  | "count"
  | "baseline"
  | "threshold"
  | "rule"
  | "peakCount"
  | "startedAt"
  | "endedAt"
  | "total"
  | "samples"
  | "noticeDraft"
  | "notice"
>;

export interface SurgeAlertContext {
  timezone: string;
  now: Date;
  /** The intent's live status line, when one is set. */
  status?: LiveStatus;
}

/** Slack's limit for a plain_text_input value. */
const INPUT_LIMIT = 3000;
const SAMPLE_LIMIT = 300;
const NOTICE_LIMIT = 2700;

export function surgeBlockId(intent: string): string {
  return `${SURGE_BLOCK_PREFIX}${intent}`;
}

function titleOf(s: Pick<SurgeView, "title" | "intent">): string {
  const { en, ko } = s.title;
  if (!en && !ko) return escapeMrkdwn(s.intent);
  return en === ko || !ko ? escapeMrkdwn(en) : `${escapeMrkdwn(en)} (${escapeMrkdwn(ko)})`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/** The fallback text of an alert (notifications, screen readers). */
export function surgeAlertText(s: SurgeView): string {
  const title = s.title.en || s.intent;
  return s.endedAt
    ? `Surge ended: ${escapeMrkdwn(title)}`
    : `Surge: ${escapeMrkdwn(title)}, ${plural(s.count, "case")} in ${s.rule.windowMinutes} min (usually ${s.baseline})`;
}

export function surgeAlertBlocks(s: SurgeView, ctx: SurgeAlertContext): Block[] {
  const window = s.rule.windowMinutes;
  const blocks: Block[] = [
    {
      type: "header",
      text: plain(
        `${s.endedAt ? ":white_check_mark: Surge ended" : ":rotating_light: Surge"}: ${s.title.en || s.intent}`,
        150,
      ),
    },
    mrkdwnSection(
      [
        `*${titleOf(s)}* · \`${escapeMrkdwn(s.intent)}\``,
        `*${plural(s.count, "case")} in the last ${window} min*, usually ${s.baseline} per ${window} min (alert at ${s.threshold}).`,
        `Started ${when(s.startedAt, ctx.timezone, ctx.now)}; peak ${s.peakCount} per window.`,
      ].join("\n"),
      "surge-summary",
    ),
  ];
  if (s.samples.length) {
    const quotes = s.samples
      .slice(0, 3)
      .map((text) =>
        blockQuote(escapeAndTruncate(text.replace(/\s+/g, " ").trim(), SAMPLE_LIMIT, () => "").text),
      )
      .join("\n");
    blocks.push(mrkdwnSection(`*Sample mentions*\n${quotes}`, "surge-samples"));
  }
  if (s.notice) {
    blocks.push(mrkdwnSection(noticeLine(s.notice, ctx), "surge-notice"));
  } else {
    blocks.push(
      mrkdwnSection(
        `*Draft official notice (한국어)*\n${blockQuote(escapeAndTruncate(s.noticeDraft.ko.trim(), NOTICE_LIMIT).text)}`,
        "surge-draft-ko",
      ),
      mrkdwnSection(
        `*Draft official notice (English)*\n${blockQuote(escapeAndTruncate(s.noticeDraft.en.trim(), NOTICE_LIMIT).text)}`,
        "surge-draft-en",
      ),
    );
  }
  if (ctx.status) {
    blocks.push(
      context(
        `Live status (set ${when(ctx.status.setAt, ctx.timezone, ctx.now)} by ${escapeMrkdwn(ctx.status.setBy)}): ${escapeAndTruncate(ctx.status.text, 1500).text}`,
      ),
    );
  }
  if (s.endedAt) {
    blocks.push(mrkdwnSection(endedLine(s, ctx), "surge-ended"));
    return blocks;
  }
  blocks.push({
    type: "actions",
    block_id: surgeBlockId(s.intent),
    elements: [
      {
        type: "button",
        action_id: ACTION.surgeNotice,
        text: plain(s.notice ? "Edit notice" : "Edit & approve notice"),
        value: s.intent,
        style: "primary",
      },
      {
        type: "button",
        action_id: ACTION.surgeStatus,
        text: plain("Set status line"),
        value: s.intent,
      },
    ],
  });
  blocks.push(
    context(
      "Approve the notice with the address where it is published: until the surge ends, every new draft for this intent links to it.",
    ),
  );
  return blocks;
}

function noticeLine(n: ApprovedNotice, ctx: Pick<SurgeAlertContext, "timezone" | "now">): string {
  return `*Official notice approved* by ${escapeMrkdwn(n.approvedBy)} at ${when(n.approvedAt, ctx.timezone, ctx.now)}: ${escapeMrkdwn(n.url)}\nNew drafts for this intent link to it until the surge ends.`;
}

function endedLine(s: SurgeView, ctx: Pick<SurgeAlertContext, "timezone" | "now">): string {
  const total = s.total !== undefined ? `${plural(s.total, "case")} in all, ` : "";
  return `*Ended* ${when(s.endedAt as string, ctx.timezone, ctx.now)}: ${total}peak ${s.peakCount} per ${s.rule.windowMinutes} min.${s.notice ? " New drafts no longer link to the notice." : ""}`;
}

/** The threaded follow-up under the alert when the surge ends. */
export function surgeEndedText(s: SurgeView, ctx: Pick<SurgeAlertContext, "timezone" | "now">): string {
  return `:white_check_mark: The surge of *${titleOf(s)}* is over. ${endedLine(s, ctx)}`;
}

/** Said in the alert's thread when a notice is approved. */
export function noticeApprovedText(s: SurgeView, ctx: Pick<SurgeAlertContext, "timezone" | "now">): string {
  const n = s.notice as ApprovedNotice;
  return `:white_check_mark: ${noticeLine(n, ctx)} (*${titleOf(s)}*)\n${blockQuote(escapeAndTruncate(n.text, NOTICE_LIMIT).text)}`;
}

/** Said in the alert's thread when someone sets or clears the status line from it. */
export function statusSetText(intent: string, status: LiveStatus | undefined, who: string): string {
  return status
    ? `Live status for \`${escapeMrkdwn(intent)}\` set by ${who}: ${escapeAndTruncate(status.text, 2000).text}`
    : `Live status for \`${escapeMrkdwn(intent)}\` cleared by ${who}.`;
}

/** What the notice and status modals carry to their submission. */
export interface SurgeModalMetadata {
  intent: string;
}

export function parseSurgeMetadata(raw: string | undefined): SurgeModalMetadata | undefined {
  try {
    const data = JSON.parse(raw ?? "") as Partial<SurgeModalMetadata>;
    return typeof data.intent === "string" && data.intent ? { intent: data.intent } : undefined;
  } catch {
    return undefined;
  }
}

/** The notice editor: the draft (or the approved text) prefilled, and where it is published. */
export function noticeModal(o: {
  intent: string;
  title: { ko: string; en: string };
  text: string;
  url?: string;
}): types.ModalView {
  const text: types.PlainTextInput = {
    type: "plain_text_input",
    action_id: NOTICE_TEXT.input,
    multiline: true,
    max_length: INPUT_LIMIT,
    focus_on_load: true,
  };
  if (o.text) text.initial_value = o.text.slice(0, INPUT_LIMIT);
  const url: types.URLInput = { type: "url_text_input", action_id: NOTICE_URL.input };
  if (o.url) url.initial_value = o.url;
  const metadata: SurgeModalMetadata = { intent: o.intent };
  return {
    type: "modal",
    callback_id: VIEW.surgeNotice,
    private_metadata: JSON.stringify(metadata),
    title: plain("Official notice", 24),
    submit: plain("Approve notice", 24),
    close: plain("Cancel", 24),
    blocks: [
      mrkdwnSection(
        `One official notice for *${titleOf({ intent: o.intent, title: o.title })}* instead of a hundred apologies. Publish it (blog, notice board), then give its address here: until the surge ends, every new draft for this intent links to it.`,
        "notice-help",
      ),
      { type: "input", block_id: NOTICE_TEXT.block, label: plain("Notice"), element: text },
      {
        type: "input",
        block_id: NOTICE_URL.block,
        label: plain("Where it is published"),
        element: url,
        hint: plain("The notice's http(s) address, e.g. the blog post.", 150),
      },
    ],
  };
}

/** The status line editor: the current line prefilled; empty clears it. */
export function statusModal(o: {
  intent: string;
  title: { ko: string; en: string };
  current?: LiveStatus;
}): types.ModalView {
  const input: types.PlainTextInput = {
    type: "plain_text_input",
    action_id: STATUS_TEXT.input,
    max_length: 500,
    focus_on_load: true,
  };
  if (o.current) input.initial_value = o.current.text;
  const metadata: SurgeModalMetadata = { intent: o.intent };
  return {
    type: "modal",
    callback_id: VIEW.statusLine,
    private_metadata: JSON.stringify(metadata),
    title: plain("Live status line", 24),
    submit: plain("Save", 24),
    close: plain("Cancel", 24),
    blocks: [
      mrkdwnSection(
        `Drafts and the notice for *${titleOf({ intent: o.intent, title: o.title })}* quote this line with the time it was set ("1차 물량 배송 중"). Leave it empty to clear it.`,
        "status-help",
      ),
      {
        type: "input",
        block_id: STATUS_TEXT.block,
        label: plain("Current stage"),
        element: input,
        optional: true,
      },
    ],
  };
}
