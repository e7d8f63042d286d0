/**
 * The built-in concept lexicon (classifier/concepts.ts) and its matcher: one shared feature for the
 * words of one topic in either language, so that a dozen examples saying 수하물 also teach "suitcase".
 */
import { describe, expect, it } from "vitest";
import { CONCEPTS, termsOf } from "../../src/core/classifier/concepts.js";
import { DEFAULT_CLASSIFIER_OPTIONS, IntentClassifier } from "../../src/core/classifier.js";
import { compileConcepts } from "../../src/core/concept-matcher.js";
import { extractFeatures, FEATURE_WEIGHTS } from "../../src/core/features.js";
import { normalizeForMatching } from "../../src/core/normalize.js";
import { examplesOnly } from "../support/training-intents.js";

const matcher = compileConcepts([
  { id: "luggage", ko: "수하물|캐리어", koShort: "짐", en: "suitcase|bag|carry on" },
  { id: "seat", ko: "좌석|창가 자리", en: "seat|aisle" },
  { id: "delivery", ko: "배송", en: "ship|parcel" },
]);
const keysOf = (text: string) => matcher.keys(normalizeForMatching(text));

describe("concept matching", () => {
  it("finds a Korean term at the start of a word, with its particles, and in a compound", () => {
    expect(keysOf("수하물이 안 나왔어요")).toEqual(["k:luggage"]);
    expect(keysOf("수하물분실 신고는 어디서 해요")).toEqual(["k:luggage"]);
    expect(keysOf("캐리어 바퀴가 부서졌어요 좌석 밑에 뒀는데")).toEqual(["k:luggage", "k:seat"]);
    // Not inside another word: 무배송 is not a word 배송 starts.
    expect(keysOf("무배송이에요")).toEqual([]);
  });

  it("finds a Korean phrase whether or not the customer spaced it", () => {
    expect(keysOf("창가 자리 있나요")).toEqual(["k:seat"]);
    expect(keysOf("창가자리 있나요")).toEqual(["k:seat"]);
  });

  it("finds a one-syllable term only as a word or with a particle", () => {
    expect(keysOf("짐이 아직 안 나왔어요")).toEqual(["k:luggage"]);
    expect(keysOf("짐 찾는 곳")).toEqual(["k:luggage"]);
    expect(keysOf("짐작도 못 했어요")).toEqual([]);
  });

  it("finds English terms in their word forms, and phrases word by word", () => {
    expect(keysOf("my bags never showed up")).toEqual(["k:luggage"]);
    expect(keysOf("Is it shipped yet?")).toEqual(["k:delivery"]);
    expect(keysOf("shipping takes forever")).toEqual(["k:delivery"]);
    expect(keysOf("my carry-on was too big")).toEqual(["k:luggage"]);
    expect(keysOf("carry the box on")).toEqual([]);
    expect(keysOf("aisles are dirty")).toEqual(["k:seat"]);
    expect(keysOf("sea views")).toEqual([]);
  });

  it("gives the keys as features of the concept family, at its weight", () => {
    const features = extractFeatures(normalizeForMatching("캐리어가 안 나왔어요"));
    expect(features.get("k:luggage")).toBe(FEATURE_WEIGHTS.concept);
    const without = extractFeatures(normalizeForMatching("캐리어가 안 나왔어요"), {
      ...FEATURE_WEIGHTS,
      concept: 0,
    });
    expect(without.has("k:luggage")).toBe(false);
  });
});

describe("the built-in lexicon", () => {
  it("has unique ids and gives every term to one concept only", () => {
    const ids = CONCEPTS.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(/^[a-z][a-z-]*$/);
    const owner = new Map<string, string>();
    for (const concept of CONCEPTS) {
      expect(termsOf(concept.ko).length, concept.id).toBeGreaterThan(0);
      expect(termsOf(concept.en).length, concept.id).toBeGreaterThan(0);
      const korean = [...termsOf(concept.ko), ...termsOf(concept.koShort)];
      for (const term of [...korean, ...termsOf(concept.en)]) {
        // Korean terms are matched without their spaces; English ones word by word.
        const normalized = normalizeForMatching(term);
        const key = korean.includes(term) ? normalized.replaceAll(" ", "") : normalized;
        expect(key, `${concept.id}: ${JSON.stringify(term)}`).not.toBe("");
        const other = owner.get(key);
        expect(other === undefined || other === concept.id, `${term} is in ${other} and ${concept.id}`).toBe(
          true,
        );
        owner.set(key, concept.id);
      }
      for (const term of termsOf(concept.koShort)) expect(term, concept.id).toMatch(/^[가-힣]$/);
    }
  });

  it("takes no request or stance word, which the request cues already read", () => {
    const words = CONCEPTS.flatMap((c) => termsOf(c.en));
    for (const cue of ["cancel", "refund", "delay", "broken", "thank", "late", "how much"])
      expect(words, cue).not.toContain(cue);
  });
});

describe("concepts in the classifier", () => {
  // Korean examples only: nothing in them says "suitcase", "캐리어" or "aisle".
  const intents = [
    examplesOnly("baggage", [
      "수하물이 안 나왔어요",
      "수하물 찾는 곳이 어디예요",
      "수하물 무게 제한 알려주세요",
    ]),
    examplesOnly("seats", ["좌석 지정 언제 돼요", "좌석 바꾸고 싶어요", "좌석이 너무 좁아요"]),
  ];
  const settings = { threshold: 0, ambiguity_threshold: 0.05, fallback_intent: "unknown" };
  const withConcepts = new IntentClassifier(intents, settings);
  const withoutConcepts = new IntentClassifier(intents, settings, {
    ...DEFAULT_CLASSIFIER_OPTIONS,
    featureWeights: { ...DEFAULT_CLASSIFIER_OPTIONS.featureWeights, concept: 0 },
  });
  const probability = (classifier: IntentClassifier, text: string, intent: string) =>
    classifier.scores(text).probabilities[classifier.intents.indexOf(intent)] as number;

  it("recognises the topic in words and a language no example has", () => {
    for (const [text, intent] of [
      ["my suitcase never showed up", "baggage"],
      ["캐리어가 아직 안 보여요", "baggage"],
      ["can I get an aisle seat", "seats"],
    ] as const) {
      expect(withConcepts.classify(text).intent, text).toBe(intent);
      expect(probability(withConcepts, text, intent), text).toBeGreaterThan(
        probability(withoutConcepts, text, intent),
      );
    }
  });
});
