import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { CARE_CHANNEL, JANE, postedCard, reply, textOf } from "../support/slack-flows.js";
import { type SlackHarness, startSlackHarness } from "../support/slack-harness.js";
import { eventEnvelope, messageShortcut, slashCommand } from "../support/slack-requests.js";

// 05:03 UTC is 14:03 in Seoul.
const NOW = new Date("2026-11-22T05:03:00Z");
const clock = () => NOW;

let h: SlackHarness;
afterEach(async () => {
  await h?.close();
});

/** Every committed case document, read through a second, read-only connection to the database file. */
function casesOnDisk(dataDir: string): string {
  const file = path.join(dataDir, "sincerely.db");
  if (!fs.existsSync(file)) return "";
  const db = new SQLite(file, { readonly: true });
  try {
    return (db.prepare("SELECT doc FROM cases").all() as { doc: string }[]).map((r) => r.doc).join("\n");
  } finally {
    db.close();
  }
}

describe("/reply", () => {
  it("stores the case before the card is posted, then shows intent, department, draft and length on the card", async () => {
    h = await startSlackHarness({ clock });
    const onDiskWhenPosted: string[] = [];
    h.api.override("chat.postMessage", () => {
      onDiskWhenPosted.push(casesOnDisk(h.dataDir));
      return undefined;
    });

    const { response, card, case: c } = await reply(h, "@kim_j 아이폰 예약했는데 2주째 배송이 안 와요");

    expect(response.status).toBe(200);
    expect(onDiskWhenPosted).toHaveLength(1);
    expect(onDiskWhenPosted[0]).toContain(c.id);
    expect(onDiskWhenPosted[0]).toContain("2주째 배송이 안 와요");

    expect(card.channel).toBe(CARE_CHANNEL);
    expect(card.thread_ts).toBeUndefined();
    // Where the card is lives beside the case (slack_cards), not in it.
    expect((await h.runtime.store.slackCards.get(c.id))?.card).toEqual({
      channel: CARE_CHANNEL,
      ts: card.ts,
    });
    expect(c).not.toHaveProperty("card");
    expect(c.source).toMatchObject({ kind: "slack-command", channel: CARE_CHANNEL, user: JANE.id });
    expect(c.events[0]).toMatchObject({
      type: "created",
      actor: { id: JANE.id, name: "jane", via: "slack" },
    });
    expect(c.mention.handle).toBe("kim_j");
    expect(c.intent).toBe("delay-complaint");

    const text = textOf(card.blocks);
    expect(text).toContain("*@kim_j*");
    expect(text).toContain(">아이폰 예약했는데 2주째 배송이 안 와요");
    expect(text).toContain("`delay-complaint`");
    expect(text).toContain("배송·개통 지원팀");
    expect(text).toContain("080-000-0200");
    expect(c.draft).not.toBeNull();
    expect(text).toContain(c.draft?.text);
    expect(text).toContain(`${c.draft?.length}/280`);
    expect(text).toContain("14:03");
  });

  it("prints usage for `/reply help` and for an empty /reply, without making a case", async () => {
    h = await startSlackHarness({ clock });
    for (const text of ["help", ""]) {
      const res = await h.requests.command(
        slashCommand({ text, user: JANE, channel: CARE_CHANNEL, responseUrl: h.api.responseUrl("help") }),
      );
      expect(res.status).toBe(200);
      expect(res.json.response_type).toBe("ephemeral");
      expect(res.json.text).toContain("/reply <mention>");
      expect(res.json.text).toContain("/reply status <intent> <text>");
    }
    await h.idle();
    expect(await h.runtime.cases.list()).toEqual([]);
    expect(h.api.callsTo("chat.postMessage")).toEqual([]);
  });

  it("sets a live status line with `/reply status`; the next draft quotes it and the card shows it", async () => {
    h = await startSlackHarness({ clock });
    const res = await h.requests.command(
      slashCommand({
        text: "status delay-complaint 1차 물량 오늘 출고, 18시 이후 순차 배송",
        user: JANE,
        channel: CARE_CHANNEL,
        responseUrl: h.api.responseUrl("status"),
      }),
    );
    expect(res.status).toBe(200);
    // The answer itself says what was set (stored before Slack hears it).
    expect(res.json?.text).toContain("Live status for `delay-complaint` as of 14:03");
    await h.idle();
    expect(await h.runtime.statuses.get("delay-complaint")).toMatchObject({
      text: "1차 물량 오늘 출고, 18시 이후 순차 배송",
      setBy: "jane",
    });

    const { card, case: c } = await reply(h, "@kim_j 예약한 아이폰 배송 언제 와요? 벌써 2주째");
    expect(c.draft?.variant).toMatch(/^with_status/);
    expect(c.draft?.text).toContain("1차 물량 오늘 출고, 18시 이후 순차 배송");
    const text = textOf(card.blocks);
    expect(text).toContain(
      "*Live status* as of 14:03 by jane (used in the draft): 1차 물량 오늘 출고, 18시 이후 순차 배송",
    );
  });

  it("tells the user privately when it cannot post in the channel, and keeps the case", async () => {
    h = await startSlackHarness({ clock });
    h.api.override("chat.postMessage", () => ({ ok: false, error: "not_in_channel" }));
    await h.requests.command(
      slashCommand({
        text: "@kim_j 배송 언제 와요",
        user: JANE,
        channel: "C0NOTIN",
        responseUrl: h.api.responseUrl("r"),
      }),
    );
    await h.idle();
    const told = await h.api.waitFor("response_url", (c) => c.responseId === "r");
    expect(told.body).toMatchObject({ response_type: "ephemeral" });
    expect(told.body.text).toContain("not_in_channel");
    expect(told.body.text).toContain("/invite @Sincerely");
    const [c] = await h.runtime.cases.list();
    expect(await h.runtime.store.slackCards.get(c?.id as string)).toBeUndefined();
    expect(told.body.text).toContain(c?.id);
  });
});

describe("the message shortcut", () => {
  it("makes a case from a forwarded X post's unfurl (handle, post id, text) and posts the card in the thread", async () => {
    h = await startSlackHarness({ clock });
    const message = {
      ts: "1763700000.000200",
      user: "U0SOMEONE",
      text: "이거 좀 봐주세요",
      attachments: [
        {
          is_share: false,
          from_url: "https://x.com/angry_kim/status/1234567890",
          original_url: "https://x.com/angry_kim/status/1234567890",
          author_name: "Kim",
          author_subname: "@angry_kim",
          text: "아이폰 예약했는데 아직도 배송 안 됨. 벌써 2주째 기다리는 중 &amp; 연락도 없음",
          fallback: "X: Kim",
        },
      ],
    };
    const res = await h.requests.interaction(
      messageShortcut({ user: JANE, channel: CARE_CHANNEL, message, responseUrl: h.api.responseUrl("s") }),
    );
    expect(res.status).toBe(200);
    await h.idle();

    const [c] = await h.runtime.cases.list();
    expect(c?.mention).toMatchObject({ handle: "angry_kim", postId: "1234567890" });
    expect(c?.mention.text).toContain("아직도 배송 안 됨");
    expect(c?.mention.text).toContain("& 연락도 없음");
    expect(c?.source).toMatchObject({ kind: "slack-shortcut", channel: CARE_CHANNEL, messageTs: message.ts });
    const card = postedCard(await h.api.waitFor("chat.postMessage"));
    expect(card.thread_ts).toBe(message.ts);
    expect((await h.runtime.store.slackCards.get(c?.id as string))?.card).toEqual({
      channel: CARE_CHANNEL,
      ts: card.ts,
    });
    expect(textOf(card.blocks)).toContain("<https://x.com/angry_kim/status/1234567890|view post>");
  });

  it("answers privately when the message has no text at all", async () => {
    h = await startSlackHarness({ clock });
    await h.requests.interaction(
      messageShortcut({
        user: JANE,
        channel: CARE_CHANNEL,
        message: { ts: "1763700000.000300", user: "U0SOMEONE", text: "" },
        responseUrl: h.api.responseUrl("empty"),
      }),
    );
    await h.idle();
    const told = await h.api.waitFor("response_url", (c) => c.responseId === "empty");
    expect(told.body.text).toContain("no text");
    expect(await h.runtime.cases.list()).toEqual([]);
  });
});

describe("mentioning the app", () => {
  it("makes a case from the text after the mention and posts the card in the thread", async () => {
    h = await startSlackHarness({ clock });
    h.api.addUser({ id: "U0LEE", name: "lee", real_name: "Lee Sora" });
    const event = {
      type: "app_mention",
      user: "U0LEE",
      text: "<@U0SINCERELY> @lee_s: 요금제가 너무 비싸요. 데이터 요금제 종류 좀 알려주세요",
      ts: "1763700000.000400",
      channel: "C0RANDOM",
    };
    const res = await h.requests.event(eventEnvelope(event));
    expect(res.status).toBe(200);
    // Slack heard "ok" only after the commit: the case is there before any after-ack work finished.
    expect(await h.runtime.cases.count()).toBe(1);
    await h.idle();

    const [c] = await h.runtime.cases.list();
    expect(c?.mention.handle).toBe("lee_s");
    expect(c?.mention.text).not.toContain("SINCERELY");
    expect(c?.source).toMatchObject({ kind: "slack-mention", channel: "C0RANDOM", messageTs: event.ts });
    // The creator's name comes from users.info.
    expect(c?.events[0]?.actor).toEqual({ id: "U0LEE", name: "Lee Sora", via: "slack" });
    const card = postedCard(await h.api.waitFor("chat.postMessage"));
    expect(card).toMatchObject({ channel: "C0RANDOM", thread_ts: event.ts });
  });
});

describe("intake channels", () => {
  it("makes a case of every new top-level message by a person, and of nothing else", async () => {
    h = await startSlackHarness({ clock, env: { INTAKE_CHANNEL_IDS: "C0INTAKE" } });
    const base = { type: "message", channel: "C0INTAKE", user: "U0FWD" };
    const events = [
      { ...base, ts: "1763700001.000100", text: "@park_h 개통 신청했는데 3일째 개통이 안 돼요" },
      {
        ...base,
        ts: "1763700002.000100",
        text: "a bot said this",
        bot_id: "B0OTHER",
        subtype: "bot_message",
      },
      { ...base, ts: "1763700003.000100", thread_ts: "1763700001.000100", text: "thread reply: 확인할게요" },
      {
        type: "message",
        subtype: "message_changed",
        channel: "C0INTAKE",
        ts: "1763700004.000100",
        message: { ...base, ts: "1763700001.000100", text: "edited" },
      },
      { ...base, channel: "C0ELSEWHERE", ts: "1763700005.000100", text: "@x 배송 언제 와요" },
      { ...base, ts: "1763700006.000100", subtype: "channel_join", text: "<@U0FWD> has joined the channel" },
    ];
    for (const event of events) expect((await h.requests.event(eventEnvelope(event))).status).toBe(200);
    // Each "ok" came after its commit (Bolt answers events itself; the answer waits for the listener).
    expect(await h.runtime.cases.count()).toBe(1);
    await h.idle();

    const cases = await h.runtime.cases.list();
    expect(cases).toHaveLength(1);
    expect(cases[0]?.mention).toMatchObject({ handle: "park_h" });
    expect(cases[0]?.source).toMatchObject({
      kind: "slack-channel",
      channel: "C0INTAKE",
      messageTs: "1763700001.000100",
    });
    const posts = h.api.callsTo("chat.postMessage");
    expect(posts).toHaveLength(1);
    expect(posts[0]?.body).toMatchObject({ channel: "C0INTAKE", thread_ts: "1763700001.000100" });
  });

  it("makes one case when a message in an intake channel also mentions the app (two events, one message)", async () => {
    h = await startSlackHarness({ clock, env: { INTAKE_CHANNEL_IDS: "C0INTAKE" } });
    const ts = "1763700010.000100";
    const text = "<@U0SINCERELY> @choi 와이파이가 계속 끊겨요";
    await Promise.all([
      h.requests.event(eventEnvelope({ type: "app_mention", channel: "C0INTAKE", user: "U0FWD", ts, text })),
      h.requests.event(eventEnvelope({ type: "message", channel: "C0INTAKE", user: "U0FWD", ts, text })),
    ]);
    await h.idle();
    expect(await h.runtime.cases.list()).toHaveLength(1);
    expect(h.api.callsTo("chat.postMessage")).toHaveLength(1);
  });
});
