/**
 * Situations within an intent, the customer's specifics and "don't ask for what was given", on a small
 * airline fixture pack (test/fixtures/situations), so improving the default pack never breaks these.
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createEngine } from "../../src/core/engine.js";
import { buildPack } from "../../src/core/pack.js";
import { formatProblem } from "../../src/core/problems.js";
import { GENERAL_SITUATION, indexSituations, rankSituations } from "../../src/core/situations.js";
import { packFolder } from "../../src/pack/dirs.js";
import { loadPack, readPackSources } from "../../src/pack/load.js";

const FIXTURE = "test/fixtures/situations";
const build = loadPack(packFolder(FIXTURE));
if (!build.pack) throw new Error(build.problems.map(formatProblem).join("\n"));
const pack = build.pack;
const engine = createEngine(pack);
const ctx = { now: new Date("2026-12-01T09:00:00Z"), timezone: "Asia/Seoul" };
const draft = (intent: string, text: string, language: "ko" | "en" = "ko") => {
  const d = engine.draft(intent, { text, handle: "minji" }, language, ctx);
  if (!d) throw new Error("no draft");
  return d;
};

describe("choosing the situation", () => {
  it("picks the situation the mention is about and says what matched", () => {
    const d = draft("flight-delay", "결항돼서 대체편 필요해요");
    expect(d.situation).toBe("rebooking");
    expect(d.variant).toMatch(/^rebooking#/);
    expect(d.situationEvidence?.matched).toEqual(expect.arrayContaining(["결항", "대체편"]));
    expect(d.situationTitle).toEqual({ ko: "대체편", en: "Rebooking" });
  });

  it("reads Hangul without spaces and English word forms, like the classifier", () => {
    const index = indexSituations(pack.replies.get("flight-delay") as never);
    expect(rankSituations(index, "탑 승 구가 어디예요")[0]?.id).toBe("gate-change");
    expect(rankSituations(index, "we were rebooked? no, cancelled")[0]?.id).toBe("rebooking");
    expect(rankSituations(index, "our flight got delayed, what's the departure time")[0]?.id).toBe(
      "delay-time",
    );
  });

  it("takes one edit for a typo of a keyword below nine letters, so a real word is not a typo", () => {
    const index = indexSituations(pack.replies.get("flight-delay") as never);
    const matched = (text: string) => rankSituations(index, text).flatMap((r) => r.matched);
    expect(matched("our flight got delayde again")).toContain("delayed");
    // "deleted" is two edits from the cue "delayed": a word of its own, not a misspelling.
    expect(matched("my booking got deleted")).not.toContain("delayed");
    // From nine letters, two edits: "cancelled" from "canncelld".
    expect(matched("flight canncelld")).toContain("cancelled");
  });

  it("ranks the same after many mentions with words no situation has (those are forgotten, bounded)", () => {
    const index = indexSituations(pack.replies.get("flight-delay") as never);
    const mentions = ["결항돼서 대체편 필요해요", "we were rebooked? no, cancelled", "탑 승 구가 어디예요"];
    const before = mentions.map((m) => rankSituations(index, m));
    // 4,000 mentions of made-up syllables and words: far more features than are kept.
    for (let i = 0; i < 4000; i++) {
      const syllables = Array.from({ length: 6 }, (_, j) =>
        String.fromCharCode(0xac00 + ((i * 7 + j * 131) % 11172)),
      );
      rankSituations(index, `${syllables.join("")} word${i}x zq${i}`);
    }
    expect(mentions.map((m) => rankSituations(index, m))).toEqual(before);
  });

  it("knows a situation by the topics and requests only it names, beyond its own words", () => {
    const replies = (
      id: string,
      title: { ko: string; en: string },
      keywords: string[],
      examples: string[],
    ) => ({
      id,
      title,
      keywords,
      examples,
      replies: {
        ko: [{ text: "{handle} 확인해 드립니다", asks: [] }],
        en: [{ text: "{handle} We'll check", asks: [] }],
      },
      line: 1,
    });
    const set = {
      intent: "inflight-service",
      situations: [
        replies("general", { ko: "일반", en: "General" }, [], []),
        replies(
          "cabin-comfort",
          { ko: "좌석·청결·온도", en: "Seat, cleanliness, temperature" },
          ["더워요"],
          ["기내 에어컨이 너무 세요"],
        ),
        replies("meal", { ko: "기내식", en: "Meals" }, ["기내식"], ["기내식 비빔밥이 다 떨어졌대요"]),
        replies(
          "crew",
          { ko: "승무원 응대", en: "Crew conduct" },
          ["승무원"],
          ["승무원이 기내에서 반말했어요"],
        ),
      ],
    };
    const index = indexSituations(set as never);
    // None of the words are the situation's own: the temperature topic is, from its title.
    const cold = rankSituations(index, "비행 내내 너무 추웠어요 덜덜");
    expect(cold[0]?.id).toBe("cabin-comfort");
    expect(cold[0]?.matched).toContain("≈ temperature");
    expect(rankSituations(index, "the seat was filthy and sticky")[0]?.id).toBe("cabin-comfort");
    // A topic every situation of the intent names (기내, the cabin) tells none of them apart.
    const cabin = index.situations.find((s) => s.id === "cabin-comfort");
    expect(cabin?.concepts).toEqual(expect.arrayContaining(["k:temperature", "k:seat", "k:cleanliness"]));
    expect(index.situations.some((s) => s.concepts.includes("k:flight"))).toBe(false);
    // With one situation beside `general`, nothing tells it apart: it gets no topics of its own,
    // or every mention of the intent would go to it.
    const alone = indexSituations({ situations: [set.situations[0], set.situations[1]] } as never);
    expect(alone.situations[0]?.concepts).toEqual([]);
    expect(rankSituations(alone, "비행 내내 너무 추웠어요 덜덜")[0]?.matched ?? []).not.toContain(
      "≈ temperature",
    );
  });

  it("falls back to `general` when no situation is relevant enough", () => {
    const d = draft("flight-delay", "비행기 괜찮은 거죠?");
    expect(d.situation).toBe(GENERAL_SITUATION);
    expect(d.variant).toMatch(/^general#/);
    expect(d.situationEvidence).toBeUndefined();
  });

  it("rotates variants only among the chosen situation's replies", () => {
    const variants = new Set<string>();
    for (let i = 0; i < 30; i++) variants.add(draft("flight-delay", `결항 대체편 문의 ${i}번`).variant);
    expect([...variants].every((v) => v.startsWith("rebooking#"))).toBe(true);
    expect(variants.size).toBeGreaterThan(1);
  });

  it("offers a close second situation as an alternative draft", () => {
    const d = draft("flight-delay", "결항이라는데 탑승구에서 기다려야 하나요");
    const all = [d.situation, ...d.alternatives.map((a) => a.situation)];
    expect(all).toEqual(expect.arrayContaining(["rebooking", "gate-change"]));
    expect(d.alternatives.length).toBeLessThanOrEqual(2);
    for (const alt of d.alternatives) {
      expect(alt.text).not.toBe(d.text);
      expect(engine.checkDraft(alt.text).ok).toBe(true);
    }
  });
});

describe("the customer's specifics", () => {
  it("uses what the mention gives and a fallback when it gives nothing", () => {
    const given = draft("flight-delay", "인천공항인데 OZ541 두 시간째 지연, 몇 시에 출발해요?");
    expect(given.specifics).toMatchObject({ flightNumber: "OZ541", wait: "두 시간째", place: "인천공항" });
    expect(given.text).toMatch(/OZ541|인천공항|두 시간째/);
    const none = draft("flight-delay", "출발 지연이라는데 몇 시에 떠요");
    expect(none.specifics.flightNumber).toBeUndefined();
    expect(none.text).not.toContain("{");
    expect(none.text).toMatch(/타실 편|공항|오래/);
  });

  it("does not ask for the flight number the customer just gave: a sibling that uses it is chosen", () => {
    for (let i = 0; i < 10; i++) {
      const d = draft("flight-delay", `KE123편 결항됐어요 대체편 부탁해요 ${i}`);
      expect(d.situation).toBe("rebooking");
      expect(d.text).not.toContain("편명을 알려");
      expect(d.text).toContain("KE123");
    }
    const en = draft("flight-delay", "KE 123 was cancelled, can you rebook me?", "en");
    expect(en.text).not.toContain("Tell us your flight number");
    expect(en.text).toContain("KE123");
  });

  it("may ask for the flight number when it was not given", () => {
    const texts = new Set<string>();
    for (let i = 0; i < 30; i++) texts.add(draft("flight-delay", `결항됐어요 대체편 부탁 ${i}`).text);
    expect([...texts].some((t) => t.includes("편명을 알려"))).toBe(true);
    expect([...texts].every((t) => !t.includes("{flightNumber}"))).toBe(true);
  });
});

describe("validating reply files", () => {
  const sources = () => readPackSources(packFolder(FIXTURE));
  const withReply = (name: string, edit: (text: string) => string) => {
    const s = sources();
    s.replies = s.replies.map((f) => (f.path.endsWith(name) ? { ...f, text: edit(f.text) } : f));
    return buildPack(s)
      .problems.filter((p) => p.severity === "error")
      .map(formatProblem);
  };
  const replyPath = path.join(FIXTURE, "replies", "flight-delay.yaml");
  const lineOf = (needle: string) =>
    fs
      .readFileSync(replyPath, "utf8")
      .split("\n")
      .findIndex((l) => l.includes(needle)) + 1;

  it("warns about a thin situation (few examples and few keywords), at its line", () => {
    const warnings = buildPack(sources())
      .problems.filter((p) => p.severity === "warning")
      .map(formatProblem);
    // gate-change has two examples and three keywords; rebooking has six keywords.
    expect(warnings).toEqual([
      `${replyPath}:${lineOf("id: gate-change")}: warning: situations[3] (gate-change): only 2 when.examples and 3 keywords, so most mentions about it will get the general reply; aim for 3-5 examples written differently and 8-15 keywords (README, "Start your own pack")`,
    ]);
  });

  it("refuses a reply file without `general`", () => {
    const errors = withReply("flight-delay.yaml", (t) => t.replace("  - id: general\n", "  - id: generic\n"));
    expect(errors).toContain(
      `${replyPath}:3: situations: needs a \`general\` situation whose replies fit any mention of the intent`,
    );
  });

  it("names the allowed values of a reply's `asks`, at the reply's own path", () => {
    const errors = withReply("flight-delay.yaml", (t) =>
      t.replace("asks: [flightNumber]", "asks: [bookingRef]"),
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /flight-delay\.yaml:15: situations\[\d\] \([a-z-]+\)\.ko\[\d\]\.asks\[0\]: .*"flightNumber"/,
    );
    expect(errors[0]).toContain('"orderNumber"');
  });

  it("refuses a situation without replies in both languages, at its line", () => {
    const errors = withReply("baggage.yaml", (t) =>
      t.replace(/ {4}en:\n {6}- "\{handle\} Sorry your bag is missing[^\n]*\n/, ""),
    );
    // The situation is named by its id as well as its index, so nobody has to count entries.
    expect(errors.join("\n")).toMatch(
      /replies\/baggage\.yaml:\d+: situations\[1\] \([a-z-]+\)\.en: is missing/,
    );
  });

  it("takes `text:` without `asks:` as a reply that asks for nothing", () => {
    const errors = withReply("flight-delay.yaml", (t) => t.replace(/asks: \[flightNumber\]\n/, ""));
    expect(errors.filter((e) => e.includes("asks"))).toEqual([]);
  });

  it("refuses a `when` example that copies an intent example or a test sentence", () => {
    const copiesExample = withReply("flight-delay.yaml", (t) =>
      t.replace('"결항돼서 다른 편으로 바꾸고 싶어요"', '"오늘 제주행 결항이래요 어떻게 해요"'),
    );
    expect(copiesExample.join("\n")).toContain(
      `${replyPath}:${lineOf("결항돼서 다른 편으로")}: situations[1] (rebooking).when.examples[0]: copies an example of intent 'flight-delay' (`,
    );
    const copiesTest = withReply("flight-delay.yaml", (t) =>
      t.replace('"결항돼서 다른 편으로 바꾸고 싶어요"', '"KE123편 결항됐는데 다른 비행기 탈 수 있나요"'),
    );
    expect(copiesTest.join("\n")).toMatch(
      new RegExp(
        `${replyPath}:${lineOf("결항돼서 다른 편으로")}: situation 'rebooking': when example .* copies a test sentence`,
      ),
    );
  });

  it("refuses an insincere reply and one that only ever asks, naming file and line", () => {
    const insincere = withReply("baggage.yaml", (t) =>
      t.replace(
        "짐이 안 나와 걱정되시죠. {department}에서 위치를 추적해 오늘 안에 연락드리겠습니다. 전화 {hotline}.",
        "정말 죄송합니다. {department}도 알고 있어요.",
      ),
    );
    expect(insincere.join("\n")).toMatch(
      /replies\/baggage\.yaml:\d+: situations\[1\] \(lost-bag\)\.ko\[0\]: not sincere/,
    );
    const onlyAsks = withReply("flight-delay.yaml", (t) =>
      t
        .replace(/ {6}- "\{handle\} 죄송합니다\. \{flightNumber\}[^\n]*\n/, "")
        .replace(/ {6}- "\{handle\} 결항으로 불편 드려 죄송합니다\. \{department\}\([^\n]*\n/, ""),
    );
    expect(onlyAsks.join("\n")).toMatch(
      /situations\[1\] \(rebooking\)\.ko: no reply fits a mention that gives \{flightNumber\}/,
    );
    // A reply that asks for the flight number and one that uses it cover every mention between them.
    const pair = withReply("flight-delay.yaml", (t) =>
      t.replace(/ {6}- "\{handle\} 결항으로 불편 드려 죄송합니다\. \{department\}\([^\n]*\n/, ""),
    );
    expect(pair.join("\n")).not.toMatch(/rebooking\)\.ko: no reply fits/);
  });

  it("refuses a test sentence naming a situation the intent does not have", () => {
    const s = sources();
    s.tests = (s.tests ?? []).map((f) => ({
      ...f,
      text: f.text.replace("situation: delay-time", "situation: boarding"),
    }));
    const errors = buildPack(s).problems.map(formatProblem);
    expect(errors.join("\n")).toMatch(
      /tests\/flight-delay\.yaml:4: sentences\[1\]\.situation: 'boarding' is not a situation of replies\/flight-delay\.yaml/,
    );
  });
});
