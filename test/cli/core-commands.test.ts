import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { jsonLines, runCli } from "../support/cli.js";

describe("sincerely classify", () => {
  it("reads JSON lines and plain lines, skips blanks, and keeps going after a malformed line", () => {
    const input = [
      JSON.stringify({ id: "a1", text: "환불 언제 해주나요? 이중결제 됐어요", handle: "@minji" }),
      "",
      "{not json",
      "LTE keeps dropping in Gangnam",
      JSON.stringify({ text: 42 }),
    ].join("\n");
    const run = runCli(["classify"], { input });
    expect(run.status).toBe(0);
    const lines = jsonLines(run.stdout);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toMatchObject({
      id: "a1",
      handle: "minji",
      intent: "cancellation-refund",
      language: "ko",
      department: { id: "billing" },
    });
    expect(lines[0].draft).toMatch(/^@minji/);
    expect(lines[0].draftLength).toBeGreaterThan(0);
    expect(lines[0].alternatives).toHaveLength(3);
    // Every situation of the intent with its relevance, best first, the drafted one on top.
    const scores = lines[0].situationScores as Array<{ situation: string; score: number }>;
    expect(scores.length).toBeGreaterThan(1);
    expect(scores.map((s) => s.score)).toEqual([...scores.map((s) => s.score)].sort((a, b) => b - a));
    if (lines[0].situation !== "general") expect(scores[0]?.situation).toBe(lines[0].situation);
    expect(lines[1]).toMatchObject({ line: 3 });
    expect(lines[1].error).toMatch(/not valid JSON/);
    expect(lines[2]).toMatchObject({ handle: null, tagged: [] });
    expect(lines[2]).toMatchObject({
      text: "LTE keeps dropping in Gangnam",
      intent: "network-quality",
      language: "en",
      // What the customer already said, as the draft reads it.
      specifics: { place: "Gangnam" },
    });
    expect(lines[3]).toEqual({ line: 5, error: '"text" must be a string' });
  });

  it("shows which tagged accounts it reads as the company's own", () => {
    const run = runCli(["classify"], { input: "@OllehKT @my.friend 요금제 변경 어떻게 해요?\n" });
    const [line] = jsonLines(run.stdout);
    expect(line.tagged).toEqual([
      { handle: "ollehkt", own: true },
      { handle: "my.friend", own: false },
    ]);
  });

  it("gives no draft for unknown", () => {
    const run = runCli(["classify"], { input: "   \n🙂\n" });
    const [line] = jsonLines(run.stdout);
    expect(line).toMatchObject({ intent: "unknown", draft: null, draftLength: 0 });
  });
});

describe("sincerely validate", () => {
  it("passes on the default pack", () => {
    const run = runCli(["validate"]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(
      /^ok: 11 intents, \d+ examples, 10 reply files \(\d+ situations\), 9 departments, \d+ test sentences; 0 errors, 0 warnings$/m,
    );
  });

  it("fails on a broken copy, naming file and line", () => {
    const dir = mkdtempSync(join(tmpdir(), "sincerely-pack-"));
    cpSync("intents", join(dir, "intents"), { recursive: true });
    cpSync("replies", join(dir, "replies"), { recursive: true });
    const file = join(dir, "intents", "praise.yaml");
    const lines = readFileSync(file, "utf8").split("\n");
    const departmentLine = lines.findIndex((l) => l.startsWith("department:"));
    lines[departmentLine] = "department: no-such-team";
    writeFileSync(file, lines.join("\n"));
    const run = runCli(["validate", "--intents", join(dir, "intents"), "--replies", join(dir, "replies")]);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(
      new RegExp(`intents/praise\\.yaml:${departmentLine + 1}: department: 'no-such-team' is not in `),
    );
  });
});

describe("sincerely eval and intents", () => {
  it("reports cross-validation accuracy, per-intent figures and a confusion matrix", () => {
    const run = runCli(["eval", "--cv", "3", "--json"]);
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.accuracy).toBeGreaterThan(0.6);
    expect(result.perIntent).toHaveLength(11);
    const total = Object.values(result.confusion as Record<string, Record<string, number>>)
      .flatMap((row) => Object.values(row))
      .reduce((a, b) => a + b, 0);
    expect(total).toBe(result.total);
  });

  it("evaluates a labeled file and refuses a bad one with its line", () => {
    const dir = mkdtempSync(join(tmpdir(), "sincerely-eval-"));
    const good = join(dir, "good.jsonl");
    writeFileSync(good, `${JSON.stringify({ text: "요금제 얼마예요?", intent: "tariff-question" })}\n`);
    expect(runCli(["eval", good]).stdout).toMatch(/accuracy 100\.0%/);
    const bad = join(dir, "bad.jsonl");
    writeFileSync(bad, `${JSON.stringify({ text: "요금제" })}\n`);
    const run = runCli(["eval", bad]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`${bad}:1: needs an "intent" field`);
  });

  it("lists the pack as JSON", () => {
    const pack = JSON.parse(runCli(["intents", "--json"]).stdout);
    expect(pack.intents.map((i: { id: string }) => i.id)).toContain("rumor-check");
    expect(pack.departments.find((d: { id: string }) => d.id === "network").hotline).toBe("080-000-1472");
  });
});
