/**
 * The local web console on node:http: server-rendered pages, forms that post and redirect, and a
 * little script for comfort (never needed). Every request passes the same gates in order: security
 * headers → Host check (loopback) → access token (non-loopback) → route → body size → CSRF → handler.
 */
import { readFileSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { Actor } from "../cases/types.js";
import type { Ops } from "../ops/index.js";
import type { Runtime } from "../runtime.js";
import { CrossValidationRunner } from "./cross-validation.js";
import { FlashStore } from "./flash.js";
import type { SafeHtml } from "./html.js";
import { HttpError, parseCookies, readForm, serializeCookie } from "./http.js";
import { isUiLang, TEXTS, type UiLang } from "./i18n.js";
import { LiveFeed } from "./live.js";
import { QueueQuery } from "./queue-query.js";
import { type Outcome, ROUTES, type RouteContext } from "./routes.js";
import {
  COOKIE,
  CSRF_FIELD,
  crossSiteReason,
  hostName,
  isLoopbackHost,
  newSecret,
  presentedToken,
  sameSecret,
  setSecurityHeaders,
  USER_NAME,
} from "./security.js";
import type { ViewContext } from "./views/common.js";
import { errorPage } from "./views/layout.js";

export interface ConsoleOptions {
  port: number;
  host: string;
  /**
   * The running operations (surge monitor, report, precision). Without it the report and precision
   * are built from the runtime, and the surges page says the monitor is not running.
   */
  ops?: Ops;
  /** Where the intents page gets its cross-validation figures (default: a child `sincerely eval`). */
  crossValidation?: CrossValidationRunner;
}

export interface ConsoleHandlerOptions {
  host: string;
  ops?: Ops;
  crossValidation?: CrossValidationRunner;
}

export interface ConsoleServer {
  url: string;
  stop(): Promise<void>;
}

const ONE_YEAR = 365 * 24 * 3600;

interface Asset {
  type: string;
  body: Buffer;
}

function loadAssets(): Map<string, Asset> {
  const read = (name: string) => readFileSync(new URL(`./assets/${name}`, import.meta.url));
  return new Map([
    ["/assets/console.css", { type: "text/css; charset=utf-8", body: read("console.css") }],
    ["/assets/console.js", { type: "text/javascript; charset=utf-8", body: read("console.js") }],
    ["/assets/favicon.svg", { type: "image/svg+xml", body: read("favicon.svg") }],
  ]);
}

/** Builds the request handler (exported for tests that want it without a socket). */
export function createConsoleHandler(
  runtime: Runtime,
  options: ConsoleHandlerOptions,
): ((req: IncomingMessage, res: ServerResponse) => void) & { stop(): void } {
  const loopback = isLoopbackHost(options.host);
  const token = runtime.config.CONSOLE_TOKEN;
  if (!loopback && !token) {
    throw new Error(
      `CONSOLE_TOKEN is required to serve the console on ${options.host} (not loopback). Set it, or use CONSOLE_HOST=127.0.0.1.`,
    );
  }
  // One random value per process: a form from before a restart is refused and simply reloaded.
  const csrf = newSecret();
  const flashes = new FlashStore();
  const assets = loadAssets();
  const defaultUser = runtime.config.CONSOLE_USER;
  const { ops } = options;
  const cv = options.crossValidation ?? new CrossValidationRunner();
  const queries = new QueueQuery(runtime.cases);
  const live = new LiveFeed(runtime);
  live.countWith(async () => {
    const qctx = { engine: runtime.engines.engine, now: runtime.clock() };
    return {
      pending: await queries.count({ state: "pending" }, qctx),
      overdue: await queries.count({ state: "pending", overdue: true }, qctx),
    };
  });

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    setSecurityHeaders(res);
    const setCookies: string[] = [];
    const rawUrl = req.url ?? "/";
    const url = new URL(
      rawUrl.startsWith("/") && !rawUrl.startsWith("//") ? rawUrl : "/",
      "http://console.invalid",
    );
    const cookies = parseCookies(req.headers.cookie);

    let lang: UiLang = "ko";
    const asked = url.searchParams.get("lang");
    if (isUiLang(asked)) {
      lang = asked;
      setCookies.push(serializeCookie(COOKIE.lang, asked, { maxAgeSeconds: ONE_YEAR, sameSite: "Lax" }));
    } else {
      const remembered = cookies.get(COOKIE.lang);
      if (isUiLang(remembered)) lang = remembered;
    }
    const t = TEXTS[lang];
    const now = () => runtime.clock();
    const named = cookies.get(COOKIE.user);
    const userName = named && USER_NAME.test(named) ? named : defaultUser;
    const actor: Actor = { id: userName, name: userName, via: "console" };

    /** `withStore`: the pending count and active surges (not for a visitor who has not passed the gates). */
    const viewContext = async (withStore: boolean): Promise<ViewContext> => {
      const ctx: ViewContext = {
        lang,
        t,
        csrf,
        tz: runtime.config.TIMEZONE,
        now: now(),
        url,
        engine: runtime.engines.engine,
        user: actor,
      };
      const flash = flashes.take(cookies.get(COOKIE.flash));
      if (cookies.has(COOKIE.flash)) setCookies.push(serializeCookie(COOKIE.flash, "", { maxAgeSeconds: 0 }));
      if (flash) ctx.flash = flash;
      if (withStore) {
        const qctx = { engine: runtime.engines.engine, now: now() };
        // Read before what the page shows, so that a change made while it renders is sent on its stream.
        ctx.liveSince = await runtime.store.cases.lastSeq();
        ctx.pendingCount = await queries.count({ state: "pending" }, qctx);
        ctx.overdueCount = await queries.count({ state: "pending", overdue: true }, qctx);
        if (ops) ctx.surges = await ops.surges.active();
      }
      return ctx;
    };

    const sendHtml = (status: number, body: SafeHtml, headers: Record<string, string> = {}) => {
      // The form token travels in a cookie next to the hidden field (double submit).
      if (cookies.get(COOKIE.csrf) !== csrf) setCookies.push(serializeCookie(COOKIE.csrf, csrf));
      if (setCookies.length) res.setHeader("Set-Cookie", setCookies);
      res.writeHead(status, {
        "Content-Type": "text/html; charset=utf-8",
        "Cache-Control": "no-store",
        ...headers,
      });
      res.end(body.value);
    };

    const sendError = async (error: HttpError) => {
      if (error.status === 413) {
        // The rest of the body is not read: close the connection after answering.
        res.setHeader("Connection", "close");
      }
      // An unauthenticated visitor sees no counts from the store.
      const ctx = await viewContext(false);
      sendHtml(
        error.status,
        errorPage(ctx, error.status, error.status === 500 ? undefined : errorDetail(error)),
        error.headers,
      );
    };

    try {
      // DNS rebinding: a loopback console answers only to loopback names, so a web page on another
      // site cannot read it through a hostname that happens to resolve to 127.0.0.1.
      if (loopback) {
        const host = req.headers.host;
        if (!host || !isLoopbackHost(hostName(host)))
          throw new HttpError(400, "The Host header is not a loopback name.");
      } else {
        const presented = presentedToken(req, url, cookies);
        if (!sameSecret(presented.token, token)) {
          throw new HttpError(401, "", { "WWW-Authenticate": 'Bearer realm="sincerely"' });
        }
        if (presented.from === "query") {
          setCookies.push(serializeCookie(COOKIE.token, presented.token as string));
        }
        if (presented.from === "query" && (req.method === "GET" || req.method === "HEAD")) {
          // Take the token out of the address bar (and history) once it is in the cookie.
          const clean = new URL(url.href);
          clean.searchParams.delete("token");
          res.setHeader("Set-Cookie", setCookies);
          res.writeHead(303, { Location: clean.pathname + clean.search, "Cache-Control": "no-store" });
          res.end();
          return;
        }
      }

      const method = req.method === "HEAD" ? "GET" : (req.method ?? "GET");
      const asset = assets.get(url.pathname);
      if (asset) {
        if (method !== "GET") throw new HttpError(405, "", { Allow: "GET, HEAD" });
        res.writeHead(200, {
          "Content-Type": asset.type,
          "Cache-Control": "no-cache",
          "Content-Length": asset.body.length,
        });
        res.end(asset.body);
        return;
      }

      const matching = ROUTES.map((route) => ({ route, match: route.pattern.exec(url.pathname) })).filter(
        (m) => m.match,
      );
      if (matching.length === 0) throw new HttpError(404);
      const found = matching.find((m) => m.route.method === method);
      if (!found) {
        const allowed = [
          ...new Set(
            matching.flatMap((m) => (m.route.method === "GET" ? ["GET", "HEAD"] : [m.route.method])),
          ),
        ];
        throw new HttpError(405, "", { Allow: allowed.join(", ") });
      }

      let form = new URLSearchParams();
      if (method === "POST") {
        form = await readForm(req);
        if (!sameSecret(form.get(CSRF_FIELD), csrf) || !sameSecret(cookies.get(COOKIE.csrf), csrf)) {
          throw new HttpError(403, "The form's security token is missing or out of date.");
        }
        const crossSite = crossSiteReason(req);
        if (crossSite) throw new HttpError(403, crossSite);
      }

      const ctx: RouteContext = {
        runtime,
        ...(ops ? { ops } : {}),
        cv,
        actor,
        t,
        lang,
        params: { id: found.match?.[1] ?? "" },
        url,
        form,
        queries,
        live,
        view: () => viewContext(true),
      };
      const outcome: Outcome = await found.route.handle(ctx);
      if (outcome.kind === "stream") {
        outcome.start(req, res);
        return;
      }
      if (outcome.kind === "redirect") {
        if (outcome.cookies) setCookies.push(...outcome.cookies);
        if (outcome.flash)
          setCookies.push(serializeCookie(COOKIE.flash, flashes.put(outcome.flash), { maxAgeSeconds: 600 }));
        if (setCookies.length) res.setHeader("Set-Cookie", setCookies);
        res.writeHead(303, { Location: outcome.to, "Cache-Control": "no-store" });
        res.end();
        return;
      }
      if (outcome.kind === "file") {
        if (setCookies.length) res.setHeader("Set-Cookie", setCookies);
        const body = Buffer.from(outcome.body, "utf8");
        res.writeHead(200, {
          "Content-Type": outcome.type,
          "Cache-Control": "no-store",
          "Content-Length": body.length,
          ...(outcome.filename
            ? { "Content-Disposition": `attachment; filename="${outcome.filename}"` }
            : {}),
        });
        res.end(body);
        return;
      }
      sendHtml(outcome.status ?? 200, outcome.body);
    } catch (error) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof HttpError) {
        await sendError(error);
        if (error.status === 413) req.resume();
        return;
      }
      console.error("Sincerely console: request failed:", error);
      await sendError(new HttpError(500));
    }
  };

  const listener = (req: IncomingMessage, res: ServerResponse) => {
    handle(req, res).catch((error) => {
      console.error("Sincerely console: could not answer a request:", error);
      if (!res.headersSent) res.writeHead(500, { "Content-Type": "text/plain; charset=utf-8" });
      res.end("Internal error");
    });
  };
  // Live-update streams are closed with the server.
  return Object.assign(listener, { stop: () => live.close() });
}

function errorDetail(error: HttpError): string | undefined {
  return error.message && error.message !== String(error.status) ? error.message : undefined;
}

/** Starts the console; resolves once it listens. `port: 0` picks a free port (tests). */
export async function startConsole(runtime: Runtime, options: ConsoleOptions): Promise<ConsoleServer> {
  const cv = options.crossValidation ?? new CrossValidationRunner();
  const handler = createConsoleHandler(runtime, {
    host: options.host,
    ...(options.ops ? { ops: options.ops } : {}),
    crossValidation: cv,
  });
  const server: Server = createServer(handler);
  // Slow or idle clients must not hold the console forever.
  server.requestTimeout = 30_000;
  server.headersTimeout = 15_000;
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const shown = options.host.includes(":") ? `[${options.host}]` : options.host;
  return {
    url: `http://${shown}:${port}/`,
    stop: () =>
      new Promise<void>((resolve) => {
        // A cross-validation child still running has nobody left to show its figures to.
        cv.stop();
        handler.stop();
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
