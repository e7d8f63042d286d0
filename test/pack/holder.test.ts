import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { type PackWatcher, watchPack } from "../../src/ops/watch.js";
import { EngineHolder, type ReloadResult } from "../../src/pack/holder.js";
import { copyPack, tempDir } from "../ops/helpers.js";
import { DEFAULT_PACK } from "../support/care-pack.js";

// Reloads run in the pack worker (a worker thread running the TypeScript sources through tsx here);
// these tests check what the app sees: which engine serves, what is reported, how often it builds.
describe("reloading the pack in the pack worker", () => {
  let cleanup: () => void;
  let dirs: { intentsDir: string; repliesDir: string };
  let cacheDir: string;
  let holder: EngineHolder;
  let watcher: PackWatcher | undefined;

  beforeEach(() => {
    const t = tempDir();
    cleanup = t.cleanup;
    dirs = copyPack(t.dir, DEFAULT_PACK);
    cacheDir = path.join(t.dir, "cache");
    holder = EngineHolder.load(dirs, { cacheDir });
  });
  afterEach(async () => {
    watcher?.close();
    watcher = undefined;
    await holder.close();
    cleanup();
  });

  const edit = (file: string, from: string, to: string) => {
    const text = fs.readFileSync(file, "utf8");
    expect(text).toContain(from);
    fs.writeFileSync(file, text.replace(from, to));
  };
  const delayText = "예판 했는데 2주째 감감무소식 배송 언제 시작해요?";

  it("keeps the last good engine serving when a save is broken, and names the file and line", async () => {
    const before = holder.engine;
    edit(path.join(dirs.intentsDir, "delay-complaint.yaml"), "department: delivery", "department: [delivery");
    const result = await holder.reload();
    expect(result.ok).toBe(false);
    const error = result.problems.find((p) => p.severity === "error");
    expect(error?.file).toMatch(/delay-complaint\.yaml$/);
    expect(error?.line).toBeGreaterThan(1);
    expect(holder.engine).toBe(before);
    expect(holder.problems).toBe(result.problems);
    expect(holder.engine.classify(delayText).intent).toBe("delay-complaint");
  });

  it("swaps in a valid save, keeping the running classifier when only replies changed", async () => {
    const before = holder.engine;
    const marker = "실시간 반영 확인용 문구입니다";
    edit(
      path.join(dirs.repliesDir, "praise.yaml"),
      "  - id: general\n    ko:\n",
      `  - id: general\n    ko:\n      - "{handle} 고객님, 감사합니다. ${marker}. 문의는 080-000-0100으로 주세요."\n`,
    );
    const result = await holder.reload();
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.origin).toMatchObject({ pack: { from: "built" }, model: { from: "running" } });
    expect(holder.engine).toBe(result.engine);
    expect(holder.engine).not.toBe(before);
    expect(JSON.stringify(holder.engine.pack.replies.get("praise"))).toContain(marker);
    expect(holder.engine.classify(delayText)).toEqual(before.classify(delayText));
  });

  it("trains a changed intent in the worker and serves it; going back restores the cached model", async () => {
    const file = path.join(dirs.intentsDir, "praise.yaml");
    const original = fs.readFileSync(file, "utf8");
    const before = holder.engine;
    edit(
      path.join(dirs.intentsDir, "praise.yaml"),
      "examples:\n",
      "examples:\n  - 쿼카쿼카 서비스 정말 최고예요 쿼카쿼카\n  - 쿼카쿼카 덕분에 오늘 하루 행복합니다\n  - 쿼카쿼카 응대 감동했어요\n",
    );
    const result = await holder.reload();
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.origin.model.from).toBe("built");
    expect(holder.engine.pack.intents.find((i) => i.id === "praise")?.examples).toContain(
      "쿼카쿼카 응대 감동했어요",
    );

    fs.writeFileSync(file, original);
    const back = await holder.reload();
    expect(back.ok && back.origin.model.from).toBe("cache");
    // The model restored from the worker's message answers as the one trained here at load did.
    for (const text of [delayText, "요금제 얼마예요?", "LTE keeps dropping in Gangnam"])
      expect(holder.engine.classify(text)).toEqual(before.classify(text));
  });

  it("runs one build at a time: reloads asked for meanwhile share the next build", async () => {
    const seen: ReloadResult[] = [];
    holder.onReload((r) => seen.push(r));
    const first = holder.reload();
    const second = holder.reload();
    const third = holder.reload();
    expect(third).toBe(second);
    expect(second).not.toBe(first);
    const results = await Promise.all([first, second, third]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(seen).toHaveLength(2);
  });

  it("serves a valid save made through the file watcher (several saves, one rebuild at the end)", async () => {
    const seen: ReloadResult[] = [];
    holder.onReload((r) => seen.push(r));
    watcher = watchPack({ holder, debounceMs: 200, log: () => {} });
    const file = path.join(dirs.intentsDir, "praise.yaml");
    const text = fs.readFileSync(file, "utf8");
    for (const title of ["Thanks 1", "Thanks 2", "Thanks 3"])
      fs.writeFileSync(file, text.replace("en: Praise", `en: ${title}`));
    await vi.waitFor(
      () => expect(holder.engine.pack.intents.find((i) => i.id === "praise")?.title.en).toBe("Thanks 3"),
      { timeout: 30_000, interval: 50 },
    );
    expect(seen.length).toBeLessThan(3);
  });

  it("refuses reloads once closed, keeping the engine", async () => {
    const before = holder.engine;
    await holder.close();
    const result = await holder.reload();
    expect(result.ok).toBe(false);
    expect(result.problems[0]?.message).toMatch(/stopping/);
    expect(holder.engine).toBe(before);
  });
});
