/**
 * Console test support: a runtime on a temp DATA_DIR with the care fixture pack (test/fixtures/care;
 * INTENTS_DIR / REPLIES_DIR / PACK_DIR in `env` choose another), the console on
 * 127.0.0.1 port 0, and a small browser-like HTTP client (cookie jar, CSRF field, manual redirects).
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type Config, parseConfig } from "../../src/config.js";
import type { CrossValidationRunner } from "../../src/console/cross-validation.js";
import { type ConsoleServer, startConsole } from "../../src/console/server.js";
import { type Ops, type OpsHooks, startOps } from "../../src/ops/index.js";
import { createRuntime, type Runtime } from "../../src/runtime.js";
import { CARE_INTENTS, CARE_PACK, CARE_REPLIES } from "../support/care-pack.js";

export const REPO = path.resolve(import.meta.dirname, "../..");

export interface ConsoleHarness {
  runtime: Runtime;
  web: ConsoleServer;
  /** The operations, when the harness was started with `ops`. */
  ops?: Ops;
  /** `http://127.0.0.1:<port>` without a trailing slash. */
  base: string;
  dataDir: string;
  close(): Promise<void>;
}

/** A clock that moves one second per reading, so "newest first" never depends on timing. */
export function tickingClock(start = "2026-11-22T05:00:00Z"): () => Date {
  let t = Date.parse(start);
  return () => {
    t += 1000;
    return new Date(t);
  };
}

export interface HarnessOptions {
  clock?: () => Date;
  /** Start the operations (surge monitor, report, precision) with these hooks and hand them to the console. */
  ops?: OpsHooks;
  crossValidation?: CrossValidationRunner;
}

export async function startHarness(
  env: Record<string, string> = {},
  options: HarnessOptions = {},
): Promise<ConsoleHarness> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sincerely-"));
  const config: Config = parseConfig({
    DATA_DIR: dataDir,
    INTENTS_DIR: CARE_INTENTS,
    REPLIES_DIR: CARE_REPLIES,
    ...env,
  });
  const runtime = await createRuntime(config, options.clock ? { clock: options.clock } : {});
  const ops = options.ops ? await startOps(runtime, options.ops) : undefined;
  const web = await startConsole(runtime, {
    port: 0,
    host: "127.0.0.1",
    ...(ops ? { ops } : {}),
    ...(options.crossValidation ? { crossValidation: options.crossValidation } : {}),
  });
  return {
    runtime,
    web,
    ...(ops ? { ops } : {}),
    base: web.url.replace(/\/$/, ""),
    dataDir,
    close: async () => {
      await web.stop();
      await ops?.stop();
      await runtime.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface Reply {
  status: number;
  headers: Headers;
  text: string;
  location: string | null;
}

/** A tiny browser: keeps cookies, sends forms with the page's CSRF field, follows 303s on request. */
export class Client {
  readonly cookies = new Map<string, string>();
  /** The CSRF field of the last page read. */
  csrf = "";

  constructor(
    readonly base: string,
    readonly defaultHeaders: Record<string, string> = {},
  ) {}

  cookieHeader(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; ");
  }

  async request(
    method: string,
    pathname: string,
    init: { body?: string; headers?: Record<string, string> } = {},
  ): Promise<Reply> {
    const headers: Record<string, string> = { ...this.defaultHeaders, ...init.headers };
    if (this.cookies.size && !("cookie" in headers)) headers.cookie = this.cookieHeader();
    const res = await fetch(this.base + pathname, {
      method,
      redirect: "manual",
      headers,
      ...(init.body !== undefined ? { body: init.body } : {}),
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(";");
      const eq = (pair as string).indexOf("=");
      const name = (pair as string).slice(0, eq).trim();
      const value = (pair as string).slice(eq + 1).trim();
      if (attrs.some((a) => a.trim().toLowerCase() === "max-age=0")) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    const text = await res.text();
    const csrf = /name="_csrf" value="([^"]+)"/.exec(text)?.[1];
    if (csrf) this.csrf = csrf;
    return { status: res.status, headers: res.headers, text, location: res.headers.get("location") };
  }

  get(pathname: string, headers: Record<string, string> = {}): Promise<Reply> {
    return this.request("GET", pathname, { headers });
  }

  /** Posts a form; `_csrf` is added from the last page unless the fields set it (or `csrf: false`). */
  post(
    pathname: string,
    fields: Record<string, string>,
    options: { headers?: Record<string, string>; csrf?: boolean } = {},
  ): Promise<Reply> {
    const form = new URLSearchParams(fields);
    if (options.csrf !== false && !form.has("_csrf")) form.set("_csrf", this.csrf);
    return this.request("POST", pathname, {
      body: form.toString(),
      headers: { "content-type": "application/x-www-form-urlencoded", ...options.headers },
    });
  }

  /** Posts, expects a 303, and reads the page it points to. */
  async submit(pathname: string, fields: Record<string, string>): Promise<Reply> {
    const posted = await this.post(pathname, fields);
    if (posted.status !== 303 || !posted.location) {
      throw new Error(
        `POST ${pathname} answered ${posted.status}, not a redirect:\n${posted.text.slice(0, 500)}`,
      );
    }
    return this.get(
      new URL(posted.location, this.base).pathname + new URL(posted.location, this.base).search,
    );
  }

  /** Pastes a mention on the home page and returns the new case's id and page. */
  async paste(text: string): Promise<{ id: string; page: Reply }> {
    const home = await this.get("/");
    const nonce = /name="nonce" value="([^"]+)"/.exec(home.text)?.[1] ?? "";
    const posted = await this.post("/cases", { text, nonce });
    const id = /^\/cases\/(c[\w-]+)$/.exec(posted.location ?? "")?.[1];
    if (posted.status !== 303 || !id) throw new Error(`paste answered ${posted.status} ${posted.location}`);
    return { id, page: await this.get(`/cases/${id}`) };
  }
}

/** Copies the care fixture pack's intents/ and replies/ into a new temp folder (removed by `cleanup`). */
export function copyPack(): { dir: string; intentsDir: string; repliesDir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sincerely-"));
  const intentsDir = path.join(dir, "intents");
  const repliesDir = path.join(dir, "replies");
  fs.cpSync(path.join(CARE_PACK, "intents"), intentsDir, { recursive: true });
  fs.cpSync(path.join(CARE_PACK, "replies"), repliesDir, { recursive: true });
  return { dir, intentsDir, repliesDir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** Polls `read` until `done` holds (at most `tries` times, `everyMs` apart); returns the last value. */
export async function pollUntil<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  options: { tries?: number; everyMs?: number } = {},
): Promise<T> {
  const tries = options.tries ?? 100;
  const everyMs = options.everyMs ?? 200;
  let value = await read();
  for (let i = 1; i < tries && !done(value); i++) {
    await new Promise((resolve) => setTimeout(resolve, everyMs));
    value = await read();
  }
  return value;
}

/** The text of the one-time message on a page, with tags removed. */
export function flashText(page: string): string | undefined {
  const m = /<div class="flash[^"]*"[^>]*data-flash>([\s\S]*?)<\/div>/.exec(page);
  return m?.[1]
    ?.replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** Decodes the five entities `escapeHtml` writes, for comparing page text with plain strings. */
export function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&#96;/g, "`")
    .replace(/&amp;/g, "&");
}
