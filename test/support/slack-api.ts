/**
 * A local stand-in for the Slack Web API (and for response_url endpoints): a real HTTP server that
 * answers like Slack and records every call, so tests assert on the Block Kit the app really sent.
 * Point the app at it with SLACK_API_URL=<api.url>.
 *
 * File uploads work as files.uploadV2 does them: files.getUploadURLExternal hands out an upload URL
 * served here, the client POSTs the bytes to it (recorded as a `file_upload` call), and
 * files.completeUploadExternal shares the file; `file(id)` returns what was uploaded.
 */
import { EventEmitter } from "node:events";
import http from "node:http";
import type { AddressInfo } from "node:net";

/** Recorded Slack payloads are arbitrary JSON that tests index freely. */
// biome-ignore lint/suspicious/noExplicitAny: JSON from the wire, checked by the assertions that read it
export type Json = any;

export interface SlackApiCall {
  /**
   * `chat.postMessage`, …, `response_url` for posts to a response URL, `file_upload` for the bytes
   * posted to an upload URL (body: `{ file_id, filename, content, bytes }`).
   */
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

export interface UploadedFile {
  id: string;
  filename: string;
  /** The length announced to files.getUploadURLExternal. */
  length: number;
  alt_text?: string;
  /** The bytes posted to the upload URL (undefined until then). */
  content?: Buffer;
  /** Set by files.completeUploadExternal. */
  completed?: { channel_id?: string; thread_ts?: string; title?: string };
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
  /** A file from files.getUploadURLExternal: its name, and its content once uploaded. */
  file(id: string): UploadedFile | undefined;
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
  /** Answer `method` only after `ms` (a slow Slack), until removed. */
  delay(method: string, ms: number): () => void;
  addUser(user: SlackUser): void;
  clear(): void;
  close(): Promise<void>;
}

const JSON_FIELDS = new Set([
  "blocks",
  "attachments",
  "view",
  "metadata",
  "unfurls",
  "user_auth_blocks",
  "files",
]);

export async function startSlackApi(options: { team?: string } = {}): Promise<SlackApiStandIn> {
  const team = options.team ?? "T0TEAM";
  const botUserId = "U0SINCERELY";
  const botId = "B0SINCERELY";
  const calls: SlackApiCall[] = [];
  const events = new EventEmitter();
  const messages = new Map<string, Record<string, Json>>();
  const overrides = new Map<string, Override>();
  const delays = new Map<string, number>();
  const users = new Map<string, SlackUser>();
  const files = new Map<string, UploadedFile>();
  let fileCounter = 0;
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
      case "files.getUploadURLExternal": {
        const length = Number(body.length);
        if (!body.filename || !Number.isFinite(length) || length <= 0) {
          return { ok: false, error: "invalid_arguments" };
        }
        fileCounter += 1;
        const id = `F0FILE${fileCounter}`;
        files.set(id, {
          id,
          filename: String(body.filename),
          length,
          ...(body.alt_text ? { alt_text: String(body.alt_text) } : {}),
        });
        return { ok: true, file_id: id, upload_url: `${base}/upload/${id}` };
      }
      case "files.completeUploadExternal": {
        const list: Json[] = Array.isArray(body.files) ? body.files : [];
        const done: Json[] = [];
        for (const f of list) {
          const file = files.get(String(f.id));
          // Slack refuses to complete a file whose bytes never arrived.
          if (!file?.content) return { ok: false, error: "file_not_found" };
          file.completed = {
            ...(body.channel_id ? { channel_id: String(body.channel_id) } : {}),
            ...(body.thread_ts ? { thread_ts: String(body.thread_ts) } : {}),
            ...(f.title ? { title: String(f.title) } : {}),
          };
          done.push({ id: file.id, name: file.filename, title: f.title ?? file.filename });
        }
        return { ok: true, files: done };
      }
      default:
        return { ok: true };
    }
  };

  const record = (call: SlackApiCall, res: http.ServerResponse) => {
    calls.push(call);
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(call.response));
    events.emit("call", call);
  };

  /** The bytes of a files.uploadV2 upload: multipart/form-data (as @slack/web-api sends) or raw. */
  const upload = async (id: string, bytes: Buffer, contentType: string, res: http.ServerResponse) => {
    const file = files.get(id);
    if (!file) {
      res.writeHead(404).end();
      return;
    }
    let content = bytes;
    if (contentType.includes("multipart/form-data")) {
      const form = await new Response(new Uint8Array(bytes), {
        headers: { "content-type": contentType },
      }).formData();
      let part: Blob | undefined;
      form.forEach((value) => {
        if (!part && typeof value !== "string") part = value;
      });
      content = part ? Buffer.from(await (part as Blob).arrayBuffer()) : Buffer.alloc(0);
    }
    file.content = content;
    const response = { ok: true };
    record(
      {
        method: "file_upload",
        body: {
          file_id: id,
          filename: file.filename,
          content: content.toString("utf8"),
          bytes: content.length,
        },
        response,
      },
      res,
    );
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      const bytes = Buffer.concat(chunks);
      const raw = bytes.toString("utf8");
      const url = new URL(req.url ?? "/", "http://localhost");
      if (url.pathname.startsWith("/upload/")) {
        const id = decodeURIComponent(url.pathname.slice("/upload/".length));
        upload(id, bytes, String(req.headers["content-type"] ?? ""), res).catch(() => {
          res.writeHead(500).end();
        });
        return;
      }
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
        const wait = delays.get(method);
        if (wait) await new Promise((r) => setTimeout(r, wait));
        reply = answer(method, body);
        call = { method, body, response: reply, ...(token ? { token } : {}) };
      } else {
        res.writeHead(404).end();
        return;
      }
      record(call, res);
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
    file: (id) => files.get(id),
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
    delay(method, ms) {
      delays.set(method, ms);
      return () => {
        if (delays.get(method) === ms) delays.delete(method);
      };
    },
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
