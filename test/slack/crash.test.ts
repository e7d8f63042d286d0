/**
 * Durable before the ack, for real: a burst of ~500 signed /reply requests to the app as a child
 * process, `kill -9` at a random moment, a restart on the same database. Every request Slack got an
 * "ok" for must be a case with a posted card (the outbox finishes what the crash interrupted).
 */
import fs from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import type { Case } from "../../src/cases/types.js";
import { openStore } from "../../src/store/index.js";
import { type AppProcess, startAppProcess } from "../support/app-process.js";
import { type SlackApiStandIn, startSlackApi } from "../support/slack-api.js";
import { CARE_CHANNEL, JANE } from "../support/slack-flows.js";
import { tempDataDir } from "../support/slack-harness.js";
import { slashCommand } from "../support/slack-requests.js";

const TEXTS = [
  "@kim_j 아이폰 예약했는데 2주째 배송이 안 와요",
  "@lee 요금제 바꾸면 위약금 있나요?",
  "@park 개통이 안 돼요 유심 넣었는데",
  "@choi thanks, the store staff were great",
  "@jung 와이파이가 자꾸 끊겨요",
  "@han 해지하면 환불 언제 되나요",
];

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe("kill -9 during a burst of /reply", () => {
  it("loses no acknowledged mention: after a restart each is a case with a card", async () => {
    const api: SlackApiStandIn = await startSlackApi();
    cleanups.push(() => api.close());
    const dataDir = tempDataDir();
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const env = { SLACK_API_URL: api.url, DATA_DIR: dataDir };

    let app: AppProcess = await startAppProcess(env);
    cleanups.push(() => app.kill("SIGKILL"));

    const total = 500;
    // Somewhere in the middle of the burst, different on every run.
    const killAfter = 60 + Math.floor(Math.random() * 340);
    const acked: string[] = [];
    let sent = 0;
    let killed = false;
    const sender = async () => {
      while (sent < total) {
        const i = sent++;
        const trigger = `trig-crash-${i}`;
        const fields = slashCommand({
          text: `${TEXTS[i % TEXTS.length]} (#${i})`,
          user: JANE,
          channel: CARE_CHANNEL,
          responseUrl: api.responseUrl(`crash-${i}`),
          triggerId: trigger,
        });
        try {
          const res = await app.requests.command(fields);
          if (res.status === 200) acked.push(trigger);
        } catch {
          // Refused or cut off by the crash: not acknowledged, so Slack would show an error.
        }
        if (!killed && acked.length >= killAfter) {
          killed = true;
          app.child.kill("SIGKILL");
        }
      }
    };
    await Promise.all(Array.from({ length: 25 }, sender));
    await app.exited;
    expect(killed).toBe(true);
    expect(acked.length).toBeGreaterThanOrEqual(killAfter);

    app = await startAppProcess(env);
    const store = await openStore(dataDir);
    cleanups.push(() => store.close());

    // The restarted app posts the cards the crash left in the outbox.
    const deadline = Date.now() + 90_000;
    let missing: string[] = acked;
    let cases: Array<{ case: Case; card: { channel: string; ts: string } }> = [];
    while (Date.now() < deadline) {
      cases = [];
      missing = [];
      for (const trigger of acked) {
        const id = await store.dedupe.get(`command:${trigger}`);
        const c = id ? await store.cases.get(id) : undefined;
        const card = id ? (await store.slackCards.get(id))?.card : undefined;
        if (c && card) cases.push({ case: c, card });
        else missing.push(trigger);
      }
      // Done when every acknowledged case has its card and the outbox is empty: rows of intakes that
      // were committed but not yet acknowledged at the crash are posted too, and a row is marked
      // done just after its card is recorded.
      if (!missing.length && (await store.outbox.pending("slack-card")) === 0) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(missing).toEqual([]);
    // Each acknowledged mention is its own case, with the text that was sent, and its card is in Slack.
    expect(new Set(cases.map((c) => c.case.id)).size).toBe(acked.length);
    const posted = new Set(
      api.callsTo("chat.postMessage").map((call) => `${call.response?.channel}/${call.response?.ts}`),
    );
    for (const { card } of cases) expect(posted).toContain(`${card.channel}/${card.ts}`);
    expect(await store.outbox.pending("slack-card")).toBe(0);
    await app.kill("SIGTERM");
  }, 240_000);
});
