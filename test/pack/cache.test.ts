import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MODEL_SNAPSHOT_VERSION } from "../../src/core/classifier.js";
import { buildPack } from "../../src/core/pack.js";
import type { Pack, ReplySet, Situation } from "../../src/core/types.js";
import { buildEngine } from "../../src/pack/build-engine.js";
import {
  checkedPack,
  modelKey,
  packKey,
  prepareEngine,
  readCache,
  writeCache,
} from "../../src/pack/cache.js";
import { loadPack, readPackSources } from "../../src/pack/load.js";
import { copyPack, tempDir } from "../ops/helpers.js";
import { DEFAULT_PACK } from "../support/care-pack.js";

// A few examples per intent keep training short; the cache does not care about the pack's size.
function smallPack(): Pack {
  const build = loadPack({ intentsDir: "intents", repliesDir: "replies" });
  if (!build.pack) throw new Error("the repository's pack is invalid");
  return {
    ...build.pack,
    intents: build.pack.intents.map((i) => ({
      ...i,
      examples: i.examples.slice(0, 6),
      negativeExamples: i.negativeExamples.slice(0, 2),
    })),
  };
}

const MENTIONS = [
  "예약한 아이폰 배송이 2주째 안 와요",
  "요금제 얼마예요?",
  "상담원분 너무 친절해요 감사",
  "zzz",
];

describe("the model cache", () => {
  let dir: string;
  let cleanup: () => void;
  const pack = smallPack();
  beforeEach(() => {
    const t = tempDir();
    dir = path.join(t.dir, "cache");
    cleanup = t.cleanup;
  });
  afterEach(() => cleanup());

  const modelFiles = () => fs.readdirSync(dir).filter((f) => f.startsWith("model-"));

  it("trains once, then restores the same model from disk", () => {
    const first = prepareEngine(pack, dir);
    expect(first.use).toEqual({ from: "built", miss: "not cached yet" });
    expect(modelFiles()).toHaveLength(1);

    const second = prepareEngine(pack, dir);
    expect(second.use).toEqual({ from: "cache" });
    for (const text of MENTIONS) expect(second.engine.classify(text)).toEqual(first.engine.classify(text));
    // Nothing half-written is left beside it.
    expect(fs.readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });

  it("trains again when what training reads changes, and not when only reply texts change", () => {
    prepareEngine(pack, dir);
    const fewerExamples = {
      ...pack,
      intents: pack.intents.map((i, n) => (n === 0 ? { ...i, examples: i.examples.slice(1) } : i)),
    };
    expect(modelKey(fewerExamples)).not.toBe(modelKey(pack));
    expect(prepareEngine(fewerExamples, dir).use.from).toBe("built");

    const otherKeywordWeight = {
      ...pack,
      intents: pack.intents.map((i, n) =>
        n === 0 ? { ...i, keywords: i.keywords.map((k) => ({ ...k, weight: k.weight + 1 })) } : i,
      ),
    };
    expect(modelKey(otherKeywordWeight)).not.toBe(modelKey(pack));

    const otherDescription = {
      ...pack,
      intents: pack.intents.map((i, n) => (n === 0 ? { ...i, description: `${i.description} More.` } : i)),
    };
    expect(modelKey(otherDescription)).not.toBe(modelKey(pack));

    // The code that extracts features is part of the key: a new cue must not reuse an old vocabulary.
    expect(modelKey(pack, undefined, "core-v1")).not.toBe(modelKey(pack, undefined, "core-v2"));
    expect(modelKey(pack, undefined, "core-v1")).toBe(modelKey(pack, undefined, "core-v1"));

    // A reply situation's example mentions are training texts; its reply texts are not.
    const [intent, replies] = [...pack.replies].find(([, set]) =>
      set.situations.some((s) => s.examples.length > 0),
    ) as [string, ReplySet];
    const withSituations = (situations: Situation[]): Pack => ({
      ...pack,
      replies: new Map([...pack.replies, [intent, { ...replies, situations }]]),
    });
    const otherSituationExamples = withSituations(
      replies.situations.map((s) => ({ ...s, examples: s.examples.slice(1) })),
    );
    expect(modelKey(otherSituationExamples)).not.toBe(modelKey(pack));

    const otherReplyTexts = withSituations(
      replies.situations.map((s) => ({ ...s, replies: { ko: [], en: [] } })),
    );
    expect(modelKey(otherReplyTexts)).toBe(modelKey(pack));
    expect(prepareEngine(otherReplyTexts, dir).use.from).toBe("cache");
  });

  it("never trusts a damaged, truncated or foreign file: it trains and replaces it", () => {
    prepareEngine(pack, dir);
    const file = path.join(dir, modelFiles()[0] as string);
    const good = fs.readFileSync(file);

    const flipped = Buffer.from(good);
    flipped[flipped.length - 100] = (flipped[flipped.length - 100] as number) ^ 0xff;
    fs.writeFileSync(file, flipped);
    expect(prepareEngine(pack, dir).use).toEqual({ from: "built", miss: "checksum mismatch" });
    expect(fs.readFileSync(file).equals(good)).toBe(true);

    fs.writeFileSync(file, good.subarray(0, good.length - 10));
    expect(prepareEngine(pack, dir).use).toMatchObject({ from: "built", miss: "truncated" });

    fs.writeFileSync(file, "hello");
    expect(prepareEngine(pack, dir).use).toMatchObject({ from: "built", miss: "not a cache file" });

    // A header from another cache format, or another pack's model under this name.
    const text = good.toString("latin1");
    const headerEnd = text.indexOf("\n", text.indexOf("\n") + 1);
    const header = JSON.parse(text.slice(text.indexOf("\n") + 1, headerEnd));
    const withHeader = (h: unknown) =>
      Buffer.concat([Buffer.from(`SINCERELY-CACHE\n${JSON.stringify(h)}`), good.subarray(headerEnd)]);
    fs.writeFileSync(file, withHeader({ ...header, format: header.format + 1 }));
    expect(prepareEngine(pack, dir).use.miss).toMatch(/cache format/);
    fs.writeFileSync(file, withHeader({ ...header, key: "0".repeat(64) }));
    expect(prepareEngine(pack, dir).use.miss).toBe("made from other files");

    expect(prepareEngine(pack, dir).use.from).toBe("cache");
  });

  it("refuses a well-formed file whose model the classifier rejects (another snapshot version)", () => {
    const first = prepareEngine(pack, dir);
    writeCache(dir, "model", modelKey(pack), { ...first.model, version: MODEL_SNAPSHOT_VERSION + 1 });
    const again = prepareEngine(pack, dir);
    expect(again.use.from).toBe("built");
    expect(again.use.miss).toMatch(/refused by the classifier: .*version/);
    expect(readCache(dir, "model", modelKey(pack))).toMatchObject({
      ok: true,
      value: { version: MODEL_SNAPSHOT_VERSION },
    });
  });

  it("works without a writable folder, saying why it could not cache", () => {
    const blocked = path.join(dir, "blocked");
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(blocked, "a file where the folder should be");
    const result = prepareEngine(pack, blocked);
    expect(result.use.from).toBe("built");
    expect(result.use.writeError).toBeTruthy();
    expect(result.engine.classify(MENTIONS[0] as string).intent).toBe("delay-complaint");
  });
});

describe("the checked-pack cache", () => {
  let root: string;
  let cleanup: () => void;
  beforeEach(() => {
    const t = tempDir();
    root = t.dir;
    cleanup = t.cleanup;
  });
  afterEach(() => cleanup());

  it("serves the same checked pack for the same files, and checks again when a file changes", () => {
    const dirs = copyPack(root, DEFAULT_PACK);
    const cacheDir = path.join(root, "cache");
    const sources = readPackSources(dirs);
    const first = checkedPack(sources, cacheDir, buildPack);
    expect(first.use.from).toBe("built");
    const second = checkedPack(sources, cacheDir, buildPack);
    expect(second.use.from).toBe("cache");
    expect(second.build).toEqual(first.build);

    const praise = path.join(dirs.intentsDir, "praise.yaml");
    fs.writeFileSync(praise, fs.readFileSync(praise, "utf8").replace("urgency: low", "urgency: whenever"));
    const broken = readPackSources(dirs);
    expect(packKey(broken)).not.toBe(packKey(sources));
    const refused = checkedPack(broken, cacheDir, buildPack);
    expect(refused.build.pack).toBeUndefined();
    expect(refused.build.problems.some((p) => p.file.endsWith("praise.yaml") && p.line > 1)).toBe(true);
    // A refused pack is not kept: it is checked again, and reported again, on every try.
    expect(checkedPack(broken, cacheDir, buildPack).use.from).toBe("built");
  });

  it("gives the engine the same answers from both caches as from the files", () => {
    const dirs = copyPack(root, DEFAULT_PACK);
    const cacheDir = path.join(root, "cache");
    const cold = buildEngine(dirs, { cacheDir });
    const warm = buildEngine(dirs, { cacheDir });
    if (!cold.ok || !warm.ok || !cold.trained || !warm.trained)
      throw new Error("the copied pack should load");
    expect(cold.origin).toMatchObject({ pack: { from: "built" }, model: { from: "built" } });
    expect(warm.origin).toEqual({ pack: { from: "cache" }, model: { from: "cache" } });
    const [a, b] = [cold.trained.engine, warm.trained.engine];
    for (const text of MENTIONS) expect(b.classify(text)).toEqual(a.classify(text));
    const mention = a.parseMention("@minji 감사해요");
    expect(b.draft("praise", mention, "ko", draftContext)).toEqual(
      a.draft("praise", mention, "ko", draftContext),
    );
  });

  it("builds nothing for the classifier when the running one fits the new pack", () => {
    const dirs = copyPack(root, DEFAULT_PACK);
    const first = buildEngine(dirs, {});
    if (!first.ok) throw new Error("the copied pack should load");
    const praise = path.join(dirs.repliesDir, "praise.yaml");
    fs.writeFileSync(
      praise,
      fs.readFileSync(praise, "utf8").replace("정말 감사합니다!", "정말정말 감사합니다!"),
    );
    const repliesOnly = buildEngine(dirs, { running: first.classifier });
    expect(repliesOnly).toMatchObject({
      ok: true,
      classifier: first.classifier,
      origin: { model: { from: "running" } },
    });
    expect(repliesOnly.ok && repliesOnly.trained).toBeFalsy();

    // A new threshold changes answers, so the classifier is rebuilt even with the same model.
    const settings = path.join(dirs.intentsDir, "settings.yaml");
    fs.writeFileSync(
      settings,
      fs.readFileSync(settings, "utf8").replace("threshold: 0.2", "threshold: 0.25"),
    );
    const stricter = buildEngine(dirs, { running: first.classifier });
    expect(stricter.ok && stricter.trained).toBeTruthy();
  });
});

const draftContext = { now: new Date("2026-11-22T05:00:00Z"), timezone: "Asia/Seoul" };
