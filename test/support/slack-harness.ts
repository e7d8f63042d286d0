/**
 * The whole Slack app, for real, in a test: a temp DATA_DIR, the runtime on the care fixture pack
 * (test/fixtures/care; INTENTS_DIR / REPLIES_DIR in `env` choose another), the Bolt app on 127.0.0.1
 * port 0 with its Web client pointed at the local Slack API stand-in, and a signed-request client
 * for its receiver.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Logger, LogLevel } from "@slack/bolt";
import { parseConfig } from "../../src/config.js";
import { type Ops, startOps } from "../../src/ops/index.js";
import { createRuntime, type Runtime } from "../../src/runtime.js";
import { type SlackAppHandle, startSlackApp } from "../../src/slack/app.js";
import { slackOpsHooks } from "../../src/slack/ops-hooks.js";
import { CARE_INTENTS, CARE_REPLIES } from "./care-pack.js";
import { type SlackApiStandIn, startSlackApi } from "./slack-api.js";
import { SlackRequester } from "./slack-requests.js";

export const SIGNING_SECRET = "test-signing-secret-0123456789abcdef";

export interface LogLine {
  level: "debug" | "info" | "warn" | "error";
  message: string;
}

/** A Bolt logger that keeps lines in memory (tests assert on them; nothing goes to the console). */
export function memoryLogger(lines: LogLine[] = []): Logger & { lines: LogLine[] } {
  let level = "info" as LogLevel;
  const add =
    (l: LogLine["level"]) =>
    (...msg: unknown[]) => {
      lines.push({
        level: l,
        message: msg.map((m) => (m instanceof Error ? m.message : String(m))).join(" "),
      });
    };
  return {
    lines,
    debug: add("debug"),
    info: add("info"),
    warn: add("warn"),
    error: add("error"),
    setLevel: (l: LogLevel) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => {},
  };
}

export interface HarnessOptions {
  /** Extra environment (APPROVER_USER_IDS, INTAKE_CHANNEL_IDS, …). */
  env?: Record<string, string>;
  clock?: () => Date;
  /** Reuse a DATA_DIR (restart tests); default a fresh temp dir. */
  dataDir?: string;
  /** Reuse a stand-in (restart tests); default a fresh one. */
  api?: SlackApiStandIn;
  /**
   * Start operations as src/app.ts does: startOps with slackOpsHooks (posting through the stand-in),
   * then the app with `ops`. `watch` (default false) watches INTENTS_DIR/REPLIES_DIR for edits.
   */
  ops?: boolean | { watch?: boolean; intervalMs?: number };
}

export interface SlackHarness {
  api: SlackApiStandIn;
  runtime: Runtime;
  slack: SlackAppHandle;
  /** Operations, when started with `ops`. */
  ops?: Ops;
  /** Background errors operations reported (onError). */
  opsErrors: unknown[];
  requests: SlackRequester;
  dataDir: string;
  logger: Logger & { lines: LogLine[] };
  /** Waits until every request's after-ack work, card update, surge check and alert post is done. */
  idle(): Promise<void>;
  /** Stops the app and closes the runtime (releases the DATA_DIR lock); keeps the stand-in and files. */
  stop(): Promise<void>;
  /** stop() plus the stand-in and the temp DATA_DIR. */
  close(): Promise<void>;
}

export function tempDataDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), "sincerely-"));
}

export async function startSlackHarness(options: HarnessOptions = {}): Promise<SlackHarness> {
  const api = options.api ?? (await startSlackApi());
  const dataDir = options.dataDir ?? tempDataDir();
  const config = parseConfig({
    SLACK_BOT_TOKEN: "xoxb-test-token",
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: api.url,
    PORT: "0",
    DATA_DIR: dataDir,
    INTENTS_DIR: CARE_INTENTS,
    REPLIES_DIR: CARE_REPLIES,
    TIMEZONE: "Asia/Seoul",
    ...options.env,
  });
  const runtime = await createRuntime(config, options.clock ? { clock: options.clock } : {});
  const logger = memoryLogger();
  const opsErrors: unknown[] = [];
  let ops: Ops | undefined;
  let slack: SlackAppHandle;
  try {
    if (options.ops) {
      const o = options.ops === true ? {} : options.ops;
      ops = await startOps(runtime, {
        ...slackOpsHooks(config, { clock: runtime.clock, logger }),
        watch: o.watch ?? false,
        intervalMs: o.intervalMs ?? 60 * 60_000,
        onError: (err) => opsErrors.push(err),
        log: (line) => logger.info(line),
      });
    }
    slack = await startSlackApp(runtime, { port: 0, host: "127.0.0.1", logger, ...(ops ? { ops } : {}) });
  } catch (err) {
    await ops?.stop();
    await runtime.close();
    throw err;
  }
  const requests = new SlackRequester(slack.url as string, SIGNING_SECRET);
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await slack.stop();
    await ops?.stop();
    await runtime.close();
  };
  const idle = async () => {
    await slack.idle();
    if (!ops) return;
    // A new case starts a surge check, whose alert post may be followed by more Slack work.
    await ops.surges.idle();
    await slack.idle();
  };
  return {
    api,
    runtime,
    slack,
    ...(ops ? { ops } : {}),
    opsErrors,
    requests,
    dataDir,
    logger,
    idle,
    stop,
    async close() {
      await stop();
      if (!options.api) await api.close();
      if (!options.dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
