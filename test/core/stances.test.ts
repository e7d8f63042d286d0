/**
 * The built-in stance lexicon (classifier/stances.ts): how the customer feels about what happened,
 * whatever the topic, as one feature per stance (`s:positive`), so that praise naming another intent's
 * topic ("명세서 디자인 보기 편하네요") still carries what praise examples share.
 */
import { describe, expect, it } from "vitest";
import { CONCEPTS, termsOf } from "../../src/core/classifier/concepts.js";
import { STANCES } from "../../src/core/classifier/stances.js";
import { lexiconKeys } from "../../src/core/concept-matcher.js";
import { extractFeatures, FEATURE_WEIGHTS } from "../../src/core/features.js";
import { normalizeForMatching } from "../../src/core/normalize.js";

const stancesOf = (text: string) =>
  lexiconKeys(normalizeForMatching(text)).filter((key) => key.startsWith("s:"));
const allTerms = (list: readonly { ko?: string; koShort?: string; en?: string }[]) =>
  list.flatMap((x) => [...termsOf(x.ko), ...termsOf(x.koShort), ...termsOf(x.en)]);

describe("stance lexicon", () => {
  it("has unique ids and gives each term one stance, and no term a topic concept also has", () => {
    const ids = STANCES.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    const terms = allTerms(STANCES);
    expect(terms.filter((t, i) => terms.indexOf(t) !== i)).toEqual([]);
    const topics = new Set(allTerms(CONCEPTS));
    expect(terms.filter((t) => topics.has(t))).toEqual([]);
  });

  it("reads the stance whatever the topic, in Korean and English", () => {
    expect(stancesOf("이번에 바뀐 명세서 디자인 보기 편하네요")).toEqual(["s:positive"]);
    expect(stancesOf("교통사고 처리 해결해 주셔서 든든했어요")).toEqual(["s:positive", "s:resolved"]);
    expect(stancesOf("상담사님 복 받으세요")).toEqual(["s:gratitude"]);
    expect(stancesOf("she sorted out my mess, thank you")).toEqual(["s:gratitude", "s:resolved"]);
    expect(stancesOf("honestly they have never let me down, always on time")).toEqual(["s:positive"]);
    expect(stancesOf("연회비 아깝지 않은 카드는 처음이다")).toEqual(["s:positive"]);
  });

  it("finds no stance in a plain request or a complaint", () => {
    expect(stancesOf("요금제 변경하고 싶어요")).toEqual([]);
    expect(stancesOf("요금 고지서가 이메일로 안 와요")).toEqual([]);
    expect(stancesOf("Can I change my seat?")).toEqual([]);
  });

  it("is a feature family of its own that a weight of 0 turns off", () => {
    const text = normalizeForMatching("보기 편하네요");
    expect(extractFeatures(text).get("s:positive")).toBe(FEATURE_WEIGHTS.stance);
    expect(extractFeatures(text, { ...FEATURE_WEIGHTS, stance: 0 }).has("s:positive")).toBe(false);
  });
});
