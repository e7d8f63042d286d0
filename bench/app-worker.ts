/**
 * The app under load, in its own process: signed `/reply` requests through the real Bolt HTTP
 * receiver (127.0.0.1, port 0), with the Web API pointed at the local Slack stand-in from
 * test/support. For each concurrency level, a fresh app and DATA_DIR, a short warm-up, then a fixed
 * number of requests: the ack latency of each (until the HTTP answer), and cases stored per second
 * (until every case is on disk and its card posted). Prints one JSON line.
 *
 *   --requests N      per level (default 200)
 *   --levels 1,10,50
 */
import { parseArgs } from "node:util";
import { loadPack } from "../src/pack/load.js";
import { CARE_CHANNEL, JANE } from "../test/support/slack-flows.js";
import { startSlackHarness } from "../test/support/slack-harness.js";
import { slashCommand, uniqueId } from "../test/support/slack-requests.js";
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

async function level(concurrency: number, requests: number, mentions: string[]): Promise<AppLevel> {
  const h = await startSlackHarness();
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
    for (let i = 0; i < 20; i++) await send();
    await h.idle();
    const warmCases = (await h.runtime.cases.list()).length;
    const warmCards = h.api.callsTo("chat.postMessage").length;

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
    await h.idle();
    const seconds = msSince(start) / 1000;
    const casesStored = (await h.runtime.cases.list()).length - warmCases;
    return {
      concurrency,
      requests,
      ok,
      p50Ms: percentile(latencies, 0.5),
      p99Ms: percentile(latencies, 0.99),
      maxMs: Math.max(...latencies),
      casesStored,
      cardsPosted: h.api.callsTo("chat.postMessage").length - warmCards,
      seconds,
      casesPerSecond: casesStored / seconds,
    };
  } finally {
    await h.close();
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
