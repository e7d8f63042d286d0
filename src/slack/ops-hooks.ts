/**
 * How operations post to Slack: surge alerts and their follow-ups and data-file errors to
 * OPS_CHANNEL_ID, the daily report (Markdown, with the chart in its thread) to REPORT_CHANNEL_ID.
 * Only a Web API client is needed, so these exist before (and without) the Bolt app; a hook is only
 * given when its channel is configured (without postReport no report is scheduled).
 *
 *   const ops = await startOps(runtime, { ...slackOpsHooks(config), onError });
 */
import { type Logger, LogLevel, webApi } from "@slack/bolt";
import type { Config } from "../config.js";
import type { Problem } from "../core/problems.js";
import type { OpsHooks } from "../ops/index.js";
import type { SurgeEvent } from "../ops/surge.js";
import { problemsBlocks, problemsText, reportBlocks, reportText } from "./blocks/ops-posts.js";
import { postSurgeEvent } from "./surge-alerts.js";

type WebClient = webApi.WebClient;

export interface SlackOpsHookOptions {
  /** Post with this client instead of a new one for SLACK_BOT_TOKEN and SLACK_API_URL. */
  client?: WebClient;
  /** For "started 14:03" in the alerts (the runtime's clock in tests). */
  clock?: () => Date;
  logger?: Logger;
}

const LEVELS: Record<Config["LOG_LEVEL"], LogLevel> = {
  debug: LogLevel.DEBUG,
  info: LogLevel.INFO,
  warn: LogLevel.WARN,
  error: LogLevel.ERROR,
};

export function reportFilename(date: string): string {
  return `sincerely-report-${date}.svg`;
}

export function slackOpsHooks(config: Config, options: SlackOpsHookOptions = {}): OpsHooks {
  const token = config.SLACK_BOT_TOKEN;
  if (!token && !options.client) return {};
  const client =
    options.client ??
    new webApi.WebClient(token, {
      ...(config.SLACK_API_URL ? { slackApiUrl: withSlash(config.SLACK_API_URL) } : {}),
      ...(options.logger ? { logger: options.logger } : { logLevel: LEVELS[config.LOG_LEVEL] }),
      // The monitor and the scheduler try again on their next check: no long retry loops here.
      retryConfig: { retries: 2, factor: 2, minTimeout: 500, maxTimeout: 5_000 },
    });
  const clock = options.clock ?? (() => new Date());
  const hooks: OpsHooks = {};

  const opsChannel = config.OPS_CHANNEL_ID;
  if (opsChannel) {
    hooks.postSurge = (event: SurgeEvent) =>
      postSurgeEvent(client, event, {
        channel: opsChannel,
        timezone: config.TIMEZONE,
        now: clock(),
        logger: options.logger ?? { warn: (...msg: unknown[]) => console.warn("Sincerely:", ...msg) },
      });
    hooks.reportProblems = async (problems: Problem[]) => {
      await client.chat.postMessage({
        channel: opsChannel,
        text: problemsText(problems),
        blocks: problemsBlocks(problems),
        unfurl_links: false,
        unfurl_media: false,
      });
    };
  }

  const reportChannel = config.REPORT_CHANNEL_ID;
  if (reportChannel) {
    // A report whose message went out but whose chart did not: the next try only uploads the chart,
    // so a retry never posts the report twice.
    const posted = new Map<string, { channel: string; ts: string }>();
    hooks.postReport = async (date: string, markdown: string, svg: string) => {
      let message = posted.get(date);
      if (!message) {
        const r = await client.chat.postMessage({
          channel: reportChannel,
          text: reportText(date),
          blocks: reportBlocks(date, markdown),
          unfurl_links: false,
          unfurl_media: false,
        });
        if (!r.ts) throw new Error("no ts in chat.postMessage response");
        message = { channel: r.channel ?? reportChannel, ts: r.ts };
        posted.set(date, message);
      }
      await client.files.uploadV2({
        channel_id: message.channel,
        thread_ts: message.ts,
        filename: reportFilename(date),
        title: `Cases per intent — ${date}`,
        alt_text: `Bar chart of the cases per intent on ${date}`,
        content: svg,
      });
      posted.delete(date);
      return message;
    };
  }
  return hooks;
}

function withSlash(url: string): string {
  return url.endsWith("/") ? url : `${url}/`;
}
