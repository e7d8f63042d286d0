import { deserialize, serialize } from "node:v8";
import { describe, expect, it } from "vitest";
import {
  DEFAULT_CLASSIFIER_OPTIONS,
  IntentClassifier,
  MODEL_SNAPSHOT_VERSION,
  type ModelSnapshot,
  trainingInput,
} from "../../src/core/classifier.js";
import { defaultPack } from "../support/default-pack.js";

const { pack } = defaultPack();

describe("the model snapshot", () => {
  const trained = new IntentClassifier(pack.intents, pack.settings);
  // Test sentences, examples, misspellings (fuzzy keywords), Latin and mixed text, and nothing at all.
  const texts = [
    ...[...pack.tests.values()].flat(),
    ...pack.intents.flatMap((i) => i.examples.slice(0, 3)),
    "I want a refnd for the double chrage",
    "요굼제 얼마예요 cancle please",
    "zzz qqq",
    "",
  ];

  it("survives structured clone and v8 serialization and gives identical answers", () => {
    const snapshot = trained.snapshot();
    expect(snapshot.version).toBe(MODEL_SNAPSHOT_VERSION);
    for (const copy of [structuredClone(snapshot), deserialize(serialize(snapshot)) as ModelSnapshot]) {
      const restored = IntentClassifier.fromSnapshot(copy, pack.settings);
      for (const text of texts) expect(restored.classify(text), text).toEqual(trained.classify(text));
    }
  });

  it("takes the pack's settings at restore time", () => {
    const strict = IntentClassifier.fromSnapshot(trained.snapshot(), { ...pack.settings, threshold: 1.1 });
    const text = "예약한 아이폰 배송이 2주째 안 와요";
    expect(trained.classify(text).intent).toBe("delay-complaint");
    expect(strict.classify(text).intent).toBe(pack.settings.fallback_intent);
  });

  it("refuses a snapshot of another version or with mismatched arrays", () => {
    const snapshot = trained.snapshot();
    expect(() =>
      IntentClassifier.fromSnapshot({ ...snapshot, version: MODEL_SNAPSHOT_VERSION + 1 }, pack.settings),
    ).toThrow(/version/);
    expect(() =>
      IntentClassifier.fromSnapshot({ ...snapshot, bias: new Float64Array(1) }, pack.settings),
    ).toThrow(/inconsistent/);
    const tables = snapshot.featureTables;
    expect(() =>
      IntentClassifier.fromSnapshot(
        { ...snapshot, featureTables: { ...tables, h1: tables.h1.subarray(1) } },
        pack.settings,
      ),
    ).toThrow(/Hangul feature tables/);
    expect(() =>
      IntentClassifier.fromSnapshot(
        { ...snapshot, featureTables: { ...tables, otherKeys: Int32Array.of(snapshot.features.length) } },
        pack.settings,
      ),
    ).toThrow(/not there/);
  });

  it("names everything training reads in trainingInput, so a cache key built on it sees every change", () => {
    const key = (intents = pack.intents, settings = pack.settings) =>
      JSON.stringify(trainingInput(intents, settings, DEFAULT_CLASSIFIER_OPTIONS));
    const [first, ...rest] = pack.intents;
    if (!first) throw new Error("the default pack has intents");
    const changed = (patch: object) => key([{ ...first, ...patch }, ...rest]);
    expect(key()).toBe(key());
    // Each of these changes what the classifier answers (titles and descriptions are training texts).
    for (const patch of [
      { description: `${first.description} More.` },
      { title: { ...first.title, en: "Another title" } },
      { examples: [...first.examples, "one more"] },
      { keywords: [] },
    ])
      expect(changed(patch)).not.toBe(key());
    expect(key(pack.intents, { ...pack.settings, threshold: undefined })).not.toBe(key());
  });
});
