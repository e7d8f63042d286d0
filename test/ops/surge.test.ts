import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Case } from "../../src/cases/types.js";
import type { SurgeRule } from "../../src/core/types.js";
import {
  type AlertRef,
  type DetectedSurge,
  type SurgeEvent,
  SurgeMonitor,
  surgesFromCases,
  windowStats,
} from "../../src/ops/surge.js";
import type { Runtime } from "../../src/runtime.js";
import { makeCase } from "../store/fixtures.js";
import { manualClock, minho, openRuntime, tempDir } from "./helpers.js";

const DELAY = "delay-complaint";
// 10:00 in Seoul. The pack's default surge rule: at least 15 in 60 minutes and 3× the usual rate.
const T0 = "2026-11-22T01:00:00Z";
const NOTICE_URL = "https://notice.example.com/delivery-1122";
// A notice must pass the sincerity check like any reply: a next step with who/where/when.
const NOTICE_TEXT =
  "[배송 지연 안내] 18:00 기준 1차 물량 출고 중입니다. 개별 주문은 080-000-0200에서 확인해 드립니다.";

/** Records what would be posted to OPS_CHANNEL_ID and says where it "went". */
function recorder() {
  const events: SurgeEvent[] = [];
  let n = 0;
  const deliver = async (event: SurgeEvent): Promise<AlertRef> => {
    events.push(event);
    n++;
    return { channel: "C-OPS", ts: `1700000000.00000${n}` };
  };
  return { events, deliver };
}

async function intakeDelay(runtime: Runtime, i: number) {
  const made = await runtime.cases.intake({
    raw: `@cust${i} 예약한 아이폰 배송 언제 와요? 주문 ${i}번째 확인 부탁`,
    source: { kind: "console" },
    actor: minho,
  });
  // A precondition, not the behaviour under test: the pack must read these as delay complaints.
  expect(made.case.intent).toBe(DELAY);
  return made.case;
}

describe("surge detection with a controlled clock", () => {
  let dir: string;
  let cleanup: () => void;
  const open: Array<{ runtime: Runtime; monitor?: SurgeMonitor }> = [];

  beforeEach(() => {
    ({ dir, cleanup } = tempDir());
  });
  afterEach(async () => {
    for (const o of open.splice(0)) {
      await o.monitor?.stop();
      await o.runtime.close();
    }
    cleanup();
  });

  async function start(clock: () => Date) {
    const runtime = await openRuntime(dir, clock);
    const monitor = SurgeMonitor.fromRuntime(runtime);
    const rec = recorder();
    const entry = { runtime, monitor };
    open.push(entry);
    await monitor.start({ deliver: rec.deliver, intervalMs: 3_600_000 });
    await monitor.idle();
    return { runtime, monitor, rec };
  }

  async function stop(runtime: Runtime, monitor: SurgeMonitor) {
    await monitor.stop();
    await runtime.close();
    open.splice(
      open.findIndex((o) => o.runtime === runtime),
      1,
    );
  }

  it("alerts once when a burst crosses the threshold, ends with one follow-up, and survives a restart", async () => {
    const clock = manualClock(T0);
    let { runtime, monitor, rec } = await start(clock.now);

    // 14 delay complaints in 14 minutes: below minCount 15, no alert.
    for (let i = 1; i <= 14; i++) {
      await intakeDelay(runtime, i);
      await monitor.idle();
      clock.advance(1);
    }
    expect(rec.events).toEqual([]);

    // The 15th raises the alert, with samples and a notice draft from the intent's template.
    await intakeDelay(runtime, 15);
    await monitor.idle();
    expect(rec.events).toHaveLength(1);
    const alert = rec.events[0] as SurgeEvent;
    expect(alert).toMatchObject({ type: "started", intent: DELAY, count: 15, baseline: 0, threshold: 15 });
    expect(alert.samples).toHaveLength(3);
    expect(alert.samples[0]).toContain("주문 15번째");
    expect(alert.noticeDraft.ko).toContain("[배송·개통 지연 안내]");
    expect(alert.noticeDraft.en).toContain("[Delivery & activation delays]");
    expect(alert.noticeDraft.ko).toContain("080-000-0200");

    // More of the same surge: no second alert.
    for (let i = 16; i <= 20; i++) {
      clock.advance(1);
      await intakeDelay(runtime, i);
      await monitor.idle();
    }
    expect(rec.events).toHaveLength(1);
    expect((await monitor.get(DELAY))?.peakCount).toBe(20);

    // An approved notice makes new drafts for the intent link to it.
    const approved = await monitor.approveNotice(DELAY, NOTICE_TEXT, NOTICE_URL, minho);
    expect(approved.ok).toBe(true);
    expect(runtime.notices.get(DELAY)).toEqual({ intent: DELAY, url: NOTICE_URL });
    clock.advance(1);
    const linked = await intakeDelay(runtime, 21);
    expect(linked.draft?.text).toContain(NOTICE_URL);
    await monitor.idle();

    // Restart in the middle of the surge: nothing is re-alerted and the notice is still in force.
    await stop(runtime, monitor);
    ({ runtime, monitor, rec } = await start(clock.now));
    expect(rec.events).toEqual([]);
    expect(runtime.notices.get(DELAY)?.url).toBe(NOTICE_URL);
    expect((await monitor.active()).map((s) => s.intent)).toEqual([DELAY]);
    clock.advance(1);
    expect((await intakeDelay(runtime, 22)).draft?.text).toContain(NOTICE_URL);
    await monitor.idle();
    expect(rec.events).toEqual([]);

    // Cases were made at minutes 0..21 (T0 = minute 0). At minute 72 the window (12, 72] still holds
    // 9 cases: below minCount but not below minCount / 2, so the surge stays on (hysteresis).
    clock.set(new Date(Date.parse(T0) + 72 * 60_000));
    await monitor.checkNow();
    expect(rec.events).toEqual([]);
    expect(await monitor.get(DELAY)).toBeDefined();

    // At minute 75 the window (15, 75] holds 6 (< 7.5): one "ended" follow-up, for the first alert.
    clock.set(new Date(Date.parse(T0) + 75 * 60_000));
    await monitor.checkNow();
    expect(rec.events).toHaveLength(1);
    const ended = rec.events[0] as SurgeEvent;
    expect(ended).toMatchObject({ type: "ended", intent: DELAY, count: 6, peakCount: 22, total: 22 });
    expect(ended.alert).toEqual({ channel: "C-OPS", ts: "1700000000.000001" });
    expect(ended.notice?.url).toBe(NOTICE_URL);
    expect(runtime.notices.has(DELAY)).toBe(false);
    expect(await monitor.active()).toEqual([]);

    // Drafts stop linking to the notice, and nothing more is posted.
    clock.advance(1);
    expect((await intakeDelay(runtime, 23)).draft?.text).not.toContain(NOTICE_URL);
    await monitor.idle();
    await monitor.checkNow();
    expect(rec.events).toHaveLength(1);

    // The ended surge is kept for the daily report.
    const stored = await runtime.store.surges.read();
    expect(await runtime.store.db.selectFrom("surges").select("id").execute()).toHaveLength(1);
    expect(stored.ended).toHaveLength(1);
    expect(stored.ended[0]?.followUp?.ref).toEqual({ channel: "C-OPS", ts: "1700000000.000001" });
  });

  it("a burst of new cases shares a few checks, not one each, and still alerts once", async () => {
    const clock = manualClock(T0);
    const runtime = await openRuntime(dir, clock.now);
    let checks = 0;
    const monitor = SurgeMonitor.fromRuntime(runtime, {
      leader: async () => {
        checks++;
        return true;
      },
    });
    open.push({ runtime, monitor });
    const rec = recorder();
    await monitor.start({ deliver: rec.deliver, intervalMs: 3_600_000 });
    await monitor.idle();
    const before = checks;
    // 20 intakes one after another, as a burst of Slack requests arrives: each is committed (and
    // asks for a check) before the next one starts.
    for (let i = 1; i <= 20; i++) await intakeDelay(runtime, i);
    await monitor.idle();
    expect(checks - before).toBeGreaterThanOrEqual(1);
    expect(checks - before).toBeLessThanOrEqual(5);
    expect(rec.events).toHaveLength(1);
    expect(rec.events[0]).toMatchObject({ type: "started", intent: DELAY, count: 20 });
  });

  it("does not alert for a busy hour that is this intent's usual rate", async () => {
    const clock = manualClock(T0);
    const { runtime, monitor, rec } = await start(clock.now);
    // The last week: 7 delay complaints every hour (baseline 7, so the threshold is 3 × 7 = 21).
    const history = [];
    for (let h = 1; h <= 7 * 24; h++) {
      for (let k = 0; k < 7; k++) {
        const at = new Date(Date.parse(T0) - h * 3_600_000 + k * 60_000);
        history.push(runtime.store.cases.insert(makeCase(at.toISOString(), { intent: DELAY })));
      }
    }
    await Promise.all(history);
    for (let i = 1; i <= 20; i++) {
      await intakeDelay(runtime, i);
      clock.advance(1);
    }
    await monitor.checkNow();
    expect(rec.events).toEqual([]);
    // One more makes 21: now it is 3× the usual rate and over minCount.
    await intakeDelay(runtime, 21);
    await monitor.checkNow();
    expect(rec.events.map((e) => [e.type, e.count, e.baseline, e.threshold])).toEqual([
      ["started", 21, 7, 21],
    ]);
  });

  it("keeps an alert whose post failed and delivers it on the next check", async () => {
    const clock = manualClock(T0);
    const runtime = await openRuntime(dir, clock.now);
    const monitor = SurgeMonitor.fromRuntime(runtime);
    open.push({ runtime, monitor });
    const posted: SurgeEvent[] = [];
    let fail = true;
    const errors: unknown[] = [];
    await monitor.start({
      intervalMs: 3_600_000,
      onError: (err) => errors.push(err),
      deliver: async (event) => {
        if (fail) throw new Error("slack is down");
        posted.push(event);
      },
    });
    for (let i = 1; i <= 15; i++) await intakeDelay(runtime, i);
    await monitor.idle();
    expect(posted).toEqual([]);
    expect(errors.length).toBeGreaterThan(0);

    fail = false;
    await monitor.checkNow();
    await monitor.checkNow();
    expect(posted.map((e) => e.type)).toEqual(["started"]);
  });

  it("check() returns undelivered events until they are marked delivered", async () => {
    const clock = manualClock(T0);
    const runtime = await openRuntime(dir, clock.now);
    open.push({ runtime });
    const monitor = SurgeMonitor.fromRuntime(runtime);
    for (let i = 1; i <= 15; i++) await intakeDelay(runtime, i);
    const first = await monitor.check();
    expect(first.map((e) => e.type)).toEqual(["started"]);
    expect(await monitor.check()).toEqual(first);
    await monitor.markDelivered(first[0] as SurgeEvent, { channel: "C1", ts: "1.1" });
    expect(await monitor.check()).toEqual([]);
  });

  it("refuses a notice without a surge, with a bad link, or from someone not allowed to decide", async () => {
    const clock = manualClock(T0);
    const runtime = await openRuntime(dir, clock.now, { APPROVER_USER_IDS: "U-LEAD" });
    open.push({ runtime });
    const monitor = SurgeMonitor.fromRuntime(runtime);
    expect(await monitor.approveNotice(DELAY, NOTICE_TEXT, NOTICE_URL, minho)).toMatchObject({
      ok: false,
      code: "not-active",
    });
    for (let i = 1; i <= 15; i++) await intakeDelay(runtime, i);
    await monitor.check();
    expect(await monitor.approveNotice(DELAY, NOTICE_TEXT, "javascript:alert(1)", minho)).toMatchObject({
      ok: false,
      code: "invalid",
    });
    expect(
      await monitor.approveNotice(DELAY, NOTICE_TEXT, NOTICE_URL, { id: "U-GUEST", via: "slack" }),
    ).toMatchObject({ ok: false, code: "forbidden" });
    expect(runtime.notices.size).toBe(0);
    expect(
      await monitor.approveNotice(DELAY, NOTICE_TEXT, NOTICE_URL, { id: "U-LEAD", via: "slack" }),
    ).toMatchObject({
      ok: true,
    });
    expect(runtime.notices.get(DELAY)?.url).toBe(NOTICE_URL);
  });
});

describe("windowStats", () => {
  const rule = { minCount: 4, windowMinutes: 60, rateMultiplier: 3 };
  const now = new Date("2026-11-22T12:00:00Z");
  const at = (minutesAgo: number, intent = DELAY) => ({
    intent,
    createdAt: new Date(now.getTime() - minutesAgo * 60_000).toISOString(),
    mention: { text: `m${minutesAgo}` },
  });

  it("counts the window (now − window, now] and averages the week before it per window", () => {
    // In the window: 0, 30, 59 minutes ago (60 is the boundary and belongs to the baseline).
    // Before it: 168 cases over 7 days = 1 per hour.
    const history = Array.from({ length: 168 }, (_, h) => at(60 + h * 60));
    const cases = [at(0), at(30), at(59), ...history, at(5, "praise")];
    const s = windowStats(cases, DELAY, rule, now);
    expect(s).toMatchObject({ count: 3, baseline: 1, threshold: 4, surging: false });
    expect(s.samples).toEqual(["m0", "m30", "m59"]);
    expect(windowStats([...cases, at(1)], DELAY, rule, now).surging).toBe(true);
  });

  it("needs rateMultiplier × the usual rate when that is above minCount", () => {
    const history = Array.from({ length: 168 * 5 }, (_, i) => at(60 + Math.floor(i / 5) * 60));
    const window = Array.from({ length: 14 }, (_, i) => at(i));
    expect(windowStats([...history, ...window], DELAY, rule, now)).toMatchObject({
      count: 14,
      baseline: 5,
      threshold: 15,
      surging: false,
    });
  });
});

describe("surgesFromCases", () => {
  // The detection the report runs over a day's stored cases, against the plain definition: at each
  // moment a case enters or leaves the window, windowStats over all of the intent's cases.
  function naive(cases: Case[], rules: Map<string, SurgeRule>, from: Date, until: Date): DetectedSurge[] {
    const out: DetectedSurge[] = [];
    for (const [intent, rule] of rules) {
      const mine = cases.filter((c) => c.intent === intent);
      const windowMs = rule.windowMinutes * 60_000;
      const times = mine
        .map((c) => Date.parse(c.createdAt))
        .filter((t) => t > from.getTime() - windowMs && t <= until.getTime());
      if (times.length < rule.minCount) continue;
      const checks = [...new Set(times.flatMap((t) => [t, t + windowMs]))]
        .filter((t) => t >= from.getTime() && t <= until.getTime())
        .sort((a, b) => a - b);
      let current: DetectedSurge | undefined;
      for (const t of checks) {
        const s = windowStats(mine, intent, rule, new Date(t));
        if (!current) {
          if (s.surging)
            current = {
              intent,
              startedAt: new Date(t).toISOString(),
              peakCount: s.count,
              baseline: s.baseline,
            };
          continue;
        }
        current.peakCount = Math.max(current.peakCount, s.count);
        if (s.calm) {
          current.endedAt = new Date(t).toISOString();
          out.push(current);
          current = undefined;
        }
      }
      if (current) out.push(current);
    }
    return out.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
  }

  it("finds the same surges as windowStats at every change of the window", () => {
    const rules = new Map<string, SurgeRule>([
      ["delivery-delay", { windowMinutes: 60, minCount: 15, rateMultiplier: 3 }],
      ["praise", { windowMinutes: 30, minCount: 6, rateMultiplier: 2 }],
    ]);
    const from = new Date("2026-11-22T00:00:00Z");
    const until = new Date("2026-11-23T00:00:00Z");
    for (let seed = 1; seed <= 5; seed++) {
      let x = seed;
      const random = () => {
        x = (x * 1103515245 + 12345) % 2 ** 31;
        return x / 2 ** 31;
      };
      const cases: Case[] = [];
      // A week of background, then bursts on the day (a burst is 20–60 cases within an hour).
      for (let i = 0; i < 1500; i++) {
        const t = from.getTime() - 7 * 86_400_000 + random() * 8 * 86_400_000;
        cases.push(
          makeCase(new Date(t).toISOString(), { intent: random() < 0.5 ? "delivery-delay" : "praise" }),
        );
      }
      for (let b = 0; b < 3; b++) {
        const start = from.getTime() + random() * 86_400_000;
        const n = 20 + Math.floor(random() * 40);
        for (let i = 0; i < n; i++)
          cases.push(
            makeCase(new Date(start + random() * 3_600_000).toISOString(), {
              intent: b % 2 ? "praise" : "delivery-delay",
            }),
          );
      }
      const expected = naive(cases, rules, from, until);
      expect(expected.length).toBeGreaterThan(0);
      expect(surgesFromCases(cases, rules, from, until)).toEqual(expected);
    }
  });
});
