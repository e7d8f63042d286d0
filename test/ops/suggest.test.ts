import { execFile } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Case } from "../../src/cases/types.js";
import { sameSentenceKey } from "../../src/core/normalize.js";
import {
  addExamples,
  applySuggestions,
  collectCorrections,
  planSuggestions,
  type SuggestionPlan,
} from "../../src/ops/suggest.js";
import { loadPack, readPackSources } from "../../src/pack/load.js";
import type { Runtime } from "../../src/runtime.js";
import { copyPack, manualClock, minho, openRuntime, REPO, tempDir } from "./helpers.js";

const run = promisify(execFile);

const BILL = "요금 고지서가 이메일로 안 와요";
const STOCK = "갤럭시탭 재고 언제 들어와요 매장에 없대요";
// Already an example of delay-complaint in the pack.
const KNOWN = "예판 했는데 2주째 감감무소식ㅠㅠ 배송 언제 시작해요?";
const ROUND_TRIP = "학생 전용 요금제 새로 만들어 주세요";

describe("suggest: learning from recorded corrections", () => {
  let dir: string;
  let cleanup: () => void;
  let runtime: Runtime;
  let dirs: { intentsDir: string; repliesDir: string };
  let cases: Case[];
  const clock = manualClock("2026-11-22T03:00:00Z");

  async function correct(raw: string, classified: string, ...moves: string[]) {
    clock.advance(1);
    const { case: c } = await runtime.cases.intake({ raw, source: { kind: "console" }, actor: minho });
    expect(c.classification.intent, raw).toBe(classified); // precondition on the pack
    for (const intent of moves) expect((await runtime.cases.reclassify(c.id, minho, intent)).ok).toBe(true);
    return c;
  }

  beforeAll(async () => {
    ({ dir, cleanup } = tempDir());
    dirs = copyPack(dir);
    runtime = await openRuntime(path.join(dir, "data"), clock.now);
    await correct(BILL, "tariff-question", "general-complaint");
    await correct(`@kim ${BILL}!!`, "tariff-question", "general-complaint");
    await correct(STOCK, "delay-complaint", "activation-help");
    await correct(KNOWN, "delay-complaint", "general-complaint");
    await correct(ROUND_TRIP, "suggestion", "tariff-question", "suggestion");
    await correct("인터넷이 자꾸 끊겨요 고쳐주세요", "network-quality");
    cases = await runtime.cases.list();
  }, 60_000);

  afterAll(async () => {
    await runtime?.close();
    cleanup();
  });

  it("lists misclassified texts by the intent they should have had", () => {
    const corrections = collectCorrections(cases);
    expect(corrections.map((c) => [c.text, c.from, c.to])).toEqual([
      [BILL, "tariff-question", "general-complaint"],
      [`${BILL}!!`, "tariff-question", "general-complaint"],
      [STOCK, "delay-complaint", "activation-help"],
      [KNOWN, "delay-complaint", "general-complaint"],
    ]);
  });

  it("plans additions, skips texts the pack has, and writes nothing until applied", () => {
    const before = fs.readFileSync(path.join(dirs.intentsDir, "general-complaint.yaml"), "utf8");
    const plan = planSuggestions(collectCorrections(cases), readPackSources(dirs), { folds: 2 });

    expect(plan.intents.map((i) => [i.intent, i.add.map((a) => [a.text, a.caseIds.length])])).toEqual([
      ["activation-help", [[STOCK, 1]]],
      ["general-complaint", [[BILL, 2]]],
    ]);
    expect(plan.skipped).toEqual([
      expect.objectContaining({
        text: KNOWN,
        intent: "general-complaint",
        reason: expect.stringContaining("delay-complaint"),
      }),
    ]);
    expect(plan.patch).toContain(
      `+++ b/${path.relative(process.cwd(), path.join(dirs.intentsDir, "general-complaint.yaml"))}`,
    );
    expect(plan.patch).toContain(`+  - "${BILL}"`);
    expect(plan.problems).toEqual([]);
    expect(plan.after?.total).toBe(plan.before.total + 2);
    expect(plan.before.accuracy).toBeGreaterThan(0.5);
    // Planning never touches the files.
    expect(fs.readFileSync(path.join(dirs.intentsDir, "general-complaint.yaml"), "utf8")).toBe(before);
  });

  it("applies the additions keeping every comment and line of the file, and the pack still validates", () => {
    const file = path.join(dirs.intentsDir, "general-complaint.yaml");
    const before = fs.readFileSync(file, "utf8");
    const plan: SuggestionPlan = planSuggestions(collectCorrections(cases), readPackSources(dirs), {
      folds: 2,
    });
    applySuggestions(plan);
    const after = fs.readFileSync(file, "utf8");
    // Only one line was added; removing it gives back the original byte for byte.
    const added = after.split("\n").filter((l) => !before.split("\n").includes(l));
    expect(added).toEqual([`  - "${BILL}"`]);
    expect(after.replace(`  - "${BILL}"\n`, "")).toBe(before);
    expect(after).toContain("# -> delay-complaint");

    const build = loadPack({ ...dirs });
    expect(build.problems.filter((p) => p.severity === "error")).toEqual([]);
    const general = build.pack?.intents.find((i) => i.id === "general-complaint");
    expect(general?.examples.at(-1)).toBe(BILL);

    // Asked again, everything is already there.
    const again = planSuggestions(collectCorrections(cases), readPackSources(dirs), { folds: 2 });
    expect(again.files).toEqual([]);
    expect(again.skipped.map((s) => s.reason)).toEqual([
      "already an example of general-complaint",
      "already an example of activation-help",
      expect.stringContaining("already an example of delay-complaint"),
    ]);
  });

  it("the CLI prints the listing and the patch without writing, and writes with --write", async () => {
    // A fresh copy of the pack, so this test does not depend on the one above.
    const { dir: other, cleanup: cleanupOther } = tempDir();
    try {
      const pack = copyPack(other);
      const file = path.join(pack.intentsDir, "activation-help.yaml");
      const original = fs.readFileSync(file, "utf8");
      const args = [
        "tsx",
        "src/cli.ts",
        "suggest",
        "--intents",
        pack.intentsDir,
        "--replies",
        pack.repliesDir,
        "--cv",
        "2",
      ];
      const env = { ...process.env, DATA_DIR: path.join(dir, "data"), TIMEZONE: "Asia/Seoul" };

      // The app (this runtime) holds the lock; suggest reads without it.
      const dry = await run("npx", args, { cwd: REPO, env });
      expect(dry.stdout).toContain("general-complaint");
      expect(dry.stdout).toContain(`+ ${JSON.stringify(STOCK)}`);
      expect(dry.stdout).toMatch(/eval --cv 2 before: accuracy \d+\.\d%/);
      expect(dry.stdout).toMatch(/eval --cv 2 after: {2}accuracy \d+\.\d%/);
      expect(dry.stdout).toContain("Nothing was written");
      expect(fs.readFileSync(file, "utf8")).toBe(original);

      const wrote = await run("npx", [...args, "--write"], { cwd: REPO, env });
      expect(wrote.stdout).toContain("Wrote");
      const examples = loadPack(pack).pack?.intents.find((i) => i.id === "activation-help")?.examples ?? [];
      expect(examples.map(sameSentenceKey)).toContain(sameSentenceKey(STOCK));

      // --since after the corrections: nothing to suggest.
      const later = await run("npx", [...args, "--since", "2026-11-23"], { cwd: REPO, env });
      expect(later.stdout).toContain("0 reclassified mentions since 2026-11-23");
      expect(later.stdout).toContain("Nothing to add.");
    } finally {
      cleanupOther();
    }
  }, 120_000);
});

describe("addExamples", () => {
  it("appends in the file's own style after the last example, before what follows", () => {
    const source = [
      "id: x # the id",
      "examples:",
      '    - "one"',
      "    - two # a comment",
      "# between",
      "negative_examples:",
      '    - "three"',
      "",
    ].join("\n");
    expect(addExamples(source, ['quote " and \\ backslash', "새 예문"])).toBe(
      [
        "id: x # the id",
        "examples:",
        '    - "one"',
        "    - two # a comment",
        '    - "quote \\" and \\\\ backslash"',
        '    - "새 예문"',
        "# between",
        "negative_examples:",
        '    - "three"',
        "",
      ].join("\n"),
    );
  });

  it("falls back to yaml's own editing for a flow sequence", () => {
    const out = addExamples("examples: [a, b]\n", ["c"]);
    expect(out).toContain("c");
    expect(out).toMatch(/examples: \[ a, b, c \]/);
  });
});
