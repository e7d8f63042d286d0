/**
 * `sincerely check-reply`: one reply checked the way validate checks templates, on the real CLI.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { jsonLines, runCli } from "../support/cli.js";

const pack = ["--pack", "test/fixtures/airline"];

describe("sincerely check-reply", () => {
  it("passes a reply with a step and an anchor, filling the department's placeholders", () => {
    const run = runCli([
      "check-reply",
      ...pack,
      "{handle} {department}({hotline})로 전화 주시면 바로 도와드릴게요.",
    ]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^ok: /);
    expect(run.stdout).toMatch(/anchors: .*hotline/);
  });

  it("refuses an apology that only says we are checking, and says what is missing", () => {
    const run = runCli(["check-reply", ...pack, "--json"], {
      input: "Sorry, we're looking into it.\n불편을 드려 죄송합니다. 확인 중입니다.\n",
    });
    expect(run.status).toBe(1);
    const lines = jsonLines(run.stdout);
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(line.ok).toBe(false);
      expect(line.problems).toContain("no-next-step");
    }
    expect(lines.map((l) => l.language)).toEqual(["en", "ko"]);
  });

  it("checks each argument as its own reply, to compare wordings", () => {
    const run = runCli([
      "check-reply",
      ...pack,
      "--json",
      "{department}에서 오늘 연락드리겠습니다.",
      "확인 중입니다.",
    ]);
    const lines = jsonLines(run.stdout);
    expect(lines.map((l) => l.ok)).toEqual([true, false]);
    expect(run.status).toBe(1);
  });

  it("refuses a reply too long for one X post", () => {
    const run = runCli([
      "check-reply",
      ...pack,
      `${"가".repeat(150)} {department}에서 오늘 연락드리겠습니다.`,
    ]);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/shorten it by \d+/);
  });

  it("works while the pack has errors elsewhere: the refused reply is what is being reworded", () => {
    const dir = mkdtempSync(join(tmpdir(), "sincerely-check-reply-"));
    cpSync("test/fixtures/airline", dir, { recursive: true });
    const file = join(dir, "replies", "baggage.yaml");
    const text = readFileSync(file, "utf8");
    const broken = text.replace(/(ko:\n\s+- )"[^"\n]*"/, '$1"불편을 드려 죄송합니다. 확인 중입니다."');
    expect(broken).not.toBe(text);
    writeFileSync(file, broken);
    expect(runCli(["validate", "--pack", dir]).status).toBe(1);
    const run = runCli([
      "check-reply",
      "--pack",
      dir,
      "{handle} {department}({hotline})로 전화 주시면 바로 찾아 드릴게요.",
    ]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^ok: /);
  });

  it("names the departments when --department is not one of them", () => {
    const run = runCli(["check-reply", ...pack, "--department", "nope", "x"]);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toMatch(/no department 'nope'/);
  });
});
