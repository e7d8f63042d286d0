/**
 * Bulk intake that tells the truth: a backlog imported with `sincerely triage` counts when it was
 * posted, so it raises no surge now, while a live burst taken in the same way does, and the daily
 * report shows that burst whether or not the running app's monitor saw it.
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildReport, type SurgeEvent, SurgeMonitor } from "../../src/ops/index.js";
import { CARE_PACK } from "../support/care-pack.js";
import { openRuntime, REPO, tempDir } from "./helpers.js";

const DELAY = "delay-complaint";
// 12:00 in Seoul on the report day; the burst is the half hour before.
const NOON = Date.parse("2026-11-22T03:00:00Z");
const MINUTE = 60_000;

function triage(file: string, dataDir: string): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("npx", ["tsx", "src/cli.ts", "triage", "--pack", CARE_PACK, file], {
      cwd: REPO,
      env: { ...process.env, DATA_DIR: dataDir, TIMEZONE: "Asia/Seoul" },
    });
    let stderr = "";
    child.stderr.on("data", (d) => {
      stderr += d;
    });
    child.stdout.resume();
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stderr }));
  });
}

const complaint = (i: number) => `예약한 아이폰 배송 언제 와요? 주문 ${i}번째인데 아직 소식이 없네요`;

describe("triage with posted times", () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
  });
  afterEach(() => cleanup());

  it("a 300-row backlog raises no surge, a burst of 30 does, and the report shows the burst once", async () => {
    const data = path.join(dir, "data");
    // The backlog: 300 delay complaints over the three days before, one every 14 minutes (about 4
    // an hour, under any surge rule), in a CSV export with a posted_at column.
    const backlog = path.join(dir, "backlog.csv");
    const rows = ["id,handle,posted_at,text"];
    for (let i = 0; i < 300; i++) {
      const at = new Date(NOON - 24 * 60 * MINUTE - i * 14 * MINUTE).toISOString();
      rows.push(`b${i},cust${i},${at},"${complaint(i)}"`);
    }
    fs.writeFileSync(backlog, `${rows.join("\n")}\n`);
    const first = await triage(backlog, data);
    expect(first.stderr).toContain("300 cases stored");
    expect(first.code).toBe(0);

    // The burst: 30 in the half hour before noon, as JSON lines with created_at in Seoul time.
    const burst = path.join(dir, "burst.jsonl");
    const lines = [];
    for (let i = 0; i < 30; i++) {
      const at = new Date(NOON - (30 - i) * MINUTE + 9 * 60 * MINUTE).toISOString().replace("Z", "+09:00");
      lines.push(
        JSON.stringify({ id: `n${i}`, handle: `now${i}`, created_at: at, text: complaint(1000 + i) }),
      );
    }
    fs.writeFileSync(burst, `${lines.join("\n")}\n`);
    const second = await triage(burst, data);
    expect(second.code).toBe(0);

    const runtime = await openRuntime(data, () => new Date(NOON + MINUTE));
    try {
      const cases = await runtime.cases.list();
      expect(cases).toHaveLength(330);
      expect(cases.filter((c) => c.intent === DELAY).length).toBeGreaterThanOrEqual(320);
      const oldest = cases.find((c) => c.mention.handle === "cust299");
      expect(oldest?.mention.postedAt).toBe(
        new Date(NOON - 24 * 60 * MINUTE - 299 * 14 * MINUTE).toISOString(),
      );

      // Before any monitor ran, the report finds the burst in the stored cases.
      const before = (await buildReport(runtime, "2026-11-22")).report;
      expect(before.surges.map((s) => [s.intent, s.fromCases ?? false])).toEqual([[DELAY, true]]);
      expect(before.surges[0]?.peakCount).toBeGreaterThanOrEqual(28);
      // The backlog's days show no surge.
      const backlogDay = (await buildReport(runtime, "2026-11-20")).report;
      expect(backlogDay.surges).toEqual([]);
      expect(backlogDay.total).toBeGreaterThan(90);

      // The monitor raises exactly one alert: the burst, not the backlog.
      const monitor = SurgeMonitor.fromRuntime(runtime);
      const events: SurgeEvent[] = [];
      await monitor.start({ deliver: async (e) => events.push(e), intervalMs: 3_600_000 });
      await monitor.idle();
      await monitor.stop();
      expect(events.map((e) => [e.type, e.intent])).toEqual([["started", DELAY]]);
      expect(events[0]?.count).toBeGreaterThanOrEqual(28);
      // No status line is set: the notice still says when and where the next word comes, not "checking".
      const notice = events[0]?.noticeDraft;
      expect(notice?.ko).not.toMatch(/현재 단계: 확인 중\s*$/m);
      expect(notice?.ko).toContain("13:00까지 이 공지에 다음 안내를 올리겠습니다");
      expect(notice?.en).toContain("the next update will be posted here by 13:00");

      // Now the report names the monitor's surge once (not a second copy found in the cases).
      const after = (await buildReport(runtime, "2026-11-22")).report;
      expect(after.surges.map((s) => [s.intent, s.fromCases ?? false])).toEqual([[DELAY, false]]);
    } finally {
      await runtime.close();
    }
  }, 180_000);

  it("names the line and field of a posted time it cannot read", async () => {
    const file = path.join(dir, "bad.csv");
    fs.writeFileSync(
      file,
      `text,posted_at\n"${complaint(1)}",yesterday\n"${complaint(2)}",2026-11-22T10:00:00+09:00\n`,
    );
    const result = await triage(file, path.join(dir, "data"));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`bad.csv:2: "posted_at" is not a date and time with a zone`);
    expect(result.stderr).toContain("1 case stored");
  }, 120_000);
});
