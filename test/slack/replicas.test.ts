/**
 * Two replicas behind one load balancer: two app processes on one PostgreSQL database (same signing
 * secret), each request sent to either. Concurrency lives in the database, so: a click storm split
 * across both approves once; a Slack retry that reaches the other replica makes no second case; two
 * schedulers post one daily report.
 *
 * Needs PostgreSQL (TEST_DATABASE_URL); skipped with a message locally without it, a failure under CI.
 */
import { afterEach, describe, expect, it } from "vitest";
import { ACTION } from "../../src/slack/ids.js";
import type { Store } from "../../src/store/index.js";
import { type AppProcess, startAppProcess } from "../support/app-process.js";
import { engines, type TestDatabase, testDatabase } from "../support/databases.js";
import { type SlackApiStandIn, startSlackApi } from "../support/slack-api.js";
import { CARE_CHANNEL, JANE, MINHO, postedCard } from "../support/slack-flows.js";
import { tempDataDir } from "../support/slack-harness.js";
import { blockAction, slashCommand } from "../support/slack-requests.js";

const REPORT_CHANNEL = "C0REPORT";
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

const onPostgres = engines().includes("postgres");

async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.skipIf(!onPostgres)("two replicas on one PostgreSQL", () => {
  let api: SlackApiStandIn;
  let db: TestDatabase;
  let a: AppProcess;
  let b: AppProcess;
  let store: Store;

  async function start(extra: Record<string, string> = {}): Promise<void> {
    api = await startSlackApi();
    cleanups.push(() => api.close());
    db = testDatabase("postgres", tempDataDir());
    cleanups.push(() => db.cleanup());
    store = await db.open();
    cleanups.push(() => store.close());
    const env = { ...db.env(), SLACK_API_URL: api.url, ...extra };
    [a, b] = await Promise.all([startAppProcess(env), startAppProcess(env)]);
    cleanups.push(() => a.kill("SIGTERM"));
    cleanups.push(() => b.kill("SIGTERM"));
  }

  it("a click storm split across both replicas approves once", async () => {
    await start();
    const fields = slashCommand({
      text: "@kim 아이폰 예약했는데 2주째 배송이 안 와요",
      user: JANE,
      channel: CARE_CHANNEL,
      responseUrl: api.responseUrl("storm"),
    });
    expect((await a.requests.command(fields)).status).toBe(200);
    const card = postedCard(await api.waitFor("chat.postMessage", (c) => c.body.channel === CARE_CHANNEL));

    const clicks = Array.from({ length: 24 }, (_, i) => {
      const payload = blockAction({
        user: i % 2 ? JANE : MINHO,
        channel: card.channel,
        message: { ts: card.ts, blocks: card.blocks },
        actionId: ACTION.approve,
        responseUrl: api.responseUrl(`click-${i}`),
      });
      return (i % 2 ? a : b).requests.interaction(payload);
    });
    const responses = await Promise.all(clicks);
    expect(responses.every((r) => r.status === 200)).toBe(true);

    const [c] = await store.cases.list();
    expect(c?.state).toBe("approved");
    expect(c?.events.filter((e) => e.type === "approved")).toHaveLength(1);
    expect((await store.cases.events(c?.id as string)).filter((e) => e.type === "approved")).toHaveLength(1);
  }, 120_000);

  it("a Slack retry delivered to the other replica makes no second case or card", async () => {
    await start();
    const fields = slashCommand({
      text: "@lee 요금제 바꾸면 위약금 있나요?",
      user: JANE,
      channel: CARE_CHANNEL,
      responseUrl: api.responseUrl("retry"),
      triggerId: "trig-replica-retry",
    });
    const [first, retry] = await Promise.all([
      a.requests.command(fields),
      b.requests.command(fields, { retryNum: 1, retryReason: "http_timeout" }),
    ]);
    expect(first.status).toBe(200);
    expect(retry.status).toBe(200);
    const again = await b.requests.command(fields, { retryNum: 2, retryReason: "http_timeout" });
    expect(again.status).toBe(200);
    await api.waitFor("chat.postMessage", (c) => c.body.channel === CARE_CHANNEL);
    // Give both outboxes time to (not) post a second card.
    await new Promise((r) => setTimeout(r, 3000));
    expect(await store.cases.count()).toBe(1);
    expect(api.callsTo("chat.postMessage").filter((c) => c.body.channel === CARE_CHANNEL)).toHaveLength(1);
  }, 120_000);

  it("two schedulers post one daily report", async () => {
    // 00:00 UTC: today's report is due the moment each replica starts.
    await start({ REPORT_CHANNEL_ID: REPORT_CHANNEL, REPORT_TIME: "00:00", TIMEZONE: "UTC" });
    await api.waitFor("chat.postMessage", (c) => c.body.channel === REPORT_CHANNEL, 30_000);
    await waitFor("the report run row", async () => {
      const rows = await store.db.selectFrom("report_runs").selectAll().execute();
      return rows.length ? rows : undefined;
    });
    // Both replicas have checked by now (each checks at start); a second post would be here.
    await new Promise((r) => setTimeout(r, 4000));
    expect(api.callsTo("chat.postMessage").filter((c) => c.body.channel === REPORT_CHANNEL)).toHaveLength(1);
    expect(await store.db.selectFrom("report_runs").selectAll().execute()).toHaveLength(1);
  }, 120_000);
});

describe.runIf(!onPostgres)("two replicas on one PostgreSQL", () => {
  it.skip("needs TEST_DATABASE_URL (scripts/test-postgres.sh start)", () => {});
});
