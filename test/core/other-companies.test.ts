/**
 * Mentions that tag another company (classifier/other-companies.ts): "@cjlogistics 택배 3일째 …"
 * reads like a real delivery question, but it is not ours to answer.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_CLASSIFIER_OPTIONS } from "../../src/core/classifier/model.js";
import {
  addressedElsewhere,
  applyOtherCompanyPrior,
  businessNameOfHandle,
  companyOfHandle,
  packAddresseesOf,
} from "../../src/core/classifier/other-companies.js";
import { IntentClassifier } from "../../src/core/classifier.js";
import { parseMention } from "../../src/core/mention.js";
import { normalizeForMatching } from "../../src/core/normalize.js";

const intent = (id: string, examples: string[]) => ({ id, examples, negativeExamples: [], keywords: [] });
const baggage = intent("baggage", [
  "@saebyeokair 캐리어가 안 나왔어요",
  "수하물 몇 kg까지 무료예요",
  "짐이 3일째 안 와요 어떻게 된 거예요",
  "My suitcase never arrived",
  "택배로 짐 보내주실 수 있나요",
  "가방이 파손돼서 왔어요",
]);
const disruption = intent("disruption", [
  "비행기 언제 출발해요?",
  "결항이래요 대체편 있나요",
  "점검 때문에 지연된다는데 언제 끝나요",
  "Flight delayed again, when do we leave",
  "@saebyeokair 지연 보상 있나요",
  "출발 시간이 바뀌었다는 문자 받았어요",
]);
const unknown = intent("unknown", [
  "점심 뭐 먹지",
  "불금이다",
  "오늘 날씨 좋다",
  "follow me",
  "lol",
  "야구 이겼다",
]);
const settings = { threshold: 0.2, ambiguity_threshold: 0.05, fallback_intent: "unknown" };
const intents = [baggage, disruption, unknown];

const none = { companies: new Set<string>(), handles: new Set<string>(), others: new Set<string>() };
const elsewhere = (raw: string, pack = none) =>
  addressedElsewhere(raw, normalizeForMatching(raw), pack) !== undefined;

describe("a company's handle", () => {
  it("is one of its names with only what company accounts add around it (ask…, …cs, …kr)", () => {
    expect(companyOfHandle("coupangcs")).toBe("c:coupang");
    expect(companyOfHandle("nexonkorea")).toBe("c:nexon");
    expect(companyOfHandle("samsungmobile")).toBe("c:samsung");
    expect(companyOfHandle("kakaotalk")).toBe("c:kakao");
    expect(companyOfHandle("kt_official")).toBe("c:kt");
    expect(companyOfHandle("ktown")).toBeUndefined();
    expect(companyOfHandle("NCsoft_kr")).toBe("c:ncsoft");
    expect(companyOfHandle("AskNexon")).toBe("c:nexon");
    // An airline's or a country's code after a separator; not after a name as short as initials.
    expect(companyOfHandle("KoreanAir_KE")).toBe("c:korean-air");
    expect(companyOfHandle("kt_jh")).toBeUndefined();
    // A company tagged by its Korean name, as customers do ("@CJ대한통운 택배 3일째…").
    expect(companyOfHandle("CJ대한통운")).toBe("c:cj-logistics");
    expect(companyOfHandle("쿠팡")).toBe("c:coupang");
    expect(companyOfHandle("별항공")).toBeUndefined();
    expect(companyOfHandle("ZARA")).toBe("c:fashion-brands");
    // A customer whose name holds a brand is a customer.
    expect(companyOfHandle("starbucks_addict")).toBeUndefined();
    expect(companyOfHandle("koreanair_fan99")).toBeUndefined();
    expect(companyOfHandle("kim_minsu")).toBeUndefined();
  });
});

describe("a business's handle the lexicon does not know", () => {
  it("is a name followed by what a business is (air, bank, taxi, coffee, official…)", () => {
    expect(businessNameOfHandle("skyway_air")).toBe("skyway");
    expect(businessNameOfHandle("@NuriBank")).toBe("nuri");
    expect(businessNameOfHandle("greenride_taxi_kr")).toBe("greenride");
    expect(businessNameOfHandle("metroline_official")).toBe("metroline");
    // Written together: the business word at the end, after a name of four letters or more.
    expect(businessNameOfHandle("haneulair")).toBe("haneul");
    expect(businessNameOfHandle("nuribank")).toBe("nuri");
    expect(businessNameOfHandle("jihyehair")).toBeUndefined();
    expect(businessNameOfHandle("minji")).toBeUndefined();
    expect(businessNameOfHandle("myair")).toBeUndefined();
    expect(businessNameOfHandle("shillastay")).toBe("shilla");
    expect(businessNameOfHandle("haeundae_bayhotel")).toBe("haeundaebay");
    // People's handles: a name alone, or with a country.
    expect(businessNameOfHandle("minji_kr")).toBeUndefined();
    expect(businessNameOfHandle("kim_minsu")).toBeUndefined();
    expect(businessNameOfHandle("jihye_hair")).toBeUndefined();
    expect(businessNameOfHandle("official")).toBeUndefined();
  });

  it("addresses another company when the pack has handles of its own and the name is in none", () => {
    const ours = { ...none, handles: new Set(["saebyeokair"]) };
    expect(elsewhere("@skyway_air 인천-오사카 지연 2시간째", ours)).toBe(true);
    expect(elsewhere("@NuriBank 앱 로그인이 안 돼요", ours)).toBe(true);
    // Our own accounts, however they are spelled, and people are not another company.
    expect(elsewhere("@saebyeok_air 지연 2시간째", ours)).toBe(false);
    expect(elsewhere("@saebyeokair_official 지연 2시간째", ours)).toBe(false);
    expect(elsewhere("@minji_kr 우리 비행기 또 지연됨", ours)).toBe(false);
    // With no handle of its own to compare, a pack cannot tell.
    expect(elsewhere("@skyway_air 인천-오사카 지연 2시간째")).toBe(false);
  });
});

describe("addressedElsewhere", () => {
  it("is true for a mention that tags another company's handle", () => {
    expect(elsewhere("@cjlogistics 택배 3일째 허브에 멈춰있는데요")).toBe(true);
    expect(elsewhere("@NexonKorea 점검 언제 끝나요")).toBe(true);
    expect(addressedElsewhere("@NexonKorea 점검 언제 끝나요", "nexonkorea 점검 언제 끝나요", none)).toBe(
      "nexonkorea",
    );
  });

  it("is false when the company is only named, which may be a partner or a tool", () => {
    expect(elsewhere("현대카드로 결제했는데 환불이 안 돼요")).toBe(false);
    expect(elsewhere("CJ대한통운 기사님이 문 앞에 던지고 갔어요")).toBe(false);
  });

  it("is false when the pack names that company or handle, or the mention tags ours too", () => {
    const pack = packAddresseesOf(
      ["쿠팡 로켓배송이 안 와요", "@saebyeokair 짐이 안 나왔어요"],
      normalizeForMatching,
    );
    expect(pack.companies).toEqual(["c:coupang"]);
    expect(pack.handles).toEqual(["saebyeokair"]);
    const named = {
      companies: new Set(pack.companies),
      handles: new Set(pack.handles),
      others: new Set<string>(),
    };
    expect(elsewhere("@CoupangCS 로켓배송 언제 와요", named)).toBe(false);
    expect(elsewhere("@KoreanAir 는 무료던데 @saebyeokair 는 왜 유료예요?", named)).toBe(false);
    expect(elsewhere("@KoreanAir 마일리지 언제 들어와요", named)).toBe(true);
  });

  it("reads Instagram accounts as handles, and no e-mail address", () => {
    expect(elsewhere("@koreanair.official 마일리지 언제 들어와요")).toBe(true);
    expect(elsewhere("영수증은 help@koreanair.com 으로 보냈어요")).toBe(false);
    const ours = { ...none, handles: new Set(["baramair_official"]) };
    expect(elsewhere("@baramair_official 짐이 안 나왔어요.", ours)).toBe(false);
    expect(elsewhere("짐이 안 나왔어요 @skyway.air.", ours)).toBe(true);
  });

  it("is true for a handle the pack's settings list as another company's (other_handles)", () => {
    // @united is no company the classifier knows (the word is too common), so a pack names it.
    expect(elsewhere("@united 수하물 규정 알려주세요")).toBe(false);
    const listed = { ...none, others: new Set(["united"]) };
    expect(elsewhere("@united 수하물 규정 알려주세요", listed)).toBe(true);
    expect(
      elsewhere("@United @saebyeokair 수하물 규정 알려주세요", {
        ...listed,
        handles: new Set(["saebyeokair"]),
      }),
    ).toBe(false);
  });
});

describe("applyOtherCompanyPrior", () => {
  it("moves the shift of every real intent to the fallback, keeping the sum", () => {
    const p = Float64Array.from([0.6, 0.3, 0.1]);
    applyOtherCompanyPrior(p, 2, 0.5);
    expect([...p].map((v) => Math.round(v * 100) / 100)).toEqual([0.3, 0.15, 0.55]);
    const off = Float64Array.from([0.6, 0.3, 0.1]);
    applyOtherCompanyPrior(off, -1, 0.5);
    expect([...off]).toEqual([0.6, 0.3, 0.1]);
  });
});

describe("in the classifier", () => {
  const withPrior = new IntentClassifier(intents, settings, DEFAULT_CLASSIFIER_OPTIONS);
  const withoutPrior = new IntentClassifier(intents, settings, {
    ...DEFAULT_CLASSIFIER_OPTIONS,
    otherCompanyShift: 0,
  });

  it("answers a mention for another company `unknown`, and leaves ours alone", () => {
    const text = "@cjlogistics 택배 3일째 안 와요 어떻게 된 거예요";
    expect(withoutPrior.classify(text).intent).toBe("baggage");
    expect(withPrior.classify(text).intent).toBe("unknown");
    // The card says why: the handle, as evidence for the fallback.
    expect(withPrior.classify(text).evidence).toContainEqual({
      kind: "company",
      intent: "unknown",
      value: "@cjlogistics",
      score: 0.5,
    });
    expect(withoutPrior.classify(text).evidence.some((e) => e.kind === "company")).toBe(false);
    const ours = "@saebyeokair 짐이 3일째 안 와요 어떻게 된 거예요";
    expect(withPrior.classify(ours).intent).toBe("baggage");
  });

  it("does not count the companies its fallback or negative examples name as the pack's own", () => {
    const withOthers = [
      { ...baggage, negativeExamples: ["@cjlogistics 택배가 안 와요"] },
      disruption,
      { ...unknown, examples: [...unknown.examples, "@CoupangCS 로켓배송 왜 안 와요"] },
    ];
    const classifier = new IntentClassifier(withOthers, settings);
    expect(classifier.classify("@cjlogistics 택배 3일째 안 와요 어떻게 된 거예요").intent).toBe("unknown");
    expect(classifier.classify("@coupangcs 짐이 3일째 안 와요 어떻게 된 거예요").intent).toBe("unknown");
  });

  it("counts the pack's own_handles as ours, and keeps what the pack names in a snapshot", () => {
    const text = "@cjlogistics 택배 3일째 안 와요 어떻게 된 거예요";
    const courier = new IntentClassifier(intents, { ...settings, own_handles: ["@CJLogistics"] });
    expect(courier.classify(text).intent).toBe("baggage");
    const restored = IntentClassifier.fromSnapshot(withPrior.snapshot(), settings);
    expect(restored.classify(text).intent).toBe("unknown");
    expect(restored.classify("@saebyeokair 짐이 3일째 안 와요 어떻게 된 거예요").intent).toBe("baggage");
  });
});

describe("parseMention", () => {
  it("keeps a company's handle at the start as the addressee, not the customer", () => {
    expect(parseMention("@CoupangCS 로켓배송 언제 와요")).toEqual({ text: "@CoupangCS 로켓배송 언제 와요" });
    expect(parseMention("@kim_minsu 가방이 안 나왔어요")).toMatchObject({
      handle: "kim_minsu",
      text: "가방이 안 나왔어요",
    });
    // Staff's "@user: text" names the author, whoever it is.
    expect(parseMention("@CoupangCS: 로켓배송 언제 와요")).toMatchObject({ handle: "CoupangCS" });
    expect(parseMention("@coupangcs 로켓배송 언제 와요", ["coupangcs"])).toEqual({
      text: "로켓배송 언제 와요",
    });
  });
});

describe("other_handles in the settings", () => {
  // A handle not built like a business's (no air, bank, … at its end): only other_handles tells.
  const text = "@skyrival 짐이 3일째 안 와요 어떻게 된 거예요";

  it("sends a mention that tags only such a handle to the fallback, with the handle as evidence", () => {
    const plain = new IntentClassifier(intents, settings);
    expect(plain.classify(text).intent).toBe("baggage");
    const listed = new IntentClassifier(intents, { ...settings, other_handles: ["@SkyRival"] });
    const result = listed.classify(text);
    expect(result.intent).toBe("unknown");
    expect(result.evidence).toContainEqual({
      kind: "company",
      intent: "unknown",
      value: "@skyrival",
      score: 0.5,
    });
  });

  it("wins over an example that tags the same handle", () => {
    const tagged = [
      { ...baggage, examples: [...baggage.examples, "@skyrival 는 무료던데 왜 유료예요"] },
      disruption,
      unknown,
    ];
    expect(new IntentClassifier(tagged, settings).classify(text).intent).toBe("baggage");
    expect(
      new IntentClassifier(tagged, { ...settings, other_handles: ["skyrival"] }).classify(text).intent,
    ).toBe("unknown");
  });

  it("keeps such a handle at the start of a paste as the addressee, not the customer", () => {
    expect(parseMention(text)).toMatchObject({ handle: "skyrival" });
    expect(parseMention(text, [], ["skyrival"])).toEqual({ text });
  });

  it("keeps a business's handle the lexicon does not know as the addressee, once ours are known", () => {
    const paste = "@skyway_air 인천-오사카 지연 2시간째";
    expect(parseMention(paste, ["saebyeokair"])).toEqual({ text: paste });
    // Without our own handles to compare, or with a colon, it is the customer's.
    expect(parseMention(paste)).toMatchObject({ handle: "skyway_air" });
    expect(parseMention("@skyway_air: 인천-오사카 지연", ["saebyeokair"])).toMatchObject({
      handle: "skyway_air",
    });
    // A person's handle is the customer's.
    expect(parseMention("@minji_kr 지연 2시간째", ["saebyeokair"])).toMatchObject({ handle: "minji_kr" });
  });
});

describe("the handle settings", () => {
  it("take X and Instagram account names, and refuse one that is both ours and another's", async () => {
    const { settingsFileSchema } = await import("../../src/core/schema.js");
    const parsed = settingsFileSchema.parse({
      own_handles: ["@baramair", "baramair_official"],
      other_handles: ["united"],
    });
    expect(parsed.other_handles).toEqual(["united"]);
    const long = settingsFileSchema.safeParse({ own_handles: ["a_name_far_longer_than_thirty_chars"] });
    expect(long.success).toBe(false);
    expect(long.error?.issues[0]?.message).toMatch(/at most 30 characters/);
    const both = settingsFileSchema.safeParse({ own_handles: ["baramair"], other_handles: ["@BaramAir"] });
    expect(both.error?.issues[0]).toMatchObject({ path: ["other_handles", 0] });
    expect(both.error?.issues[0]?.message).toMatch(/in own_handles too/);
  });
});

describe("spam written around the pack's words", () => {
  const text = "수하물 캐리어 짐 정리 꿀팁 궁금하면 DM 주세요 부업 고수익";

  it("leans to the fallback intent, and only while spamShift is on", () => {
    const off = new IntentClassifier(intents, settings, { ...DEFAULT_CLASSIFIER_OPTIONS, spamShift: 0 });
    const on = new IntentClassifier(intents, settings);
    const share = (c: IntentClassifier) => {
      const { probabilities } = c.scores(text);
      return probabilities[c.intents.indexOf("unknown")] as number;
    };
    expect(share(on)).toBeGreaterThan(share(off) + 0.2);
    expect(on.classify(text).intent).toBe("unknown");
    // A customer's own question with the same words is left alone.
    const question = "캐리어 짐이 3일째 안 와요";
    expect(on.classify(question).intent).toBe(off.classify(question).intent);
  });
});

describe("an airport the pack's examples name", () => {
  it("is a place, not the pack's company: a mention tagging only its handle is still addressed elsewhere", () => {
    const addressees = packAddresseesOf(
      ["인천공항 카운터에서 수하물 부쳤는데 안 나왔어요"],
      normalizeForMatching,
    );
    expect(addressees.companies).not.toContain("c:airports");
    const pack = {
      companies: new Set(addressees.companies),
      handles: new Set(["sora_air"]),
      others: new Set<string>(),
    };
    const raw = "@incheonairport 제2터미널 주차장 30분째 뱅뱅 돌고 있음";
    expect(addressedElsewhere(raw, normalizeForMatching(raw), pack)).toBe("incheonairport");
    // The card a shop's customers paid with is a tool too.
    const shop = packAddresseesOf(["현대카드로 결제했는데 환불 언제 돼요"], normalizeForMatching);
    expect(shop.companies).not.toContain("c:card-companies");
    // An airline the examples name is the pack's partner or itself, as before.
    expect(packAddresseesOf(["대한항공 마일리지 합산 되나요"], normalizeForMatching).companies).toContain(
      "c:korean-air",
    );
  });
});
