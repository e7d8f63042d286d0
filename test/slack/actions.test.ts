import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SINCERITY_MESSAGES } from "../../src/core/sincerity.js";
import { ACTION } from "../../src/slack/ids.js";
import type { Json } from "../support/slack-api.js";
import {
  actionIds,
  CARE_CHANNEL,
  cardNow,
  click,
  GUEST,
  JANE,
  MINHO,
  reply,
  submitEdit,
  textOf,
  urlsOf,
} from "../support/slack-flows.js";
import { type SlackHarness, startSlackHarness } from "../support/slack-harness.js";
import { eventEnvelope } from "../support/slack-requests.js";

// 05:03 UTC is 14:03 in Seoul.
const NOW = new Date("2026-11-22T05:03:00Z");
const DELAY = "https://x.com/kim_j/status/1861234567890 아이폰 예약했는데 2주째 배송이 안 와요";

let h: SlackHarness;
beforeEach(async () => {
  h = await startSlackHarness({ clock: () => NOW, env: { APPROVER_USER_IDS: "U0JANE,U0MINHO" } });
});
afterEach(async () => {
  await h.close();
});

function updatesOf(card: { channel: string; ts: string }) {
  return h.api.callsTo("chat.update").filter((c) => c.body.channel === card.channel && c.body.ts === card.ts);
}

describe("Approve", () => {
  it("approves once, updates the card in place (buttons gone, final text, who and when) with a link to X's composer", async () => {
    const { card, case: c } = await reply(h, DELAY);
    const draft = c.draft?.text as string;
    expect(actionIds(card.blocks)).toContain(ACTION.approve);

    const res = await click(h, card, ACTION.approve, JANE);
    expect(res.status).toBe(200);

    const stored = await h.runtime.cases.get(c.id);
    expect(stored?.state).toBe("approved");
    expect(stored?.approved).toMatchObject({
      by: { id: JANE.id, via: "slack" },
      text: draft,
      at: NOW.toISOString(),
    });
    expect(stored?.events.filter((e) => e.type === "approved")).toHaveLength(1);

    const updates = updatesOf(card);
    expect(updates.length).toBeGreaterThan(0);
    const now = cardNow(h, card);
    expect(actionIds(now.blocks)).not.toContain(ACTION.approve);
    expect(actionIds(now.blocks)).not.toContain(ACTION.edit);
    const text = textOf(now.blocks);
    expect(text).toContain("*Approved* by <@U0JANE> at 14:03");
    expect(text).toContain(`\`\`\`${draft}\`\`\``);
    expect(urlsOf(now.blocks)).toContain(
      `https://x.com/intent/post?in_reply_to=1861234567890&text=${encodeURIComponent(draft)}`,
    );
  });

  it("with only a handle known, the composer link starts the text with @handle", async () => {
    const { card, case: c } = await reply(h, "@kim_j 아이폰 예약했는데 2주째 배송이 안 와요");
    await click(h, card, ACTION.approve, JANE);
    const url = urlsOf(cardNow(h, card).blocks).find((u) => u.startsWith("https://x.com/intent/post"));
    expect(url).toBeDefined();
    const params = new URL(url as string).searchParams;
    expect(params.get("in_reply_to")).toBeNull();
    expect(params.get("text")?.startsWith("@kim_j ")).toBe(true);
    const draft = c.draft?.text ?? "";
    expect(draft).not.toBe("");
    expect(params.get("text")).toContain(draft.replace(/^@kim_j\s*/, ""));
  });
});

describe("Edit", () => {
  it("opens the draft in a modal, shows the check's problems in the modal, and saves a good edit as pending", async () => {
    const { card, case: c } = await reply(h, DELAY);
    const triggerId = "trig-edit-1";
    await click(h, card, ACTION.edit, JANE, { triggerId });

    const open = await h.api.waitFor("views.open");
    expect(open.body.trigger_id).toBe(triggerId);
    const input = open.body.view.blocks.find((b: Json) => b.type === "input");
    expect(input.element.initial_value).toBe(c.draft?.text);

    // Apology only: no next step, no department, hotline, link or time. Explained in the draft's language.
    const bad = await submitEdit(h, open, "정말 죄송합니다. 불편을 드려 죄송해요.");
    expect(bad.status).toBe(200);
    expect(bad.json.response_action).toBe("errors");
    expect(bad.json.errors.draft).toContain(SINCERITY_MESSAGES.ko["no-next-step"]);
    let stored = await h.runtime.cases.get(c.id);
    expect(stored?.draft?.text).toBe(c.draft?.text);
    expect(stored?.events.some((e) => e.type === "edited")).toBe(false);
    // Opening the editor claimed the case: the card says who is on it, and nothing else changed.
    expect(stored?.claim).toMatchObject({ by: { id: JANE.id }, at: NOW.toISOString() });
    await h.idle();
    expect(updatesOf(card)).toHaveLength(1);
    expect(textOf(cardNow(h, card).blocks)).toContain("*<@U0JANE> is on it* since 14:03");
    expect(textOf(cardNow(h, card).blocks)).toContain(`*Draft*\n>${c.draft?.text.split("\n")[0]}`);

    const good =
      "@kim_j 늦어져서 죄송합니다. 배송·개통 지원팀(080-000-0200)에서 오늘 18시까지 출고일을 알려 드리겠습니다.";
    const ok = await submitEdit(h, open, good);
    expect(ok.status).toBe(200);
    expect(ok.text).toBe("");

    stored = await h.runtime.cases.get(c.id);
    expect(stored?.state).toBe("pending");
    expect(stored?.draft).toMatchObject({ text: good, edited: true });
    const edited = stored?.events.find((e) => e.type === "edited");
    expect(edited).toMatchObject({
      actor: { id: JANE.id },
      before: { text: c.draft?.text },
      after: { text: good },
    });

    const now = cardNow(h, card);
    expect(textOf(now.blocks)).toContain(`*Draft (edited)*\n>${good}`);
    expect(actionIds(now.blocks)).toContain(ACTION.approve);
  });

  it("tells the second editor privately who is on it, and the card names the first", async () => {
    const { card, case: c } = await reply(h, DELAY);
    await click(h, card, ACTION.edit, JANE, { triggerId: "trig-a" });
    await click(h, card, ACTION.edit, MINHO, { triggerId: "trig-b" });
    await h.idle();
    expect(h.api.callsTo("views.open")).toHaveLength(2);
    expect(h.api.callsTo("chat.postEphemeral").map((t) => [t.body.user, t.body.text])).toEqual([
      [MINHO.id, "Heads up: jane is on it since 14:03."],
    ]);
    expect((await h.runtime.cases.get(c.id))?.claim?.by.id).toBe(JANE.id);
    // An explicit Take over wins, and the card says so.
    const claimed = cardNow(h, card);
    expect(textOf(claimed.blocks)).toContain("Take over");
    await click(h, claimed, ACTION.claim, MINHO);
    expect((await h.runtime.cases.get(c.id))?.claim?.by.id).toBe(MINHO.id);
    expect(textOf(cardNow(h, card).blocks)).toContain("*<@U0MINHO> is on it* since 14:03");
    // A decision releases it.
    await click(h, card, ACTION.approve, JANE);
    expect((await h.runtime.cases.get(c.id))?.claim).toBeUndefined();
    expect(textOf(cardNow(h, card).blocks)).not.toContain("is on it");
  });
});

describe("Reclassify", () => {
  it("regenerates the draft and department for the chosen intent and records the correction", async () => {
    const { card, case: c } = await reply(h, DELAY);
    expect(c.intent).toBe("delay-complaint");

    await click(h, card, ACTION.reclassify, JANE, { select: "cancellation-refund" });

    const stored = await h.runtime.cases.get(c.id);
    expect(stored?.intent).toBe("cancellation-refund");
    expect(stored?.department).toBe("billing");
    expect(stored?.draft?.text).not.toBe(c.draft?.text);
    expect(stored?.draft?.text).toContain("080-000-0114");
    const event = stored?.events.find((e) => e.type === "reclassified");
    expect(event).toMatchObject({
      actor: { id: JANE.id },
      before: { intent: "delay-complaint", department: "delivery", classified: "delay-complaint" },
      after: { intent: "cancellation-refund", department: "billing" },
    });

    const text = textOf(cardNow(h, card).blocks);
    expect(text).toContain("`cancellation-refund` (reclassified");
    expect(text).toContain("080-000-0114");
    expect(text).toContain(stored?.draft?.text);
  });
});

describe("Reclassify after an edit", () => {
  it("keeps the edited reply, shows the new template beside it, and uses it only when asked", async () => {
    const { card, case: c } = await reply(h, DELAY);
    await click(h, card, ACTION.edit, JANE);
    const open = await h.api.waitFor("views.open");
    const mine = "@kim_j 환불 절차는 요금·환불 센터(080-000-0114)에서 오늘 안에 안내해 드릴게요.";
    expect((await submitEdit(h, open, mine)).status).toBe(200);

    await click(h, cardNow(h, card), ACTION.reclassify, JANE, { select: "cancellation-refund" });
    let stored = await h.runtime.cases.get(c.id);
    expect(stored?.intent).toBe("cancellation-refund");
    expect(stored?.draft).toMatchObject({ text: mine, edited: true });
    const event = stored?.events.find((e) => e.type === "reclassified");
    const template = (event?.after as { template?: string } | undefined)?.template;
    expect(template).toContain("080-000-0114");
    expect(template).not.toBe(mine);
    let now = cardNow(h, card);
    expect(textOf(now.blocks)).toContain("your edited reply was kept");
    expect(actionIds(now.blocks)).toContain(ACTION.redraft);

    await click(h, now, ACTION.redraft, JANE);
    stored = await h.runtime.cases.get(c.id);
    expect(stored?.draft).toMatchObject({ edited: false });
    expect(stored?.draft?.text).not.toBe(mine);
    expect(stored?.events.at(-1)).toMatchObject({ type: "redrafted", before: { text: mine, edited: true } });
    now = cardNow(h, card);
    expect(actionIds(now.blocks)).not.toContain(ACTION.redraft);
    expect(textOf(now.blocks)).not.toContain("your edited reply was kept");
  });
});

describe("Escalate", () => {
  it("posts to the department's channel with a link back; a reply in that thread shows on the card and in the editor", async () => {
    const { card, case: c } = await reply(h, DELAY);
    await click(h, card, ACTION.escalate, JANE);

    // delay-complaint → delivery → C0DELIVERY (test/fixtures/care/intents/departments.yaml)
    const post = await h.api.waitFor("chat.postMessage", (x) => x.body.channel === "C0DELIVERY");
    const permalink = `https://example.slack.com/archives/${CARE_CHANNEL}/p${card.ts.replace(".", "")}`;
    expect(textOf(post.body.blocks)).toContain(`<${permalink}|the case card>`);
    expect(textOf(post.body.blocks)).toContain("아이폰 예약했는데 2주째 배송이 안 와요");
    const threadTs = post.response.ts as string;

    let stored = await h.runtime.cases.get(c.id);
    expect(stored?.escalation).toMatchObject({ department: "delivery", replies: [] });
    // The thread is a Slack fact: recorded beside the case, where replies find it.
    expect(stored?.escalation).not.toHaveProperty("threadTs");
    expect((await h.runtime.store.slackCards.get(c.id))?.thread).toEqual({
      channel: "C0DELIVERY",
      ts: threadTs,
    });
    let now = cardNow(h, card);
    expect(textOf(now.blocks)).toContain(
      "*Escalated* to 배송·개통 지원팀 by <@U0JANE> at 14:03 in <#C0DELIVERY>",
    );
    expect(actionIds(now.blocks)).not.toContain(ACTION.escalate);
    expect(actionIds(now.blocks)).toContain(ACTION.approve);

    const answer = {
      type: "message",
      channel: "C0DELIVERY",
      user: "U0DEPT",
      text: "해당 주문은 내일 오전 출고 예정입니다 &lt;확인 완료&gt;",
      ts: "1763780500.000100",
      thread_ts: threadTs,
    };
    const envelope = eventEnvelope(answer, { eventId: "Ev0REPLY" });
    await h.requests.event(envelope);
    await h.requests.event(envelope, { retryNum: 1 });
    await h.idle();

    stored = await h.runtime.cases.get(c.id);
    expect(stored?.escalation?.replies).toEqual([
      {
        user: "U0DEPT",
        text: "해당 주문은 내일 오전 출고 예정입니다 <확인 완료>",
        at: "2025-11-22T03:01:40.000Z",
      },
    ]);
    now = cardNow(h, card);
    expect(textOf(now.blocks)).toContain("<@U0DEPT>");
    expect(textOf(now.blocks)).toContain("해당 주문은 내일 오전 출고 예정입니다 &lt;확인 완료&gt;");

    // The draft can use it: the editor shows the department's answer next to the draft.
    await click(h, now, ACTION.edit, JANE);
    const open = await h.api.waitFor("views.open");
    expect(textOf(open.body.view.blocks)).toContain("*The department answered*");
    expect(textOf(open.body.view.blocks)).toContain("내일 오전 출고 예정");
  });

  it("shows user ids in a department's reply as names, asking Slack once per person", async () => {
    h.api.addUser({ id: "U0DEPT", name: "park", display_name: "박과장" });
    h.api.addUser({ id: "U0KIMS", name: "kims", real_name: "Kim Soo" });
    const { card, case: c } = await reply(h, DELAY);
    await click(h, card, ACTION.escalate, JANE);
    const post = await h.api.waitFor("chat.postMessage", (x) => x.body.channel === "C0DELIVERY");
    const threadTs = post.response.ts as string;
    const say = (text: string, ts: string, id: string) =>
      h.requests.event(
        eventEnvelope(
          { type: "message", channel: "C0DELIVERY", user: "U0DEPT", text, ts, thread_ts: threadTs },
          { eventId: id },
        ),
      );
    await say("<@U0KIMS> 님이 내일 오전에 출고 처리합니다", "1763780500.000100", "Ev0A");
    await say("<@U0KIMS> 확인 완료, <@U0NOBODY> 참고", "1763780600.000100", "Ev0B");
    await h.idle();
    const stored = await h.runtime.cases.get(c.id);
    expect(stored?.escalation?.replies.map((r) => [r.name, r.text])).toEqual([
      ["박과장", "@Kim Soo 님이 내일 오전에 출고 처리합니다"],
      ["박과장", "@Kim Soo 확인 완료, @U0NOBODY 참고"],
    ]);
    // Cached: one users.info per person (the unknown one is asked again next time, not cached).
    const asked = h.api.callsTo("users.info").map((x) => x.body.user);
    expect(asked.filter((u) => u === "U0KIMS")).toHaveLength(1);
    expect(asked.filter((u) => u === "U0DEPT")).toHaveLength(1);
  });

  it("a double click on Escalate posts to the department once", async () => {
    const { card } = await reply(h, DELAY);
    await Promise.all([
      click(h, card, ACTION.escalate, JANE, { wait: false }),
      click(h, card, ACTION.escalate, JANE, { wait: false }),
    ]);
    await h.idle();
    expect(h.api.callsTo("chat.postMessage").filter((x) => x.body.channel === "C0DELIVERY")).toHaveLength(1);
  });
});

describe("Dismiss", () => {
  it("closes the case with the chosen reason; the card shows it and has no buttons", async () => {
    const { card, case: c } = await reply(h, "@spammer 무료 아이폰 받으세요 http://spam.example");
    await click(h, card, ACTION.dismiss, MINHO, { select: "spam" });

    const stored = await h.runtime.cases.get(c.id);
    expect(stored?.state).toBe("dismissed");
    expect(stored?.dismissed).toMatchObject({ reason: "spam", by: { id: MINHO.id } });
    const now = cardNow(h, card);
    expect(actionIds(now.blocks)).toEqual([ACTION.reopen]);
    expect(textOf(now.blocks)).toContain("*Dismissed* (Spam) by <@U0MINHO> at 14:03");
  });

  it("asks for confirmation before dismissing, and a dismissed case can be reopened (audited)", async () => {
    const { card, case: c } = await reply(h, DELAY);
    const select = card.blocks
      .flatMap((b) => (b.type === "actions" ? b.elements : []))
      .find((e: Json) => e.action_id === ACTION.dismiss);
    expect(select.confirm).toMatchObject({ title: { text: "Dismiss this case?" }, style: "danger" });

    await click(h, card, ACTION.dismiss, MINHO, { select: "duplicate" });
    const dismissedCard = cardNow(h, card);
    await click(h, dismissedCard, ACTION.reopen, JANE);
    const stored = await h.runtime.cases.get(c.id);
    expect(stored?.state).toBe("pending");
    expect(stored?.dismissed).toBeUndefined();
    expect(stored?.events.map((e) => e.type).slice(-2)).toEqual(["dismissed", "reopened"]);
    expect(stored?.events.at(-1)).toMatchObject({
      actor: { id: JANE.id },
      before: { state: "dismissed", reason: "duplicate", by: { id: MINHO.id } },
      after: { state: "pending" },
    });
    const now = cardNow(h, card);
    expect(actionIds(now.blocks)).toContain(ACTION.approve);
    expect(textOf(now.blocks)).not.toContain("*Dismissed*");
    // Reopening an approved case (from a stale card) is refused with who approved.
    await click(h, now, ACTION.approve, JANE);
    await click(h, dismissedCard, ACTION.reopen, MINHO);
    expect((await h.runtime.cases.get(c.id))?.state).toBe("approved");
    expect(h.api.callsTo("chat.postEphemeral").at(-1)?.body.text).toBe("already approved by jane at 14:03");
  });
});

describe("who may decide", () => {
  it("someone not in APPROVER_USER_IDS gets a private message and nothing changes", async () => {
    const { card, case: c } = await reply(h, DELAY);
    const before = await h.runtime.cases.get(c.id);

    await click(h, card, ACTION.approve, GUEST);
    await click(h, card, ACTION.dismiss, GUEST, { select: "spam" });
    await click(h, card, ACTION.escalate, GUEST);
    await click(h, card, ACTION.edit, GUEST);

    const told = h.api.callsTo("chat.postEphemeral");
    expect(told).toHaveLength(4);
    for (const t of told) {
      expect(t.body).toMatchObject({ channel: CARE_CHANNEL, user: GUEST.id });
      expect(t.body.text).toContain("guest may not decide on cases");
    }
    expect(await h.runtime.cases.get(c.id)).toEqual(before);
    expect(h.api.callsTo("views.open")).toEqual([]);
    expect(h.api.callsTo("chat.postMessage")).toHaveLength(1); // only the card: no escalation post
    // The dismiss select is put back as it was; nothing else touched the card.
    for (const u of updatesOf(card)) expect(u.body.blocks).toEqual(card.blocks);
  });
});

describe("idempotency", () => {
  it("two approvers clicking at once: one approval; the other is told who approved and when", async () => {
    const { card, case: c } = await reply(h, DELAY);
    const [a, b] = await Promise.all([
      click(h, card, ACTION.approve, JANE, { wait: false }),
      click(h, card, ACTION.approve, MINHO, { wait: false }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    await h.idle();

    const stored = await h.runtime.cases.get(c.id);
    expect(stored?.events.filter((e) => e.type === "approved")).toHaveLength(1);
    const winner = stored?.approved?.by.name as string;
    const loser = winner === "jane" ? MINHO : JANE;
    const told = h.api.callsTo("chat.postEphemeral");
    expect(told).toHaveLength(1);
    expect(told[0]?.body).toMatchObject({ user: loser.id, text: `already approved by ${winner} at 14:03` });
  });

  it("answers a click only after the approval is committed", async () => {
    const { card, case: c } = await reply(h, DELAY);
    // A click payload without a name makes the app ask users.info first; a slow Slack holds that
    // back, so an answer sent at ack() would come well before the approval.
    h.api.delay("users.info", 400);
    const res = await click(h, card, ACTION.approve, { ...JANE, name: "" }, { wait: false });
    expect(res.status).toBe(200);
    expect((await h.runtime.cases.get(c.id))?.state).toBe("approved");
    await h.idle();
  });

  it("a double click by the same person approves once", async () => {
    const { card, case: c } = await reply(h, DELAY);
    await Promise.all([
      click(h, card, ACTION.approve, JANE, { wait: false }),
      click(h, card, ACTION.approve, JANE, { wait: false }),
    ]);
    await h.idle();
    const stored = await h.runtime.cases.get(c.id);
    expect(stored?.events.filter((e) => e.type === "approved")).toHaveLength(1);
    // The card says jane approved it; she is not told "already approved by jane" about her own click.
    expect(h.api.callsTo("chat.postEphemeral")).toEqual([]);
    expect(textOf(cardNow(h, card).blocks)).toContain("*Approved* by <@U0JANE> at 14:03");
  });

  it("a click on a stale card after approval changes nothing and says who approved", async () => {
    const { card, case: c } = await reply(h, DELAY);
    await click(h, card, ACTION.approve, JANE);
    // `card` still has the old buttons, as a second browser tab would.
    await click(h, card, ACTION.reclassify, MINHO, { select: "praise" });
    await click(h, card, ACTION.dismiss, MINHO, { select: "duplicate" });
    const stored = await h.runtime.cases.get(c.id);
    expect(stored?.state).toBe("approved");
    expect(stored?.intent).toBe("delay-complaint");
    expect(h.api.callsTo("chat.postEphemeral").map((t) => t.body.text)).toEqual([
      "already approved by jane at 14:03",
      "already approved by jane at 14:03",
    ]);
  });
});

describe("card updates from elsewhere", () => {
  it("a change made outside Slack (the console) updates the card too", async () => {
    const { card, case: c } = await reply(h, DELAY);
    await h.runtime.cases.approve(c.id, { id: "minho", name: "Minho", via: "console" });
    await h.idle();
    expect(textOf(cardNow(h, card).blocks)).toContain("*Approved* by Minho at 14:03");
    expect(h.api.callsTo("chat.postMessage")).toHaveLength(1);
  });
});
