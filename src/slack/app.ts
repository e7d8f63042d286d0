/**
 * Builds and starts the Bolt app over the shared runtime: the HTTP receiver on PORT at /slack/events
 * (Bolt verifies every request's signature and timestamp), or Socket Mode when SLACK_APP_TOKEN is set.
 */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { App, HTTPReceiver, type Logger, LogLevel } from "@slack/bolt";
import type { Ops } from "../ops/index.js";
import type { Runtime } from "../runtime.js";
import { CardOutbox, type CardOutboxOptions } from "./card-outbox.js";
import { CaseCards } from "./case-cards.js";
import { refuseFutureTimestamps } from "./future-timestamp.js";
import { registerListeners } from "./listeners/index.js";

export interface SlackAppOptions {
  /** Overrides PORT (0 picks a free port; see `port` on the result). */
  port?: number;
  /** Interface to listen on; all interfaces by default. */
  host?: string;
  /** Where Bolt and Sincerely log (default: the console at LOG_LEVEL). */
  logger?: Logger;
  /**
   * Operations (startOps): the surge alert's buttons and modals and App Home's surges and precision
   * use it. The alerts themselves are posted by the ops hooks (slackOpsHooks).
   */
  ops?: Ops;
  /** The card outbox's lease and poll interval (tests shorten them). */
  outbox?: CardOutboxOptions;
}

export interface SlackAppHandle {
  app: App;
  cards: CaseCards;
  outbox: CardOutbox;
  /** The bound port of the HTTP receiver (undefined in Socket Mode). */
  port?: number;
  /** `http://host:port/slack/events` (undefined in Socket Mode). */
  url?: string;
  /** Resolves when every request's after-ack work and every card update has finished. */
  idle(): Promise<void>;
  stop(): Promise<void>;
}

export const EVENTS_PATH = "/slack/events";

export const slackAppMessages = {
  noApprovers:
    "APPROVER_USER_IDS is empty: anyone in the workspace may approve, edit, reclassify, escalate and dismiss cases. Set it to the care team's Slack user ids (comma-separated).",
  missingCredentials:
    "SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET must be set to start the Slack app. See .env.example.",
} as const;

const LEVELS: Record<Runtime["config"]["LOG_LEVEL"], LogLevel> = {
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
};

export async function startSlackApp(
  runtime: Runtime,
  options: SlackAppOptions = {},
): Promise<SlackAppHandle> {
  const { config } = runtime;
  const token = config.SLACK_BOT_TOKEN;
  const signingSecret = config.SLACK_SIGNING_SECRET;
  if (!token || !signingSecret) throw new Error(slackAppMessages.missingCredentials);
  const socketMode = Boolean(config.SLACK_APP_TOKEN);
  const port = options.port ?? config.PORT;

  const customRoutes = [
    {
      path: "/health",
      method: ["GET"],
      handler: (_req: unknown, res: import("node:http").ServerResponse) => {
        res.writeHead(200, { "content-type": "text/plain" });
        res.end("ok\n");
      },
    },
  ];
  const logOptions = options.logger ? { logger: options.logger } : { logLevel: LEVELS[config.LOG_LEVEL] };
  // Our own HTTP receiver (Bolt's, configured as App would), so requests dated in the future are
  // refused before Bolt, which checks only for old ones. `processBeforeResponse` belongs here: App
  // passes its own option only to a receiver it builds itself, so without it on this one Slack
  // would hear "ok" at `ack()` (for events, before the listener even ran), ahead of the commit.
  const receiver = socketMode
    ? undefined
    : new HTTPReceiver({ signingSecret, port, customRoutes, processBeforeResponse: true, ...logOptions });
  if (receiver) {
    const listener = receiver.requestListener;
    receiver.requestListener = refuseFutureTimestamps(listener, () =>
      app.logger.warn("Refused a Slack request timestamped more than 5 minutes in the future"),
    );
  }
  const app = new App({
    token,
    signingSecret,
    ...(socketMode ? { socketMode: true, appToken: config.SLACK_APP_TOKEN } : { receiver }),
    ...logOptions,
    ...(config.SLACK_API_URL ? { clientOptions: { slackApiUrl: withSlash(config.SLACK_API_URL) } } : {}),
    // The HTTP answer to Slack waits for the listener, so an intake is committed before Slack hears
    // "ok" (events are acknowledged by Bolt itself, so this is the only way to hold their answer).
    // Listeners therefore do only database work before returning; Slack calls that can be slow
    // (posting cards, escalations) run after, tracked by `cards`.
    processBeforeResponse: true,
    convoStore: false,
    ...(socketMode ? { customRoutes } : {}),
  });
  const logger = app.logger;
  const cards = new CaseCards(app.client, runtime, logger);
  const outbox = new CardOutbox(runtime, cards, logger, options.outbox);

  // Keep track of each request's work after the ack, so `idle()` and `stop()` can wait for it.
  app.use(async ({ next }) => {
    await cards.track(next());
  });
  registerListeners(app, { runtime, cards, outbox, ...(options.ops ? { ops: options.ops } : {}) });
  app.error(async (error) => {
    logger.error(`Slack listener failed: ${error.message}`);
  });
  const unsubscribe = runtime.cases.onChange((c, event) => cards.onCaseChange(c, event));

  if (config.APPROVER_USER_IDS.length === 0) logger.warn(slackAppMessages.noApprovers);

  let server: Server | undefined;
  try {
    if (socketMode) await app.start();
    else server = (await app.start(options.host ? { port, host: options.host } : { port })) as Server;
  } catch (err) {
    unsubscribe();
    throw err;
  }
  // Cards left unposted by a crash (or by another replica) go out now.
  outbox.start();
  const address = server?.address() as AddressInfo | null | undefined;
  const bound = address?.port;
  const host = !address ? undefined : address.family === "IPv6" ? `[${address.address}]` : address.address;

  logger.info(
    socketMode
      ? "Sincerely Slack app: connected in Socket Mode"
      : `Sincerely Slack app: listening on ${host}:${bound}${EVENTS_PATH}`,
  );

  let stopped = false;
  return {
    app,
    cards,
    outbox,
    ...(bound !== undefined ? { port: bound, url: `http://${host}:${bound}${EVENTS_PATH}` } : {}),
    idle: () => cards.idle(),
    async stop() {
      if (stopped) return;
      stopped = true;
      await app.stop();
      await outbox.stop();
      await cards.idle();
      unsubscribe();
    },
  };
}

function withSlash(url: string): string {
  return url.endsWith("/") ? url : `${url}/`;
}
