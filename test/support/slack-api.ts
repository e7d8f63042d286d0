/**
 * A local stand-in for the Slack Web API (and for response_url endpoints): a real HTTP server that
 * answers like Slack and records every call, so tests assert on the Block Kit the app really sent.
 * Point the app at it with SLACK_API_URL=<api.url>.
 */
import { EventEmitter } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";

/** Recorded Slack payloads are arbitrary JSON that tests index freely. */
// biome-ignore lint/suspicious/noExplicitAny: JSON from the wire, checked by the assertions that read it
export type Json = any;

export interface SlackApiCall {
  /** `chat.postMessage`, …, or `response_url` for posts to a response URL. */
  method: string;
  /** The parsed body: form fields, with JSON fields (blocks, view, …) parsed. */
  body: Record<string, Json>;
  /** The bearer token, when one was sent. */
  token?: string;
  /** For `response_url` calls: which response URL (its last path segment). */
  responseId?: string;
  /** What the stand-in answered (e.g. the `ts` of a posted message). */
  response: Record<string, Json>;
}

export interface SlackUser {
  id: string;
  name: string;
  real_name?: string;
  display_name?: string;
}

/** Return a body to answer with (`{ ok: false, error }` for a Slack error); undefined for the default. */
export type Override = (body: Record<string, Json>) => Record<string, unknown> | undefined;

export interface SlackApiStandIn {
  /** Base URL for SLACK_API_URL (ends with `/`). */
  readonly url: string;
  readonly calls: readonly SlackApiCall[];
  readonly botUserId: string;
  readonly botId: string;
  /** A response_url that records posts as `response_url` calls with this id. */
  responseUrl(id: string): string;
  callsTo(method: string): SlackApiCall[];
  /** The first recorded call (past or future) matching; rejects after `timeoutMs` with what was seen. */
  waitFor(
    method: string,
    predicate?: (call: SlackApiCall) => boolean,
    timeoutMs?: number,
  ): Promise<SlackApiCall>;
  /** The message as Slack would show it now: the post, with every later chat.update applied. */
  message(channel: string, ts: string): Record<string, Json> | undefined;
  /** Answer `method` differently (e.g. `{ ok: false, error: "not_in_channel" }`) until removed. */
  override(method: string, fn: Override): () => void;
  addUser(user: SlackUser): void;
  clear(): void;
  close(): Promise<void>;
}

const JSON_FIELDS = new Set(["blocks", "attachments", "view", "metadata", "unfurls", "user_auth_blocks"]);

export async function startSlackApi(options: { team?: string } = {}): Promise<SlackApiStandIn> {
  const team = options.team ?? "T0TEAM";
  const botUserId = "U0SINCERELY";
  const botId = "B0SINCERELY";
  const calls: SlackApiCall[] = [];
  const events = new EventEmitter();
  const messages = new Map<string, Record<string, Json>>();
  const overrides = new Map<string, Override>();
  const users = new Map<string, SlackUser>();
  let tsCounter = 0;
  let viewCounter = 0;
  let base = "";

  const nextTs = () => {
    tsCounter += 1;
    return `${1_763_780_000 + tsCounter}.${String(tsCounter).padStart(6, "0")}`;
  };

  const answer = (method: string, body: Record<string, Json>): Record<string, unknown> => {
    const override = overrides.get(method)?.(body);
    if (override) return override;
    switch (method) {
      case "auth.test":
        return {
          ok: true,
          url: "https://example.slack.com/",
          team: "Example",
          user: "sincerely",
          team_id: team,
          user_id: botUserId,
          bot_id: botId,
        };
      case "chat.postMessage": {
        const ts = nextTs();
        const channel = String(body.channel);
        messages.set(`${channel}/${ts}`, { ...body, ts });
        return { ok: true, channel, ts, message: { ...body, ts, bot_id: botId, type: "message" } };
      }
      case "chat.update": {
        const key = `${body.channel}/${body.ts}`;
        const before = messages.get(key);
        if (!before) return { ok: false, error: "message_not_found" };
        messages.set(key, { ...before, ...body });
        return { ok: true, channel: body.channel, ts: body.ts, text: body.text };
      }
      case "chat.postEphemeral":
        return { ok: true, message_ts: nextTs() };
      case "chat.getPermalink":
        return {
          ok: true,
          channel: body.channel,
          permalink: `https://example.slack.com/archives/${body.channel}/p${String(body.message_ts).replace(".", "")}`,
        };
      case "views.open":
      case "views.update":
      case "views.push":
      case "views.publish": {
        viewCounter += 1;
        const view = typeof body.view === "object" ? body.view : {};
        return { ok: true, view: { id: body.view_id ?? `V${viewCounter}`, ...view } };
      }
      case "users.info": {
        const id = String(body.user);
        const u = users.get(id);
        if (!u) return { ok: false, error: "user_not_found" };
        return {
          ok: true,
          user: {
            id: u.id,
            name: u.name,
            real_name: u.real_name ?? u.name,
            profile: { display_name: u.display_name ?? "" },
          },
        };
      }
      case "conversations.info":
        return {
          ok: true,
          channel: { id: body.channel, name: String(body.channel).toLowerCase(), is_member: true },
        };
      case "conversations.join":
        return { ok: true, channel: { id: body.channel } };
      default:
        return { ok: true };
    }
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const url = new URL(req.url ?? "/", "http://localhost");
      const body = parseBody(raw, String(req.headers["content-type"] ?? ""));
      const auth = String(req.headers.authorization ?? "");
      const token = auth.startsWith("Bearer ")
        ? auth.slice(7)
        : typeof body.token === "string"
          ? body.token
          : undefined;
      let call: SlackApiCall;
      let reply: Record<string, unknown>;
      if (url.pathname.startsWith("/response/")) {
        reply = { ok: true };
        const responseId = decodeURIComponent(url.pathname.slice("/response/".length));
        call = { method: "response_url", body, responseId, response: reply };
      } else if (url.pathname.startsWith("/api/")) {
        const method = url.pathname.slice("/api/".length);
        reply = answer(method, body);
        call = { method, body, response: reply, ...(token ? { token } : {}) };
      } else {
        res.writeHead(404).end();
        return;
      }
      calls.push(call);
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(reply));
      events.emit("call", call);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  base = `http://127.0.0.1:${port}`;

  return {
    url: `${base}/api/`,
    calls,
    botUserId,
    botId,
    responseUrl: (id) => `${base}/response/${encodeURIComponent(id)}`,
    callsTo: (method) => calls.filter((c) => c.method === method),
    waitFor(method, predicate = () => true, timeoutMs = 5000) {
      const match = (c: SlackApiCall) => c.method === method && predicate(c);
      const found = calls.find(match);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const onCall = (c: SlackApiCall) => {
          if (!match(c)) return;
          clearTimeout(timer);
          events.off("call", onCall);
          resolve(c);
        };
        const timer = setTimeout(() => {
          events.off("call", onCall);
          const seen = calls.map((c) => c.method).join(", ") || "nothing";
          reject(new Error(`No matching ${method} call within ${timeoutMs} ms; recorded: ${seen}`));
        }, timeoutMs);
        events.on("call", onCall);
      });
    },
    message: (channel, ts) => messages.get(`${channel}/${ts}`),
    override(method, fn) {
      overrides.set(method, fn);
      return () => {
        if (overrides.get(method) === fn) overrides.delete(method);
      };
    },
    addUser: (user) => users.set(user.id, user),
    clear() {
      calls.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

function parseBody(raw: string, contentType: string): Record<string, Json> {
  if (!raw) return {};
  if (contentType.includes("application/json")) {
    try {
      return JSON.parse(raw) as Record<string, Json>;
    } catch {
      return { _raw: raw };
    }
  }
  const out: Record<string, Json> = {};
  for (const [key, value] of new URLSearchParams(raw)) {
    if (JSON_FIELDS.has(key)) {
      try {
        out[key] = JSON.parse(value);
        continue;
      } catch {
        // not JSON after all: keep the string
      }
    }
    out[key] = value;
  }
  return out;
}
