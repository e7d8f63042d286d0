import fs from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.js";
import { createRuntime } from "../../src/runtime.js";
import { ACTION } from "../../src/slack/ids.js";
import { CARE_INTENTS, CARE_REPLIES } from "../support/care-pack.js";
import { type SlackApiStandIn, startSlackApi } from "../support/slack-api.js";
import { actionIds, cardNow, click, JANE, reply, textOf } from "../support/slack-flows.js";
import { type SlackHarness, startSlackHarness, tempDataDir } from "../support/slack-harness.js";

const NOW = new Date("2026-11-22T05:03:00Z");
const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function harnessOn(dataDir: string, api: SlackApiStandIn): Promise<SlackHarness> {
  const h = await startSlackHarness({ dataDir, api, clock: () => NOW, env: { APPROVER_USER_IDS: "U0JANE" } });
  cleanups.push(() => h.close());
  return h;
}

describe("restart", () => {
  it("after a restart on the same DATA_DIR, the buttons of a card posted before still work", async () => {
    const dataDir = tempDataDir();
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const api = await startSlackApi();
    cleanups.push(() => api.close());

    const first = await harnessOn(dataDir, api);
    const { card, case: c } = await reply(
      first,
      "https://x.com/kim_j/status/99 아이폰 예약했는데 2주째 배송이 안 와요",
    );
    await first.stop();

    const second = await harnessOn(dataDir, api);
    expect(second.slack.port).not.toBe(first.slack.port);
    // Slack still shows the old card; a click on it goes to the new process.
    const res = await click(second, card, ACTION.approve, JANE);
    expect(res.status).toBe(200);

    const stored = await second.runtime.cases.get(c.id);
    expect(stored?.state).toBe("approved");
    const now = cardNow(second, card);
    expect(actionIds(now.blocks)).not.toContain(ACTION.approve);
    expect(textOf(now.blocks)).toContain("*Approved* by <@U0JANE> at 14:03");
  });
});

describe("two runtimes on one DATA_DIR", () => {
  it("share the database: a case made through one is decided through the other", async () => {
    const api = await startSlackApi();
    cleanups.push(() => api.close());
    const dataDir = tempDataDir();
    cleanups.push(() => fs.rmSync(dataDir, { recursive: true, force: true }));
    const h = await harnessOn(dataDir, api);

    const config = parseConfig({ DATA_DIR: dataDir, INTENTS_DIR: CARE_INTENTS, REPLIES_DIR: CARE_REPLIES });
    const other = await createRuntime(config, { clock: () => NOW });
    cleanups.push(() => other.close());

    const { case: c } = await reply(h, "@kim 배송 언제 와요");
    const approved = await other.cases.approve(c.id, { id: "console", via: "console" });
    expect(approved.ok).toBe(true);
    expect((await h.runtime.cases.get(c.id))?.state).toBe("approved");
  });
});
