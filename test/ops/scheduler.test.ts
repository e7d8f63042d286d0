import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { REPORTS_DEFAULTS, REPORTS_KV, ReportScheduler, type ReportsData } from "../../src/ops/scheduler.js";
import { openStore, type Store } from "../../src/store/index.js";
import { manualClock, tempDir } from "./helpers.js";

const seoul = (local: string) => new Date(`${local}+09:00`);

describe("the daily report scheduler", () => {
  let dir: string;
  let cleanup: () => void;
  let store: Store | undefined;
  const posts: string[] = [];
  let failPosts = false;

  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
    posts.length = 0;
    failPosts = false;
  });
  afterEach(async () => {
    await store?.close();
    store = undefined;
    cleanup();
  });

  /** Opens the real store in the temp DATA_DIR (as the app does on start) and a scheduler on it. */
  async function boot(clock: () => Date): Promise<ReportScheduler> {
    await store?.close();
    store = await openStore(dir);
    return new ReportScheduler({
      kv: store.kv<ReportsData>(REPORTS_KV, REPORTS_DEFAULTS),
      clock,
      timezone: "Asia/Seoul",
      reportTime: "18:00",
      build: async (date) => ({ markdown: `# Daily report — ${date}`, svg: `<svg>${date}</svg>` }),
      post: async (date, markdown, svg) => {
        if (failPosts) throw new Error("slack is down");
        expect(markdown).toBe(`# Daily report — ${date}`);
        expect(svg).toBe(`<svg>${date}</svg>`);
        posts.push(date);
      },
    });
  }

  it("posts at REPORT_TIME, once per day, across a restart", async () => {
    const clock = manualClock(seoul("2026-11-22T17:00:00"));
    let scheduler = await boot(clock.now);
    expect(await scheduler.start(3_600_000)).toEqual([]);
    clock.set(seoul("2026-11-22T17:59:59"));
    expect(await scheduler.tick()).toEqual([]);

    clock.set(seoul("2026-11-22T18:00:00"));
    expect(await scheduler.tick()).toEqual(["2026-11-22"]);
    clock.set(seoul("2026-11-22T18:01:00"));
    expect(await scheduler.tick()).toEqual([]);
    await scheduler.stop();

    // Restart the same evening: the day's report is not posted again.
    clock.set(seoul("2026-11-22T19:00:00"));
    scheduler = await boot(clock.now);
    expect(await scheduler.start(3_600_000)).toEqual([]);
    await scheduler.stop();

    // The next day at 18:00 it posts that day's.
    clock.set(seoul("2026-11-23T18:00:30"));
    scheduler = await boot(clock.now);
    expect(await scheduler.start(3_600_000)).toEqual(["2026-11-23"]);
    await scheduler.stop();
    expect(posts).toEqual(["2026-11-22", "2026-11-23"]);
  });

  it("posts a missed report when the app comes back", async () => {
    const clock = manualClock(seoul("2026-11-22T09:00:00"));
    let scheduler = await boot(clock.now);
    // The first run ever posts nothing for days before it.
    expect(await scheduler.start(3_600_000)).toEqual([]);
    await scheduler.stop();

    // Down from 17:00 to 09:00 the next morning: the 22nd's report is posted on start.
    clock.set(seoul("2026-11-23T09:00:00"));
    scheduler = await boot(clock.now);
    expect(await scheduler.start(3_600_000)).toEqual(["2026-11-22"]);
    expect(await scheduler.tick()).toEqual([]);
    clock.set(seoul("2026-11-23T18:00:00"));
    expect(await scheduler.tick()).toEqual(["2026-11-23"]);
    await scheduler.stop();

    // Down for three days: each missed day, oldest first.
    clock.set(seoul("2026-11-26T20:00:00"));
    scheduler = await boot(clock.now);
    expect(await scheduler.start(3_600_000)).toEqual(["2026-11-24", "2026-11-25", "2026-11-26"]);
    await scheduler.stop();
    expect(posts).toEqual(["2026-11-22", "2026-11-23", "2026-11-24", "2026-11-25", "2026-11-26"]);
  });

  it("keeps a report whose post failed and posts it on a later tick", async () => {
    const clock = manualClock(seoul("2026-11-22T12:00:00"));
    const scheduler = await boot(clock.now);
    await scheduler.start(3_600_000);
    clock.set(seoul("2026-11-22T18:00:00"));
    failPosts = true;
    await expect(scheduler.tick()).rejects.toThrow("slack is down");
    failPosts = false;
    expect(await scheduler.tick()).toEqual(["2026-11-22"]);
    expect(await scheduler.tick()).toEqual([]);
    await scheduler.stop();
    expect(posts).toEqual(["2026-11-22"]);
  });
});
