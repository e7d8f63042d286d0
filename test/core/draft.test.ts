import { describe, expect, it } from "vitest";
import { weightedLength } from "../../src/core/length.js";
import { parseMention } from "../../src/core/mention.js";
import { detectLanguage } from "../../src/core/normalize.js";
import { checkTemplateSyntax, renderTemplate } from "../../src/core/template.js";
import type { DraftContext, LiveStatus } from "../../src/core/types.js";
import { defaultPack } from "../support/default-pack.js";

const { pack, engine } = defaultPack();
const now = new Date("2026-11-22T05:00:00Z"); // 14:00 in Seoul
const ctx: DraftContext = { now, timezone: "Asia/Seoul" };
const draftIntents = pack.intents.map((i) => i.id).filter((id) => id !== pack.settings.fallback_intent);

describe("sincere drafts", () => {
  it("never produces an apology-only draft: every template, language and context carries a concrete element", () => {
    const status: LiveStatus = {
      intent: "",
      text: "1차 물량 배송이 진행 중입니다",
      setAt: "2026-11-22T04:30:00Z",
      setBy: "U1",
    };
    const contexts: DraftContext[] = [
      ctx,
      { ...ctx, status },
      { ...ctx, status, notice: { intent: "", url: "https://example.com/n/1" } },
    ];
    let checked = 0;
    for (const intent of draftIntents) {
      for (const language of ["ko", "en"] as const) {
        // Different mention texts rotate through every variant.
        for (let i = 0; i < 12; i++) {
          for (const context of contexts) {
            const draft = engine.draft(
              intent,
              { text: `mention ${i}`, handle: "someone" },
              language,
              context,
            );
            expect(draft, `${intent}/${language}`).not.toBeNull();
            expect(draft?.concrete.length, `${intent} ${draft?.variant}: ${draft?.text}`).toBeGreaterThan(0);
            expect(engine.checkDraft(draft?.text ?? "").ok, draft?.text).toBe(true);
            expect(draft?.length).toBeLessThanOrEqual(280);
            checked++;
          }
        }
      }
    }
    expect(checked).toBe(draftIntents.length * 2 * 12 * 3);
  });

  it("has no draft for the fallback intent: a human decides", () => {
    expect(engine.draft("unknown", { text: "hello" }, "ko", ctx)).toBeNull();
  });

  it("rejects an apology-only edit and accepts one that names where to call", () => {
    const bad = engine.checkDraft("정말 죄송합니다. 확인 중입니다.");
    expect(bad.ok).toBe(false);
    expect(bad.problems[0]).toMatch(/is not enough\. Say what happens next/);
    expect(engine.checkDraft("Sorry! We are checking.").ok).toBe(false);
    expect(engine.checkDraft("죄송합니다. 080-000-0100으로 전화 주시면 바로 확인해 드릴게요.").ok).toBe(true);
    expect(engine.checkDraft("Sorry — the Billing Center will call you back today.").concrete).toContain(
      "department",
    );
  });

  it("rejects an edit longer than one X post, counting Hangul double", () => {
    const check = engine.checkDraft(`${"가".repeat(141)} 080-000-0100`);
    expect(check.ok).toBe(false);
    expect(check.length).toBe(141 * 2 + 13);
    expect(check.problems.join()).toMatch(/too long for one X post: 295\/280/);
  });
});

describe("live status lines", () => {
  const status = (setAt: string): LiveStatus => ({
    intent: "delay-complaint",
    text: "1차 물량 배송 중",
    setAt,
    setBy: "U1",
  });

  it("fills a fresh status with the time it was set, in the team's time zone", () => {
    const draft = engine.draft("delay-complaint", { text: "배송 언제요" }, "ko", {
      ...ctx,
      status: status("2026-11-22T04:30:00Z"),
    });
    expect(draft?.variant).toMatch(/^with_status#/);
    expect(draft?.text).toContain("1차 물량 배송 중");
    expect(draft?.text).toContain("11월 22일 13:30");
  });

  it("leaves out a stale status rather than showing it", () => {
    const staleAt = new Date(
      now.getTime() - (pack.settings.status_max_age_minutes + 1) * 60_000,
    ).toISOString();
    const draft = engine.draft("delay-complaint", { text: "배송 언제요" }, "ko", {
      ...ctx,
      status: status(staleAt),
    });
    expect(draft?.variant).not.toMatch(/^with_status#/);
    expect(draft?.text).not.toContain("1차 물량 배송 중");
  });

  it("links the official notice while one is active", () => {
    const draft = engine.draft("delay-complaint", { text: "where is my phone" }, "en", {
      ...ctx,
      notice: { intent: "delay-complaint", url: "https://example.com/notice/7" },
    });
    expect(draft?.variant).toMatch(/^with_notice#/);
    expect(draft?.text).toContain("https://example.com/notice/7");
  });

  it("falls back to a plain template when a long status would overflow the post", () => {
    const long: LiveStatus = { ...status("2026-11-22T04:30:00Z"), text: "배송".repeat(70) };
    const draft = engine.draft("delay-complaint", { text: "배송 언제요" }, "ko", { ...ctx, status: long });
    expect(draft?.length).toBeLessThanOrEqual(280);
    expect(draft?.variant).not.toMatch(/^with_status#/);
  });
});

describe("language, handle, particles and variants", () => {
  it("answers in the customer's language", () => {
    expect(detectLanguage("아이폰 언제 와요?")).toBe("ko");
    expect(detectLanguage("when does my iPhone ship?")).toBe("en");
    expect(detectLanguage("아이폰 delivery 언제 와요")).toBe("ko");
    expect(detectLanguage("my iPhone 배송 is so late, what is going on")).toBe("en");
    const c = engine.classify("My bill doubled this month, what is this charge?");
    const draft = engine.draft(c.intent, { text: "x" }, c.language, ctx);
    expect(c.language).toBe("en");
    expect(draft?.text).toMatch(/[a-z]{3,}/);
    expect(draft?.text).not.toMatch(/[\uAC00-\uD7A3]/);
  });

  it("addresses the customer's handle when known and reads cleanly without it", () => {
    const withHandle = engine.draft("praise", { text: "고마워요", handle: "minji" }, "ko", ctx);
    const without = engine.draft("praise", { text: "고마워요" }, "ko", ctx);
    expect(withHandle?.text.startsWith("@minji")).toBe(true);
    expect(without?.text).not.toMatch(/^\s|^[,.]|\s{2}/);
  });

  it("chooses the Korean particle by the filled-in value's last syllable", () => {
    expect(renderTemplate("{department:을/를} 연결해 드릴게요", { department: "고객센터" })).toBe(
      "고객센터를 연결해 드릴게요",
    );
    expect(renderTemplate("{department:을/를} 연결해 드릴게요", { department: "소셜 케어팀" })).toBe(
      "소셜 케어팀을 연결해 드릴게요",
    );
    expect(renderTemplate("{department:으로/로} 문의", { department: "요금 상담센터" })).toBe(
      "요금 상담센터로 문의",
    );
    expect(renderTemplate("{department:으로/로} 문의", { department: "홍보실" })).toBe("홍보실로 문의");
    expect(renderTemplate("{department:와/과} 함께", { department: "개통 지원센터" })).toBe(
      "개통 지원센터와 함께",
    );
    expect(renderTemplate("{department:이/가} 확인", { department: "이벤트 운영팀" })).toBe(
      "이벤트 운영팀이 확인",
    );
  });

  it("reads a value's final digit as its Korean name for the particle (hotlines, amounts)", () => {
    const call = (hotline: string) => renderTemplate("{hotline:으로/로} 전화 주세요", { hotline });
    expect(call("1600-2626")).toBe("1600-2626으로 전화 주세요"); // …육
    expect(call("080-000-0100")).toBe("080-000-0100으로 전화 주세요"); // …공/영
    expect(call("1588-2001")).toBe("1588-2001로 전화 주세요"); // …일: ㄹ takes 로
    expect(call("1577-0003")).toBe("1577-0003으로 전화 주세요"); // …삼
    expect(call("1544-0009")).toBe("1544-0009로 전화 주세요"); // …구
    expect(renderTemplate("{amount:이/가} 환불됩니다", { amount: "33,000" })).toBe("33,000이 환불됩니다");
    expect(renderTemplate("{amount:을/를} 확인", { amount: "$45" })).toBe("$45를 확인");
  });

  it("takes a pair in either order, and makes a particle after a parenthesis agree with the word before it", () => {
    expect(renderTemplate("{department:과/와} 함께", { department: "고객센터" })).toBe("고객센터와 함께");
    expect(checkTemplateSyntax("{department:과/와} 함께")).toEqual([]);
    expect(checkTemplateSyntax("{department:로/를} 함께")[0]).toContain("unknown particle");
    // "{hotline}({hours})로": the 로 goes with the hotline, not with the hours in brackets.
    const call = (hotline: string) =>
      renderTemplate("{hotline}({hours})로 전화 주세요", { hotline, hours: "24시간" });
    expect(call("080-000-0200")).toBe("080-000-0200(24시간)으로 전화 주세요");
    expect(call("1588-2001")).toBe("1588-2001(24시간)로 전화 주세요");
    expect(
      renderTemplate("{department}({hotline})을 찾아 주세요", { department: "고객센터", hotline: "114" }),
    ).toBe("고객센터(114)를 찾아 주세요");
  });

  it("rotates variants deterministically: same mention same draft, different mentions spread", () => {
    const a = engine.draft("network-quality", { text: "LTE 안 터져요" }, "ko", ctx);
    const b = engine.draft("network-quality", { text: "LTE 안 터져요" }, "ko", ctx);
    expect(a).toEqual(b);
    const variants = new Set(
      Array.from(
        { length: 30 },
        (_, i) => engine.draft("network-quality", { text: `신호 문제 ${i}` }, "ko", ctx)?.variant,
      ),
    );
    expect(variants.size).toBeGreaterThan(1);
  });

  it("measures X's weighted length: Hangul counts two, a URL 23", () => {
    expect(weightedLength("abc")).toBe(3);
    expect(weightedLength("가나다")).toBe(6);
    // General punctuation: quotes and the prime count one, the em space range too; the ellipsis two.
    expect(weightedLength("\u201c\u2032\u2003")).toBe(3);
    expect(weightedLength("\u2026\u3000")).toBe(4);
    expect(weightedLength("https://example.com/a/very/long/path/that/is/longer/than/23")).toBe(23);
  });
});

describe("parsing what staff paste", () => {
  it.each([
    ["@minji: 배송 언제 와요?", { handle: "minji", text: "배송 언제 와요?" }],
    ["@minji 배송 언제 와요?", { handle: "minji", text: "배송 언제 와요?" }],
    ["@ollehkt 배송 언제 와요?", { text: "배송 언제 와요?" }],
    ["@minji: @ollehkt 배송 언제 와요?", { handle: "minji", text: "@ollehkt 배송 언제 와요?" }],
    [
      "https://x.com/jun_park/status/1234567890123 폰이 안 와요",
      {
        handle: "jun_park",
        postId: "1234567890123",
        postUrl: "https://x.com/jun_park/status/1234567890123",
        text: "폰이 안 와요",
      },
    ],
    [
      "<https://twitter.com/Jun/status/42?s=20|twitter.com/Jun/status/42> refund please",
      { handle: "Jun", postId: "42", postUrl: "https://twitter.com/Jun/status/42", text: "refund please" },
    ],
    ["just plain text", { text: "just plain text" }],
  ])("%s", (raw, expected) => {
    expect(parseMention(raw, pack.settings.own_handles)).toEqual(expected);
  });
});
