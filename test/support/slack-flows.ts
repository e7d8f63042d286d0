/**
 * What staff do in Slack, as test steps over a harness: paste with /reply, click a card's buttons,
 * submit the edit modal. Each returns what Slack got back and waits for the app's work after the ack.
 */
import type { Case } from "../../src/cases/types.js";
import type { Json, SlackApiCall } from "./slack-api.js";
import type { SlackHarness } from "./slack-harness.js";
import {
  blockAction,
  eventEnvelope,
  type SendOptions,
  type SlackResponse,
  type SlackUserRef,
  slashCommand,
  uniqueId,
  viewSubmission,
} from "./slack-requests.js";

export const JANE: SlackUserRef = { id: "U0JANE", name: "jane" };
export const MINHO: SlackUserRef = { id: "U0MINHO", name: "minho" };
export const GUEST: SlackUserRef = { id: "U0GUEST", name: "guest" };
export const CARE_CHANNEL = "C0CARE";

/** Where a card lives, as the tests know it: from the recorded chat.postMessage. */
export interface PostedCard {
  channel: string;
  ts: string;
  thread_ts?: string;
  blocks: Json[];
}

/** Every string in a Block Kit payload, joined: for "the card says …" assertions. */
export function textOf(value: unknown): string {
  if (typeof value === "string") return value;
  if (Array.isArray(value)) return value.map(textOf).join("\n");
  if (value && typeof value === "object") {
    return Object.entries(value)
      .filter(
        ([k]) => k === "text" || k === "elements" || k === "fields" || k === "blocks" || k === "accessory",
      )
      .map(([, v]) => textOf(v))
      .join("\n");
  }
  return "";
}

/** Every `url` in a payload (link buttons). */
export function urlsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.flatMap(urlsOf);
  if (value && typeof value === "object") {
    const own = typeof (value as { url?: unknown }).url === "string" ? [(value as { url: string }).url] : [];
    return [...own, ...Object.values(value).flatMap(urlsOf)];
  }
  return [];
}

export function actionIds(blocks: Json[]): string[] {
  return blocks.filter((b) => b.type === "actions").flatMap((b) => b.elements.map((e: Json) => e.action_id));
}

/** `/reply <text>` in the care channel; resolves with the posted card and the stored case. */
export async function reply(
  h: SlackHarness,
  text: string,
  o: { user?: SlackUserRef; channel?: string; triggerId?: string; send?: SendOptions } = {},
): Promise<{ response: SlackResponse; card: PostedCard; case: Case }> {
  const triggerId = o.triggerId ?? uniqueId("trig-");
  const before = h.api.calls.length;
  const response = await h.requests.command(
    slashCommand({
      text,
      user: o.user ?? JANE,
      channel: o.channel ?? CARE_CHANNEL,
      responseUrl: h.api.responseUrl(triggerId),
      triggerId,
    }),
    o.send,
  );
  await h.idle();
  const channel = o.channel ?? CARE_CHANNEL;
  const call = h.api.calls
    .slice(before)
    .find((c) => c.method === "chat.postMessage" && c.body.channel === channel);
  if (!call) {
    const seen = h.api.calls.slice(before).map((c) => `${c.method} ${JSON.stringify(c.body).slice(0, 200)}`);
    throw new Error(`/reply posted no card in ${channel}. Calls: ${seen.join("; ") || "none"}`);
  }
  const card = postedCard(call);
  const c = await caseOfCard(h, card);
  if (!c) throw new Error(`No stored case has the card ${card.ts}`);
  return { response, card, case: c };
}

/** The case whose recorded card (slack_cards) is this message. */
export async function caseOfCard(
  h: SlackHarness,
  card: Pick<PostedCard, "channel" | "ts">,
): Promise<Case | undefined> {
  const row = await h.runtime.store.db
    .selectFrom("slack_cards")
    .select("case_id")
    .where("card_channel", "=", card.channel)
    .where("card_ts", "=", card.ts)
    .executeTakeFirst();
  return row ? h.runtime.cases.get(row.case_id) : undefined;
}

/** The recorded chat.postMessage as a card, with the ts Slack answered with. */
export function postedCard(call: SlackApiCall): PostedCard {
  if (call.method !== "chat.postMessage" || typeof call.response.ts !== "string") {
    throw new Error(`Not a successful chat.postMessage call: ${call.method}`);
  }
  const card: PostedCard = {
    channel: String(call.body.channel),
    ts: call.response.ts,
    blocks: call.body.blocks,
  };
  if (call.body.thread_ts) card.thread_ts = String(call.body.thread_ts);
  return card;
}

/** The card as Slack shows it now (after every chat.update). */
export function cardNow(h: SlackHarness, card: Pick<PostedCard, "channel" | "ts">): PostedCard {
  const m = h.api.message(card.channel, card.ts);
  if (!m) throw new Error(`No message ${card.channel}/${card.ts}`);
  return {
    channel: card.channel,
    ts: card.ts,
    blocks: m.blocks,
    ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}),
  };
}

/** Clicks a button (or picks `select` in a select) on a message as `user`. */
export async function click(
  h: SlackHarness,
  card: PostedCard,
  actionId: string,
  user: SlackUserRef,
  o: { select?: string; triggerId?: string; send?: SendOptions; wait?: boolean } = {},
): Promise<SlackResponse> {
  const triggerId = o.triggerId ?? uniqueId("trig-");
  const payload = blockAction({
    user,
    channel: card.channel,
    message: { ts: card.ts, blocks: card.blocks, ...(card.thread_ts ? { thread_ts: card.thread_ts } : {}) },
    actionId,
    ...(o.select !== undefined ? { select: o.select } : {}),
    responseUrl: h.api.responseUrl(triggerId),
    triggerId,
  });
  const response = await h.requests.interaction(payload, o.send);
  if (o.wait !== false) await h.idle();
  return response;
}

/** Submits the modal recorded in `viewsOpen` with `text` as the reply. */
export async function submitEdit(
  h: SlackHarness,
  viewsOpen: SlackApiCall,
  text: string,
  user: SlackUserRef = JANE,
): Promise<SlackResponse> {
  const view = viewsOpen.body.view;
  const response = await h.requests.interaction(
    viewSubmission({ user, view, values: { draft: { draft_text: text } } }),
  );
  await h.idle();
  return response;
}

/**
 * Submits any modal recorded in `viewsOpen`, with input values by block id and action id. Only
 * inputs the modal really has can be filled in (a typo in an id fails the test, not the app).
 */
export async function submitView(
  h: SlackHarness,
  viewsOpen: SlackApiCall,
  values: Record<string, Record<string, string>>,
  user: SlackUserRef = JANE,
): Promise<SlackResponse> {
  const view = viewsOpen.body.view;
  for (const [blockId, inputs] of Object.entries(values)) {
    const block = (view.blocks ?? []).find((b: Json) => b.type === "input" && b.block_id === blockId);
    if (!block) throw new Error(`The modal has no input block ${blockId}`);
    for (const actionId of Object.keys(inputs)) {
      if (block.element?.action_id !== actionId) {
        throw new Error(`The input block ${blockId} has no element ${actionId}`);
      }
    }
  }
  const response = await h.requests.interaction(viewSubmission({ user, view, values }));
  await h.idle();
  return response;
}

/** Opens App Home as `user`; resolves with the published view. */
export async function openHome(h: SlackHarness, user: SlackUserRef = JANE): Promise<Json> {
  const before = h.api.callsTo("views.publish").length;
  await h.requests.event(
    eventEnvelope({ type: "app_home_opened", user: user.id, channel: "D0HOME", tab: "home" }),
  );
  await h.idle();
  const publish = await h.api.waitFor(
    "views.publish",
    (c) => c.body.user_id === user.id && h.api.callsTo("views.publish").indexOf(c) >= before,
  );
  return publish.body.view;
}
