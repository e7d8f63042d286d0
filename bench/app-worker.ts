/**
 * The app under load, as it runs in production: the built app (`node scripts/start.js`) in its own
 * process with its own DATA_DIR, the Slack Web API played by the local stand-in from test/support in
 * this process, and signed `/reply` requests sent from here through the app's real Bolt HTTP
 * receiver. For each concurrency level, a fresh app, a short warm-up, then a fixed number of
 * requests: the ack latency of each (until the HTTP answer, which comes after the case is
 * committed), and cases stored per second (until every case is in the database and its card posted).
 * Earlier versions ran the app, the stand-in and the senders on one event loop, so a request's
 * latency included the senders' and the stand-in's work; Slack's servers are not in our process.
 * Prints one JSON line.
 *
 *   --requests N      per level (default 200)
 *   --levels 1,10,50
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import SQLite from "better-sqlite3";
import { loadPack } from "../src/pack/load.js";
import { type SlackApiStandIn, startSlackApi } from "../test/support/slack-api.js";
import { CARE_CHANNEL, JANE } from "../test/support/slack-flows.js";
import { SlackRequester, slashCommand, uniqueId } from "../test/support/slack-requests.js";
import { BENCH_SIGNING_SECRET, startApp } from "./app-process.js";
import { msSince, percentile } from "./lib.js";

export interface AppLevel {
  concurrency: number;
  requests: number;
  ok: number;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  casesStored: number;
  cardsPosted: number;
  /** From the first request to the last case stored and its card posted. */
  seconds: number;
  casesPerSecond: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Waits until the stand-in has seen `count` card posts (or gives up after `timeoutMs`). */
async function cardsPosted(api: SlackApiStandIn, count: number, timeoutMs = 120_000): Promise<number> {
  const start = process.hrtime.bigint();
  for (;;) {
    const n = api.callsTo("chat.postMessage").length;
    if (n >= count || msSince(start) > timeoutMs) return n;
    await sleep(5);
  }
}

function casesIn(dataDir: string): number {
  const db = new SQLite(path.join(dataDir, "sincerely.db"), { readonly: true, fileMustExist: true });
  try {
    return (db.prepare("SELECT count(*) AS n FROM cases").get() as { n: number }).n;
  } finally {
    db.close();
  }
}

async function level(concurrency: number, requests: number, mentions: string[]): Promise<AppLevel> {
  const api = await startSlackApi();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sincerely-bench-load-"));
  const { app } = await startApp({ DATA_DIR: dataDir, TIMEZONE: "Asia/Seoul" }, api.url);
  const h = {
    api,
    requests: new SlackRequester(`http://127.0.0.1:${app.port}/slack/events`, BENCH_SIGNING_SECRET),
  };
  try {
    let sent = 0;
    const send = async () => {
      const text = mentions[sent % mentions.length] as string;
      sent++;
      const triggerId = uniqueId("trig-");
      const start = process.hrtime.bigint();
      const response = await h.requests.command(
        slashCommand({
          text,
          user: JANE,
          channel: CARE_CHANNEL,
          responseUrl: h.api.responseUrl(triggerId),
          triggerId,
        }),
      );
      return { ms: msSince(start), ok: response.status === 200 };
    };
    // Warm-up: JIT, the store's first partition, the stand-in's sockets.
    // Warm-up at the level's concurrency: the JIT, the database's first pages, and one kept-alive
    // connection per sender, as Slack keeps them to a busy app.
    const warmUp = Math.max(20, 2 * concurrency);
    let warmed = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (warmed < warmUp) {
          warmed++;
          await send();
        }
      }),
    );
    const warmCards = await cardsPosted(api, warmUp);

    const latencies: number[] = [];
    let ok = 0;
    let issued = 0;
    const start = process.hrtime.bigint();
    const client = async () => {
      while (issued < requests) {
        issued++;
        const r = await send();
        latencies.push(r.ms);
        if (r.ok) ok++;
      }
    };
    await Promise.all(Array.from({ length: concurrency }, client));
    const cards = (await cardsPosted(api, warmCards + requests)) - warmCards;
    const seconds = msSince(start) / 1000;
    const casesStored = casesIn(dataDir) - warmUp;
    return {
      concurrency,
      requests,
      ok,
      p50Ms: percentile(latencies, 0.5),
      p99Ms: percentile(latencies, 0.99),
      maxMs: Math.max(...latencies),
      casesStored,
      cardsPosted: cards,
      seconds,
      casesPerSecond: casesStored / seconds,
    };
  } finally {
    await app.stop();
    await api.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { requests: { type: "string", default: "200" }, levels: { type: "string", default: "1,10,50" } },
  });
  const build = loadPack();
  if (!build.pack) throw new Error("the default pack has errors");
  const mentions = [...build.pack.tests.values()].flat();
  const levels: AppLevel[] = [];
  for (const c of (values.levels as string).split(",").map(Number)) {
    levels.push(await level(c, Number(values.requests), mentions));
  }
  process.stdout.write(`\n${JSON.stringify({ levels })}\n`);
}

await main();
