/**
 * Signed requests to a Slack app's receiver, exactly as Slack sends them: the v0 HMAC-SHA256
 * signature over `v0:<timestamp>:<body>`, slash commands and interactivity form-encoded
 * (`payload=<json>` for interactivity), events as JSON. Plus builders for the payloads.
 */
import { createHmac } from "node:crypto";
import type { Json } from "./slack-api.js";

export interface SendOptions {
  /** `x-slack-retry-num` (Slack's retries of a request it thinks failed). */
  retryNum?: number;
  retryReason?: string;
  /** Seconds since the epoch; default now. */
  timestamp?: number;
  /** Sign with this secret instead (a wrong secret = a bad signature). */
  secret?: string;
  /** Send this signature header instead; null leaves the header out. */
  signature?: string | null;
}

export interface SlackResponse {
  status: number;
  text: string;
  /** The body parsed as JSON, when it is JSON. */
  json: Json;
}

/** `v0=<hex>`: Slack's request signature. */
export function slackSignature(secret: string, timestamp: number, body: string): string {
  return `v0=${createHmac("sha256", secret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

export class SlackRequester {
  constructor(
    /** The receiver's URL: `http://127.0.0.1:<port>/slack/events`. */
    readonly url: string,
    readonly secret: string,
  ) {}

  async send(body: string, contentType: string, options: SendOptions = {}): Promise<SlackResponse> {
    const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
    const headers: Record<string, string> = {
      "content-type": contentType,
      "x-slack-request-timestamp": String(timestamp),
    };
    const signature =
      options.signature === undefined
        ? slackSignature(options.secret ?? this.secret, timestamp, body)
        : options.signature;
    if (signature !== null) headers["x-slack-signature"] = signature;
    if (options.retryNum !== undefined) {
      headers["x-slack-retry-num"] = String(options.retryNum);
      headers["x-slack-retry-reason"] = options.retryReason ?? "http_timeout";
    }
    const res = await fetch(this.url, { method: "POST", headers, body });
    const text = await res.text();
    let json: Json;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, text, json };
  }

  /** A slash command (form fields). */
  command(fields: Record<string, string>, options?: SendOptions): Promise<SlackResponse> {
    return this.send(new URLSearchParams(fields).toString(), "application/x-www-form-urlencoded", options);
  }

  /** Interactivity: block actions, shortcuts, view submissions (`payload=<json>`). */
  interaction(payload: object, options?: SendOptions): Promise<SlackResponse> {
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    return this.send(body, "application/x-www-form-urlencoded", options);
  }

  /** An Events API envelope (JSON). */
  event(envelope: object, options?: SendOptions): Promise<SlackResponse> {
    return this.send(JSON.stringify(envelope), "application/json", options);
  }
}

// ---- payload builders -------------------------------------------------------------------------

export const TEAM = { id: "T0TEAM", domain: "example" };
export const APP_ID = "A0SINCERELY";

let counter = 0;
/** A fresh id like Slack's trigger ids and event ids. */
export function uniqueId(prefix: string): string {
  counter += 1;
  return `${prefix}${Date.now().toString(36)}${counter}`;
}

export interface SlackUserRef {
  id: string;
  name: string;
}

export function slashCommand(o: {
  text: string;
  user: SlackUserRef;
  channel: string;
  responseUrl: string;
  triggerId?: string;
  command?: string;
}): Record<string, string> {
  return {
    token: "verification-token-unused",
    team_id: TEAM.id,
    team_domain: TEAM.domain,
    channel_id: o.channel,
    channel_name: o.channel.toLowerCase(),
    user_id: o.user.id,
    user_name: o.user.name,
    command: o.command ?? "/reply",
    text: o.text,
    api_app_id: APP_ID,
    is_enterprise_install: "false",
    response_url: o.responseUrl,
    trigger_id: o.triggerId ?? uniqueId("trig-"),
  };
}

export function eventEnvelope(
  event: Record<string, unknown>,
  o: { eventId?: string } = {},
): Record<string, unknown> {
  return {
    token: "verification-token-unused",
    team_id: TEAM.id,
    api_app_id: APP_ID,
    event: { event_ts: event.ts ?? String(Date.now() / 1000), ...event },
    type: "event_callback",
    event_id: o.eventId ?? uniqueId("Ev"),
    event_time: Math.floor(Date.now() / 1000),
    authorizations: [
      { team_id: TEAM.id, user_id: "U0SINCERELY", is_bot: true, is_enterprise_install: false },
    ],
    is_ext_shared_channel: false,
  };
}

export function messageShortcut(o: {
  user: SlackUserRef;
  channel: string;
  message: Record<string, unknown>;
  responseUrl: string;
  callbackId?: string;
  triggerId?: string;
}): Record<string, unknown> {
  return {
    type: "message_action",
    token: "verification-token-unused",
    action_ts: String(Date.now() / 1000),
    team: TEAM,
    user: { id: o.user.id, username: o.user.name, name: o.user.name, team_id: TEAM.id },
    channel: { id: o.channel, name: o.channel.toLowerCase() },
    is_enterprise_install: false,
    callback_id: o.callbackId ?? "draft_reply",
    trigger_id: o.triggerId ?? uniqueId("trig-"),
    response_url: o.responseUrl,
    message_ts: o.message.ts,
    message: { type: "message", ...o.message },
  };
}

/** An element of a recorded card, found by action_id, with the block it sits in. */
export function findElement(
  blocks: Json[],
  actionId: string,
): { blockId: string; element: Record<string, Json> } | undefined {
  for (const block of blocks ?? []) {
    if (block.type !== "actions") continue;
    const element = (block.elements ?? []).find((e: Json) => e.action_id === actionId);
    if (element) return { blockId: block.block_id, element };
  }
  return undefined;
}

/**
 * A click on a button (or a choice in a select) of a message the app posted, built from the
 * recorded blocks: the test can only click what the card really shows.
 */
export function blockAction(o: {
  user: SlackUserRef;
  channel: string;
  message: { ts: string; blocks: Json[]; thread_ts?: string };
  actionId: string;
  /** For static selects: the option value to choose (must be one of the options). */
  select?: string;
  responseUrl: string;
  triggerId?: string;
}): Record<string, unknown> {
  const found = findElement(o.message.blocks, o.actionId);
  if (!found) throw new Error(`The message has no element with action_id ${o.actionId}`);
  const { blockId, element } = found;
  const action: Record<string, unknown> = {
    action_id: o.actionId,
    block_id: blockId,
    type: element.type,
    action_ts: String(Date.now() / 1000),
  };
  if (element.type === "button") {
    action.text = element.text;
    if (element.value !== undefined) action.value = element.value;
  } else if (element.type === "static_select") {
    const option = (element.options ?? []).find((opt: Json) => opt.value === o.select);
    if (!option) throw new Error(`The select ${o.actionId} has no option ${o.select}`);
    action.selected_option = option;
  }
  return {
    type: "block_actions",
    user: { id: o.user.id, username: o.user.name, name: o.user.name, team_id: TEAM.id },
    api_app_id: APP_ID,
    token: "verification-token-unused",
    container: {
      type: "message",
      message_ts: o.message.ts,
      channel_id: o.channel,
      is_ephemeral: false,
      ...(o.message.thread_ts ? { thread_ts: o.message.thread_ts } : {}),
    },
    trigger_id: o.triggerId ?? uniqueId("trig-"),
    team: TEAM,
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: o.channel, name: o.channel.toLowerCase() },
    message: { type: "message", ...o.message },
    state: { values: {} },
    response_url: o.responseUrl,
    actions: [action],
  };
}

/** Submitting a modal the app opened (the recorded view), with input values by block and action id. */
export function viewSubmission(o: {
  user: SlackUserRef;
  view: Record<string, Json>;
  values: Record<string, Record<string, string>>;
  triggerId?: string;
}): Record<string, unknown> {
  const values: Record<string, Record<string, unknown>> = {};
  for (const [blockId, inputs] of Object.entries(o.values)) {
    values[blockId] = {};
    for (const [actionId, value] of Object.entries(inputs)) {
      (values[blockId] as Record<string, unknown>)[actionId] = { type: "plain_text_input", value };
    }
  }
  return {
    type: "view_submission",
    team: TEAM,
    user: { id: o.user.id, username: o.user.name, name: o.user.name, team_id: TEAM.id },
    api_app_id: APP_ID,
    token: "verification-token-unused",
    trigger_id: o.triggerId ?? uniqueId("trig-"),
    view: {
      id: o.view.id ?? "V1",
      team_id: TEAM.id,
      type: "modal",
      callback_id: o.view.callback_id,
      private_metadata: o.view.private_metadata ?? "",
      blocks: o.view.blocks ?? [],
      title: o.view.title,
      state: { values },
      hash: "hash",
      app_id: APP_ID,
      bot_id: "B0SINCERELY",
    },
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}
