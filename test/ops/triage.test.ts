import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openStore } from "../../src/store/index.js";
import { CARE_PACK } from "../support/care-pack.js";
import { REPO, tempDir } from "./helpers.js";

function triage(
  args: string[],
  input: string,
  dataDir: string,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("npx", ["tsx", "src/cli.ts", "triage", "--pack", CARE_PACK, ...args], {
      cwd: REPO,
      env: { ...process.env, DATA_DIR: dataDir, TIMEZONE: "Asia/Seoul" },
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => {
      stdout += d;
    });
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

const rows = (stdout: string) =>
  stdout
    .trim()
    .split("\n")
    .filter(Boolean)
    .map((l) => l.split("\t"));

describe("sincerely triage (the real CLI)", () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
  });
  afterEach(() => cleanup());

  it("stores JSON and plain lines as pending cases and prints id, intent and text", async () => {
    const input = [
      JSON.stringify({
        id: "m1",
        handle: "kim",
        text: "예판 했는데 2주째 감감무소식ㅠㅠ 배송 언제 시작해요?",
      }),
      "",
      "앱에 다크모드 넣어주세요 건의합니다. 밤에 눈이 너무 부셔요, 꼭 부탁드립니다 정말로요 제발요 진짜로",
      '{"text": 3}',
    ].join("\n");
    const first = await triage([], input, dir);
    expect(first.code).toBe(1); // one line could not be read; the others are stored
    expect(first.stderr).toContain('stdin:4: "text" must be a string');
    const printed = rows(first.stdout);
    expect(printed.map((r) => r[1])).toEqual(["delay-complaint", "suggestion"]);
    expect(printed[1]?.[2]).toBe(
      [
        ..."앱에 다크모드 넣어주세요 건의합니다. 밤에 눈이 너무 부셔요, 꼭 부탁드립니다 정말로요 제발요 진짜로",
      ]
        .slice(0, 60)
        .join(""),
    );

    // Running the same input again stores the line with an id only once.
    const second = await triage([], input, dir);
    const again = rows(second.stdout);
    expect(again[0]?.[0]).toBe(printed[0]?.[0]);
    expect(again[1]?.[0]).not.toBe(printed[1]?.[0]);

    const store = await openStore(dir);
    try {
      const cases = await store.cases.list();
      expect(cases).toHaveLength(3);
      const first = cases.find((c) => c.id === printed[0]?.[0]);
      expect(first).toMatchObject({ state: "pending", source: { kind: "cli" }, intent: "delay-complaint" });
      expect(first?.mention.handle).toBe("kim");
      expect(first?.events[0]?.actor.via).toBe("cli");
    } finally {
      await store.close();
    }
  }, 120_000);

  it("reads a CSV export with a text column (quoted commas and line breaks)", async () => {
    const csv = path.join(dir, "export.csv");
    fs.writeFileSync(
      csv,
      '\uFEFFdate,Text,handle\n2026-11-22,"배송이 너무 늦어요, 언제 와요?",lee\n2026-11-22,"항상 친절하게 답해주셔서\n감사합니다",park\n',
    );
    const result = await triage([csv], "", path.join(dir, "data"));
    expect(result.code).toBe(0);
    const printed = rows(result.stdout);
    expect(printed.map((r) => [r[1], r[2]])).toEqual([
      ["delay-complaint", "배송이 너무 늦어요, 언제 와요?"],
      ["praise", "항상 친절하게 답해주셔서 감사합니다"],
    ]);
    expect(result.stderr).toContain("2 cases stored");
  }, 120_000);

  it("runs next to the app: the open database sees the cases triage stored", async () => {
    const store = await openStore(dir);
    try {
      const result = await triage([], "배송 언제 와요?\n", dir);
      expect(result.code).toBe(0);
      expect((await store.cases.list()).map((c) => c.mention.text)).toEqual(["배송 언제 와요?"]);
    } finally {
      await store.close();
    }
  }, 120_000);

  it("says which column is missing from a CSV", async () => {
    const csv = path.join(dir, "bad.csv");
    fs.writeFileSync(csv, "message,handle\n배송 언제 와요,kim\n");
    const result = await triage([csv], "", dir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('the CSV has no "text" column (columns: message, handle)');
  }, 120_000);
});
