import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Problem } from "../../src/core/problems.js";
import { type PackWatcher, watchPack } from "../../src/ops/watch.js";
import { EngineHolder, type ReloadResult } from "../../src/pack/holder.js";
import { copyPack, tempDir } from "./helpers.js";

describe("live reload of intents/ and replies/", () => {
  let cleanup: () => void;
  let dirs: { intentsDir: string; repliesDir: string };
  let holder: EngineHolder;
  let watcher: PackWatcher;
  const reported: Problem[][] = [];
  const waiters: Array<{ match: (r: ReloadResult) => boolean; resolve: (r: ReloadResult) => void }> = [];

  /** Resolves at the first reload (from now on) that matches. */
  function reloaded(match: (r: ReloadResult) => boolean): Promise<ReloadResult> {
    return new Promise((resolve) => waiters.push({ match, resolve }));
  }

  beforeEach(() => {
    const t = tempDir();
    cleanup = t.cleanup;
    dirs = copyPack(t.dir);
    holder = EngineHolder.load(dirs);
    reported.length = 0;
    watcher = watchPack({
      holder,
      debounceMs: 50,
      log: () => {},
      report: (problems) => {
        reported.push(problems);
      },
      onReload: (result) => {
        for (const w of [...waiters]) {
          if (w.match(result)) {
            waiters.splice(waiters.indexOf(w), 1);
            w.resolve(result);
          }
        }
      },
    });
  });
  afterEach(() => {
    watcher.close();
    cleanup();
  });

  const title = () => holder.engine.pack.intents.find((i) => i.id === "praise")?.title.en;

  it("reloads the pack after a good edit", async () => {
    const file = path.join(dirs.intentsDir, "praise.yaml");
    const text = fs.readFileSync(file, "utf8");
    expect(title()).toBe("Praise");
    const done = reloaded((r) => r.ok && r.engine.pack.intents.some((i) => i.title.en === "Thanks"));
    fs.writeFileSync(file, text.replace("en: Praise", "en: Thanks"));
    await done;
    expect(title()).toBe("Thanks");
    expect(reported).toEqual([]);
  });

  it("reloads after an edit to a reply file", async () => {
    const file = path.join(dirs.repliesDir, "praise.yaml");
    const text = fs.readFileSync(file, "utf8");
    const marker =
      "고객님, 따뜻한 말씀 정말 감사합니다. 실시간 반영 확인용 문구입니다. 문의는 080-000-0100으로 주세요.";
    const edited = text.replace(/^( {2}- id: general\n {4}ko:\n)/m, `$1      - "{handle} ${marker}"\n`);
    expect(edited).not.toBe(text);
    const done = reloaded(
      (r) => r.ok && JSON.stringify(r.engine.pack.replies.get("praise")).includes("실시간 반영"),
    );
    fs.writeFileSync(file, edited);
    await done;
    expect(JSON.stringify(holder.engine.pack.replies.get("praise"))).toContain("실시간 반영");
  });

  it("reports a broken file with file and line, keeps the last good pack, and recovers", async () => {
    const file = path.join(dirs.intentsDir, "delay-complaint.yaml");
    const good = fs.readFileSync(file, "utf8");
    const engineBefore = holder.engine;

    const failed = reloaded((r) => !r.ok);
    fs.writeFileSync(file, good.replace("department: delivery", "department: [delivery"));
    const result = await failed;
    expect(result.ok).toBe(false);
    expect(holder.engine).toBe(engineBefore);
    expect(holder.engine.classify("예판 했는데 2주째 감감무소식 배송 언제 시작해요?").intent).toBe(
      "delay-complaint",
    );
    expect(reported).toHaveLength(1);
    const problem = reported[0]?.[0] as Problem;
    expect(problem.file).toMatch(/delay-complaint\.yaml$/);
    expect(problem.line).toBeGreaterThan(1);
    expect(problem.severity).toBe("error");

    // Saving the same broken file again is not reported twice.
    const again = reloaded((r) => !r.ok);
    fs.writeFileSync(file, `${good.replace("department: delivery", "department: [delivery")}\n`);
    await again;
    expect(reported).toHaveLength(1);

    // A schema error (not YAML syntax) in another file is reported too, with its line.
    const schema = reloaded((r) => !r.ok && r.problems.some((p) => p.file.endsWith("praise.yaml")));
    fs.writeFileSync(file, good);
    const praise = path.join(dirs.intentsDir, "praise.yaml");
    fs.writeFileSync(praise, fs.readFileSync(praise, "utf8").replace("urgency: low", "urgency: whenever"));
    await schema;
    expect(reported.at(-1)?.some((p) => p.file.endsWith("praise.yaml") && p.line > 1)).toBe(true);
    expect(holder.engine).toBe(engineBefore);

    const fixed = reloaded((r) => r.ok);
    fs.writeFileSync(praise, fs.readFileSync(praise, "utf8").replace("urgency: whenever", "urgency: low"));
    await fixed;
    expect(holder.engine).not.toBe(engineBefore);
  });
});
