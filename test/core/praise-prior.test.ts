/**
 * The praise prior (classifier/praise-prior.ts): a mention that thanks or praises and asks nothing
 * leans to the pack's praise-like intent, even when it names another intent's topic, without taking
 * anything from `unknown`. And its counterpart, the sarcasm prior: sarcastic thanks are a complaint,
 * neither praise nor chit-chat.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_CLASSIFIER_OPTIONS } from "../../src/core/classifier/model.js";
import {
  applyPraisePrior,
  applySarcasmPrior,
  praisePriorOf,
} from "../../src/core/classifier/praise-prior.js";
import { IntentClassifier } from "../../src/core/classifier.js";
import { normalizeForMatching } from "../../src/core/normalize.js";

const intent = (id: string, examples: string[]) => ({ id, examples, negativeExamples: [], keywords: [] });
const intents = [
  intent("baggage", [
    "캐리어가 안 나왔어요",
    "수하물 몇 kg까지 무료예요",
    "짐 바퀴가 부서져서 왔어요",
    "My suitcase never arrived",
    "How many bags can I check?",
    "기내에 캐리어 들고 타도 되나요",
  ]),
  intent("meal", [
    "기내식 메뉴 미리 볼 수 있나요",
    "채식 기내식 신청하려면요",
    "기내식이 식어서 나왔어요",
    "Can I pre-order a special meal?",
    "The meal on my flight was cold",
    "기내식 알레르기 정보 어디서 봐요",
  ]),
  intent("praise", [
    "승무원분들 너무 친절하셨어요 감사합니다",
    "오늘 비행 최고였어요",
    "정말 감사합니다 덕분에 편하게 왔어요",
    "Thank you, the crew was amazing",
    "Best flight ever, thanks team",
    "직원분 덕분에 살았어요 고마워요",
  ]),
  intent("unknown", [
    "점심 뭐 먹지",
    "불금이다",
    "오늘 날씨 좋다",
    "follow me for followers",
    "lol",
    "야구 이겼다",
  ]),
];
const settings = { threshold: 0.2, ambiguity_threshold: 0.05, fallback_intent: "unknown" };
const withPrior = new IntentClassifier(intents, settings, DEFAULT_CLASSIFIER_OPTIONS);
const withoutPrior = new IntentClassifier(intents, settings, {
  ...DEFAULT_CLASSIFIER_OPTIONS,
  praiseShift: 0,
});
const withoutSarcasmPrior = new IntentClassifier(intents, settings, {
  ...DEFAULT_CLASSIFIER_OPTIONS,
  sarcasmShift: 0,
});

describe("the praise-like intent", () => {
  it("is the intent most of whose examples thank or praise, at full strength for a small pack", () => {
    const texts = intents.flatMap((i) => i.examples);
    const labels = intents.flatMap((i, label) => i.examples.map(() => label));
    expect(praisePriorOf(texts, labels, 4, 3, 0.5)).toEqual({ intent: 2, shift: 0.5 });
  });

  it("is none when no intent mostly praises, or when the option is 0", () => {
    const plain = intents.filter((i) => i.id !== "praise");
    const texts = plain.flatMap((i) => i.examples);
    const labels = plain.flatMap((i, label) => i.examples.map(() => label));
    expect(praisePriorOf(texts, labels, 3, 2, 0.5)).toBeNull();
    const all = intents.flatMap((i) => i.examples);
    expect(
      praisePriorOf(
        all,
        intents.flatMap((i, l) => i.examples.map(() => l)),
        4,
        3,
        0,
      ),
    ).toBeNull();
  });

  it("leans less in a pack with many examples an intent", () => {
    const many = Array.from({ length: 96 }, (_, i) =>
      i % 2 ? "정말 감사합니다 최고예요" : "캐리어가 안 나왔어요",
    );
    const labels = many.map((_, i) => i % 2);
    const prior = praisePriorOf(many, labels, 2, -1, 0.5);
    expect(prior?.intent).toBe(1);
    expect(prior?.shift).toBeCloseTo(0.25, 5); // 48 examples an intent: 24 / 48 of the shift
  });
});

describe("applyPraisePrior", () => {
  const prior = { intent: 2, shift: 0.5 };
  const apply = (probabilities: number[], text: string) => {
    const p = Float64Array.from(probabilities);
    applyPraisePrior(p, prior, 3, normalizeForMatching(text), text);
    return [...p];
  };

  it("moves the share of the other real intents to praise and leaves the fallback's alone", () => {
    const after = apply([0.5, 0.1, 0.2, 0.2], "직원분이 캐리어 찾아 주셔서 감사해요");
    expect(after[0]).toBeCloseTo(0.25);
    expect(after[1]).toBeCloseTo(0.05);
    expect(after[2]).toBeCloseTo(0.5);
    expect(after[3]).toBeCloseTo(0.2);
    expect(after.reduce((a, b) => a + b)).toBeCloseTo(1);
  });

  it("counts thanks for putting a problem right, and praise that would come again, as praise alone", () => {
    for (const text of [
      "결항됐는데 직원분이 호텔까지 잡아 주셔서 감사했어요",
      "my bag was broken but the crew fixed it, thank you so much",
      "10/10 would fly again, thank you",
      // A problem said to be solved (the resolved stance); its cancel word is the disruption.
      "Flight got cancelled but your team had us on the next one within the hour. Impressed",
    ])
      expect(apply([0.5, 0.1, 0.2, 0.2], text)[2], text).toBeCloseTo(0.5);
  });

  it("does nothing when the mention asks, reports a problem, wishes, is sarcastic or does not praise", () => {
    const before = [0.5, 0.1, 0.2, 0.2];
    for (const text of [
      "캐리어 찾아 주셔서 감사해요 근데 바퀴 파손은 어디에 신고해요",
      "캐리어 찾아 주셔서 감사해요, 다음엔 더 빨리 찾아 주시면 좋겠어요",
      "덕분에 환승 비행기 놓쳤어요^^ 정말 감사하네요",
      "캐리어 언제 와요",
      "Thanks, it would be nice if bags came out faster",
      "Thanks, the crew was great, but I want to cancel my return flight",
    ])
      expect(apply(before, text), text).toEqual(before);
  });

  it("does nothing when the fallback or praise is on top, or praise is no contender", () => {
    const text = "직원분이 캐리어 찾아 주셔서 감사해요";
    expect(apply([0.2, 0.1, 0.2, 0.5], text)).toEqual([0.2, 0.1, 0.2, 0.5]);
    expect(apply([0.2, 0.1, 0.6, 0.1], text)).toEqual([0.2, 0.1, 0.6, 0.1]);
    expect(apply([0.9, 0.03, 0.05, 0.02], text)).toEqual([0.9, 0.03, 0.05, 0.02]);
  });
});

describe("in the classifier", () => {
  it("reads thanks that name another intent's topic as praise", () => {
    const text = "수하물 직원분이 캐리어 찾아주셔서 감사해요";
    expect(withoutPrior.classify(text).intent).toBe("baggage");
    expect(withPrior.classify(text).intent).toBe("praise");
  });

  it("keeps a question that comes with thanks, and chit-chat, where they were", () => {
    for (const text of [
      "캐리어 찾아주셔서 감사해요 근데 바퀴 파손은 어디에 신고해요",
      "ㅋㅋ 대박",
      "haha nice",
    ])
      expect(withPrior.classify(text).intent, text).toBe(withoutPrior.classify(text).intent);
    expect(withPrior.classify("haha nice").intent).toBe("unknown");
  });

  it("keeps the prior in a model snapshot", () => {
    const restored = IntentClassifier.fromSnapshot(withPrior.snapshot(), settings);
    expect(restored.classify("수하물 직원분이 캐리어 찾아주셔서 감사해요").intent).toBe("praise");
  });
});

describe("applySarcasmPrior", () => {
  it("moves the shift of praise and the fallback to the other real intents, in proportion", () => {
    const p = Float64Array.from([0.2, 0.1, 0.4, 0.3]);
    applySarcasmPrior(p, 2, 3, 1);
    expect(p[0]).toBeCloseTo(0.2 + (0.7 * 2) / 3);
    expect(p[1]).toBeCloseTo(0.1 + 0.7 / 3);
    expect(p[2]).toBeCloseTo(0);
    expect(p[3]).toBeCloseTo(0);
    const half = Float64Array.from([0.2, 0.1, 0.4, 0.3]);
    applySarcasmPrior(half, 2, 3, 0.5);
    expect([...half].reduce((a, b) => a + b)).toBeCloseTo(1);
    expect(half[2]).toBeCloseTo(0.2);
    expect(half[3]).toBeCloseTo(0.15);
  });

  it("takes from the fallback alone when the pack has no praise-like intent, and moves nothing to nobody", () => {
    const p = Float64Array.from([0.2, 0.2, 0.6]);
    applySarcasmPrior(p, -1, 2, 1);
    expect([...p].map((v) => Math.round(v * 100) / 100)).toEqual([0.5, 0.5, 0]);
    const none = Float64Array.from([0, 0, 0.5, 0.5]);
    applySarcasmPrior(none, 2, 3, 1);
    expect([...none]).toEqual([0, 0, 0.5, 0.5]);
    const off = Float64Array.from([0.2, 0.1, 0.4, 0.3]);
    applySarcasmPrior(off, 2, 3, 0);
    expect([...off]).toEqual([0.2, 0.1, 0.4, 0.3]);
  });
});

describe("the sarcasm prior in the classifier", () => {
  it("reads sarcastic thanks that lack the pack's complaint words as a complaint, not praise or chit-chat", () => {
    // Stripped of its thanks, "파랑항공 오늘 비행 ... ^^" shares its words with the praise examples.
    const text = "와 오늘 비행 덕분에 여행 첫날 완전히 망쳤어요^^ 감사합니다";
    expect(["praise", "unknown"]).toContain(withoutSarcasmPrior.classify(text).intent);
    expect(["baggage", "meal"]).toContain(withPrior.classify(text).intent);
  });

  it("leaves sincere thanks with a smile as praise", () => {
    const text = "승무원분이 끝까지 챙겨 주셔서 감사했어요^^";
    expect(withPrior.classify(text).intent).toBe("praise");
  });
});
