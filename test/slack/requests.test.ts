import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { BLOCK_TEXT_LIMIT } from "../../src/slack/escape.js";
import type { Json } from "../support/slack-api.js";
import { CARE_CHANNEL, JANE, reply, textOf } from "../support/slack-flows.js";
import { type SlackHarness, startSlackHarness } from "../support/slack-harness.js";
import { eventEnvelope, slackSignature, slashCommand } from "../support/slack-requests.js";

let h: SlackHarness;
beforeEach(async () => {
  h = await startSlackHarness({ env: { INTAKE_CHANNEL_IDS: "C0INTAKE" } });
});
afterEach(async () => {
  await h.close();
});

const command = (text: string, triggerId = "trig-1") =>
  slashCommand({
    text,
    user: JANE,
    channel: CARE_CHANNEL,
    responseUrl: h.api.responseUrl(triggerId),
    triggerId,
  });

/** Calls the app made besides Bolt's own auth.test at start. */
const appCalls = () => h.api.calls.filter((c) => c.method !== "auth.test");

describe("request verification (Bolt's, left on)", () => {
  it("rejects a bad signature with 401 and stores nothing", async () => {
    const res = await h.requests.command(command("@kim 배송 언제 와요"), {
      secret: "not-the-signing-secret",
    });
    expect(res.status).toBe(401);
    await h.idle();
    expect(await h.runtime.cases.list()).toEqual([]);
    expect(appCalls()).toEqual([]);
  });

  it("rejects a request without a signature", async () => {
    const res = await h.requests.command(command("@kim 배송 언제 와요"), { signature: null });
    expect(res.status).toBe(401);
    await h.idle();
    expect(await h.runtime.cases.list()).toEqual([]);
  });

  it("rejects a correctly signed request older than five minutes (a replay)", async () => {
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;
    const res = await h.requests.command(command("@kim 배송 언제 와요"), { timestamp: sixMinutesAgo });
    expect(res.status).toBe(401);
    // The same body signed now is accepted: only the timestamp was wrong.
    const ok = await h.requests.command(command("@kim 배송 언제 와요", "trig-2"));
    expect(ok.status).toBe(200);
    await h.idle();
    expect(await h.runtime.cases.list()).toHaveLength(1);
  });

  it("rejects a correctly signed request dated more than five minutes ahead, like an old one", async () => {
    const sixMinutesAhead = Math.floor(Date.now() / 1000) + 6 * 60;
    const res = await h.requests.command(command("@kim 배송 언제 와요"), { timestamp: sixMinutesAhead });
    expect(res.status).toBe(401);
    // A small skew ahead (a minute) is a clock, not a replay: accepted.
    const oneMinuteAhead = Math.floor(Date.now() / 1000) + 60;
    const ok = await h.requests.command(command("@kim 배송 언제 와요", "trig-2"), {
      timestamp: oneMinuteAhead,
    });
    expect(ok.status).toBe(200);
    await h.idle();
    expect(await h.runtime.cases.list()).toHaveLength(1);
  });

  it("rejects a signature computed for another body", async () => {
    const ts = Math.floor(Date.now() / 1000);
    const body = new URLSearchParams(command("@kim 배송 언제 와요")).toString();
    const other = new URLSearchParams(command("@kim 다른 내용")).toString();
    const res = await h.requests.send(body, "application/x-www-form-urlencoded", {
      timestamp: ts,
      signature: slackSignature(h.requests.secret, ts, other),
    });
    expect(res.status).toBe(401);
    await h.idle();
    expect(await h.runtime.cases.list()).toEqual([]);
  });
});

describe("retries", () => {
  it("Slack's retry of /reply (x-slack-retry-num) makes no second case and no second card", async () => {
    await h.requests.command(command("@kim 배송 언제 와요", "trig-retry"));
    await h.idle();
    const retry = await h.requests.command(command("@kim 배송 언제 와요", "trig-retry"), { retryNum: 1 });
    expect(retry.status).toBe(200);
    await h.idle();
    expect(await h.runtime.cases.list()).toHaveLength(1);
    expect(h.api.callsTo("chat.postMessage")).toHaveLength(1);
  });

  it("a retry arriving while the first request is still being handled also makes one case and one card", async () => {
    await Promise.all([
      h.requests.command(command("@kim 배송 언제 와요", "trig-race")),
      h.requests.command(command("@kim 배송 언제 와요", "trig-race"), { retryNum: 1 }),
      h.requests.command(command("@kim 배송 언제 와요", "trig-race"), { retryNum: 2 }),
    ]);
    await h.idle();
    expect(await h.runtime.cases.list()).toHaveLength(1);
    expect(h.api.callsTo("chat.postMessage")).toHaveLength(1);
  });

  it("an event redelivered with the same event_id makes one case", async () => {
    const envelope = eventEnvelope(
      {
        type: "message",
        channel: "C0INTAKE",
        user: "U0FWD",
        ts: "1763700001.000100",
        text: "@park 개통이 3일째 안 돼요",
      },
      { eventId: "Ev0SAME" },
    );
    await h.requests.event(envelope);
    await h.requests.event(envelope, { retryNum: 1, retryReason: "http_timeout" });
    await h.requests.event(envelope, { retryNum: 2, retryReason: "http_error" });
    await h.idle();
    expect(await h.runtime.cases.list()).toHaveLength(1);
    expect(h.api.callsTo("chat.postMessage")).toHaveLength(1);
  });

  it("the same text pasted twice on purpose (two invocations) makes two cases", async () => {
    await reply(h, "@kim 배송 언제 와요", { triggerId: "trig-a" });
    await reply(h, "@kim 배송 언제 와요", { triggerId: "trig-b" });
    expect(await h.runtime.cases.list()).toHaveLength(2);
  });
});

describe("untrusted customer text", () => {
  it("never pings or formats on the card: <!channel>, <!here>, <@U…>, & < > are escaped; the store keeps the text", async () => {
    // What Slack sends when staff paste a post that literally contains these characters.
    const pasted =
      "@troll &lt;!channel&gt; &lt;!here&gt; &lt;@U0BOSS&gt; 배송 언제 와요 &amp; 왜 &lt;b&gt;답이 없어&lt;/b&gt;";
    const { card, case: c } = await reply(h, pasted);

    expect(c.mention.text).toContain("<!channel> <!here> <@U0BOSS> 배송 언제 와요 & 왜 <b>답이 없어</b>");
    const payload = JSON.stringify(h.api.callsTo("chat.postMessage")[0]?.body);
    for (const raw of ["<!channel>", "<!here>", "<@U0BOSS>", "<b>"]) expect(payload).not.toContain(raw);
    expect(textOf(card.blocks)).toContain(
      "&lt;!channel&gt; &lt;!here&gt; &lt;@U0BOSS&gt; 배송 언제 와요 &amp; 왜 &lt;b&gt;답이 없어&lt;/b&gt;",
    );
  });

  it("Slack's own @channel markup in a paste is turned into text, not a ping", async () => {
    const { case: c } = await reply(h, "@troll <!channel> 배송 언제 와요 <https://example.com/a|link>");
    expect(c.mention.text).toBe("@channel 배송 언제 와요 https://example.com/a");
    const payload = JSON.stringify(h.api.callsTo("chat.postMessage")[0]?.body);
    expect(payload).not.toContain("<!channel>");
  });

  it("truncates text longer than a block allows, with a note; the full text stays in the store", async () => {
    const long = `@kim 배송 ${"아직도 안 와요 <!channel> ".repeat(400)}끝`;
    const { card, case: c } = await reply(h, long.replace(/</g, "&lt;").replace(/>/g, "&gt;"));
    expect(c.mention.text.endsWith("끝")).toBe(true);
    expect(c.mention.text.length).toBeGreaterThan(BLOCK_TEXT_LIMIT * 2);
    const customer = card.blocks.find((b: Json) => b.block_id === "customer");
    expect(customer.text.text.length).toBeLessThanOrEqual(BLOCK_TEXT_LIMIT);
    expect(customer.text.text).toMatch(/more characters not shown: the full text is kept with the case/);
    expect(customer.text.text).not.toContain("끝");
    for (const block of card.blocks) {
      if (block.text?.text) expect(block.text.text.length).toBeLessThanOrEqual(BLOCK_TEXT_LIMIT);
    }
  });
});
