import { describe, expect, it } from "vitest";
import type { Case } from "../../src/cases/types.js";
import {
  type CardContext,
  caseCardBlocks,
  caseCardText,
  xComposerUrl,
} from "../../src/slack/blocks/case-card.js";
import { escalationBlocks } from "../../src/slack/blocks/escalation.js";
import { ACTION } from "../../src/slack/ids.js";
import type { Json } from "../support/slack-api.js";
import { actionIds, textOf, urlsOf } from "../support/slack-flows.js";

const NOW = new Date("2026-11-22T05:03:00Z");
const ctx: CardContext = {
  timezone: "Asia/Seoul",
  now: NOW,
  intents: [
    { id: "delay-complaint", title: { ko: "지연 불만", en: "Delay complaint" } },
    { id: "event", title: { ko: "이벤트", en: "Events" } },
    { id: "unknown", title: { ko: "기타", en: "Other" } },
  ],
  department: {
    id: "delivery",
    name: { ko: "배송팀", en: "Delivery Desk" },
    hotline: "080-000-0200",
    hours: { ko: "매일", en: "daily" },
    slack_channel: "C0DELIVERY",
  },
};

function makeCase(overrides: Partial<Case> = {}): Case {
  return {
    id: "c20261122-050300-abcd",
    version: 1,
    createdAt: NOW.toISOString(),
    source: { kind: "slack-command", channel: "C0CARE", user: "U0JANE" },
    mention: { text: "배송 언제 와요", handle: "kim" },
    classification: {
      intent: "delay-complaint",
      confidence: 0.62,
      alternatives: [{ intent: "event", confidence: 0.55 }],
      evidence: [{ kind: "keyword", intent: "delay-complaint", value: "배송", score: 2 }],
      ambiguous: true,
      bestGuess: "delay-complaint",
      language: "ko",
    },
    intent: "delay-complaint",
    department: "delivery",
    draft: {
      text: "@kim 죄송합니다. 배송팀 080-000-0200",
      length: 40,
      language: "ko",
      variant: "default#0",
      edited: false,
    },
    state: "pending",
    events: [{ at: NOW.toISOString(), actor: { id: "U0JANE", name: "jane", via: "slack" }, type: "created" }],
    ...overrides,
  };
}

describe("the case card", () => {
  it("shows confidence, evidence and the runner-up when the classifier was torn", () => {
    const text = textOf(caseCardBlocks(makeCase(), ctx));
    expect(text).toContain("*Intent:* 지연 불만 `delay-complaint` · 62% · runner-up: 이벤트 55%");
    expect(text).toContain("*Evidence:* `배송`");
    expect(text).toContain("*Department:* 배송팀 · 080-000-0200 (매일)");
    expect(text).toContain("40/280 · default#0");
  });

  it("says which other company a mention tagged when that sent it to the fallback", () => {
    const c = makeCase({
      mention: { text: "@cjlogistics 택배 언제 와요" },
      intent: "unknown",
      draft: null,
    });
    c.classification = {
      ...c.classification,
      intent: "unknown",
      evidence: [{ kind: "company", intent: "unknown", value: "@cjlogistics", score: 0.5 }],
    };
    expect(textOf(caseCardBlocks(c, ctx))).toContain("*Addressed to:* `@cjlogistics`, another company");
    expect(textOf(caseCardBlocks(makeCase(), ctx))).not.toContain("Addressed to");
  });

  it("without a draft, says so and offers Edit and Reclassify but no Approve", () => {
    const blocks = caseCardBlocks(makeCase({ draft: null, intent: "unknown" }), ctx);
    expect(textOf(blocks)).toContain("*No draft:*");
    expect(actionIds(blocks)).toEqual([
      ACTION.edit,
      ACTION.reclassify,
      ACTION.claim,
      ACTION.escalate,
      ACTION.dismiss,
    ]);
    expect(actionIds(caseCardBlocks(makeCase(), ctx))[0]).toBe(ACTION.approve);
  });

  it("the reclassify select lists every intent with the current one chosen", () => {
    const actions = caseCardBlocks(makeCase(), ctx).find((b) => b.type === "actions") as Json;
    const select = actions.elements.find((e: Json) => e.action_id === ACTION.reclassify);
    expect(select.options.map((o: Json) => o.value)).toEqual(["delay-complaint", "event", "unknown"]);
    expect(select.initial_option.value).toBe("delay-complaint");
    expect(actions.block_id).toBe("case:c20261122-050300-abcd");
  });

  it("keeps the Escalate button when the escalation was recorded but never posted", () => {
    const escalation = {
      department: "delivery",
      at: NOW.toISOString(),
      by: { id: "U0JANE", via: "slack" as const },
      replies: [],
    };
    expect(actionIds(caseCardBlocks(makeCase({ escalation }), ctx))).toContain(ACTION.escalate);
    const posted = { ...ctx, escalationThread: { channel: "C0DELIVERY", ts: "1.2" } };
    expect(actionIds(caseCardBlocks(makeCase({ escalation }), posted))).not.toContain(ACTION.escalate);
    expect(textOf(caseCardBlocks(makeCase({ escalation }), posted))).toContain("in <#C0DELIVERY>");
    expect(textOf(caseCardBlocks(makeCase({ escalation }), ctx))).toContain("(not posted yet)");
  });

  it("escapes the notification text too", () => {
    expect(caseCardText(makeCase({ mention: { text: "<!channel> 배송" } }), ctx)).toContain(
      "&lt;!channel&gt; 배송",
    );
  });

  it("an approved case has no decision buttons, only the link to X", () => {
    const c = makeCase({
      state: "approved",
      mention: { text: "배송", handle: "kim", postId: "42", postUrl: "https://x.com/kim/status/42" },
      approved: {
        by: { id: "U0JANE", name: "jane", via: "slack" },
        at: NOW.toISOString(),
        text: "@kim 답장 & 안내",
      },
    });
    const blocks = caseCardBlocks(c, ctx);
    expect(actionIds(blocks)).toEqual([ACTION.openX]);
    expect(urlsOf(blocks)).toEqual([
      "https://x.com/intent/post?in_reply_to=42&text=%40kim%20%EB%8B%B5%EC%9E%A5%20%26%20%EC%95%88%EB%82%B4",
    ]);
    expect(textOf(blocks)).toContain("```@kim 답장 &amp; 안내```");
  });
});

describe("xComposerUrl", () => {
  it("replies to the post when its id is known", () => {
    expect(xComposerUrl({ text: "", postId: "7", handle: "kim" }, "a b")).toBe(
      "https://x.com/intent/post?in_reply_to=7&text=a%20b",
    );
  });
  it("starts the text with @handle when only the handle is known (once)", () => {
    expect(xComposerUrl({ text: "", handle: "kim" }, "hello")).toBe(
      "https://x.com/intent/post?text=%40kim%20hello",
    );
    expect(xComposerUrl({ text: "", handle: "kim" }, "@Kim hello")).toBe(
      "https://x.com/intent/post?text=%40Kim%20hello",
    );
  });
  it("has no link when neither is known", () => {
    expect(xComposerUrl({ text: "" }, "hello")).toBeUndefined();
  });
});

describe("the escalation post", () => {
  it("links back to the card and escapes the customer's words", () => {
    const c = makeCase({
      mention: { text: "<!here> 배송", handle: "kim" },
      escalation: {
        department: "delivery",
        at: NOW.toISOString(),
        by: { id: "U0JANE", via: "slack" },
        replies: [],
      },
    });
    const blocks = escalationBlocks(c, {
      timezone: "Asia/Seoul",
      now: NOW,
      department: ctx.department as NonNullable<CardContext["department"]>,
      intentTitle: "지연 불만",
      cardLink: "https://example.slack.com/archives/C0CARE/p1",
    });
    const text = textOf(blocks);
    expect(text).toContain("*Escalated to 배송팀* by <@U0JANE> at 14:03");
    expect(text).toContain("&lt;!here&gt; 배송");
    expect(text).not.toContain("<!here>");
    expect(text).toContain("<https://example.slack.com/archives/C0CARE/p1|the case card>");
  });
});
