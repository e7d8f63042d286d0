import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Case } from "../../src/cases/types.js";
import { buildReport } from "../../src/ops/index.js";
import {
  type DailyReport,
  loadDailyReport,
  quantile,
  renderChartSvg,
  renderMarkdown,
} from "../../src/ops/report.js";
import { openReadOnlySource } from "../../src/ops/source.js";
import type { SurgeRecord } from "../../src/ops/surge.js";
import type { Runtime } from "../../src/runtime.js";
import { manualClock, minho, openRuntime, tempDir } from "./helpers.js";

// The report's day, in Asia/Seoul (UTC+9): 2026-11-22 runs from 2026-11-21T15:00Z to 2026-11-22T15:00Z.
const DATE = "2026-11-22";
const seoul = (local: string) => new Date(`${local}+09:00`);

const DELAY_TEXTS = [
  "아이폰 배송 언제 되나요? 예약했는데",
  "배송 조회가 안 돼요 주문한 폰 어디있나요",
  "택배 배송 오늘 온다더니 감감무소식",
  "배송 지연 너무 심하네요 일주일째",
];

/**
 * A fixed store built through the case service with a controlled clock:
 *
 *   D-8  delay ×1                         (outside the 7-day average)
 *   D-3  delay ×4
 *   D-2  general-complaint escalated at 12:00, never answered      → open, waited 60 h at the end of D
 *        network-quality escalated at 12:00, answered on D-1        → not open
 *   D-1  delay ×3 (one of them, made at 21:00, approved on D at 09:00: 720 min), praise ×1
 *   D    delay ×4: approved after 10 min; edited then approved after 30 min; escalated at 10:00 and
 *                  never answered (→ open, 14 h); dismissed as a duplicate
 *        praise ×1 approved after 20 min
 *        suggestion ×2: one pending, one approved after 50 min
 *        "ㅋㅋㅋㅋ" → unknown at intake, pending
 *        a tariff question reclassified to suggestion, pending
 *   D+1  delay ×1 (after the day: not counted)
 */
describe("daily report on a fixed store", () => {
  let runtime: Runtime;
  let cleanup: () => void;
  let dir: string;
  const clock = manualClock(seoul("2026-11-14T09:00:00"));
  const made: Record<string, Case> = {};

  async function intake(key: string, raw: string, at: Date, intent: string) {
    clock.set(at);
    const r = await runtime.cases.intake({ raw, source: { kind: "console" }, actor: minho });
    // Preconditions: the pack reads the text as intended.
    expect(r.case.classification.intent, raw).toBe(intent);
    made[key] = r.case;
    return r.case;
  }
  async function act<T extends { ok: boolean }>(at: Date, fn: () => Promise<T>): Promise<T> {
    clock.set(at);
    const r = await fn();
    expect(r.ok).toBe(true);
    return r;
  }
  const id = (key: string) => (made[key] as Case).id;

  beforeAll(async () => {
    ({ dir, cleanup } = tempDir());
    runtime = await openRuntime(dir, clock.now);

    await intake("old", DELAY_TEXTS[0] as string, seoul("2026-11-14T09:00:00"), "delay-complaint");
    for (let i = 0; i < 4; i++) {
      await intake(`d3-${i}`, DELAY_TEXTS[i] as string, seoul(`2026-11-19T1${i}:00:00`), "delay-complaint");
    }
    await intake(
      "open-old",
      "상담원 연결이 왜 이렇게 안되나요 짜증",
      seoul("2026-11-20T12:00:00"),
      "general-complaint",
    );
    await act(seoul("2026-11-20T12:00:00"), () => runtime.cases.escalate(id("open-old"), minho));
    await intake(
      "answered",
      "인터넷이 자꾸 끊겨요 고쳐주세요",
      seoul("2026-11-20T12:00:00"),
      "network-quality",
    );
    await act(seoul("2026-11-20T12:00:00"), () => runtime.cases.escalate(id("answered"), minho));
    await act(seoul("2026-11-21T09:00:00"), () =>
      runtime.cases.addEscalationReply(id("answered"), {
        user: "U-NOC",
        text: "복구 완료",
        at: seoul("2026-11-21T09:00:00").toISOString(),
      }),
    );
    for (let i = 0; i < 3; i++) {
      await intake(`y-${i}`, DELAY_TEXTS[i] as string, seoul(`2026-11-21T2${i}:00:00`), "delay-complaint");
    }
    await intake("y-praise", "항상 친절하게 답해주셔서 감사합니다", seoul("2026-11-21T12:00:00"), "praise");
    await act(seoul("2026-11-22T09:00:00"), () => runtime.cases.approve(id("y-1"), minho));

    await intake("a", DELAY_TEXTS[0] as string, seoul("2026-11-22T09:00:00"), "delay-complaint");
    await act(seoul("2026-11-22T09:10:00"), () => runtime.cases.approve(id("a"), minho));
    await intake("b", DELAY_TEXTS[1] as string, seoul("2026-11-22T09:30:00"), "delay-complaint");
    await act(seoul("2026-11-22T09:40:00"), () =>
      runtime.cases.edit(
        id("b"),
        minho,
        "기다리게 해 드려 죄송합니다. 배송·개통 지원팀 080-000-0200에서 바로 확인해 드려요.",
      ),
    );
    await act(seoul("2026-11-22T10:00:00"), () => runtime.cases.approve(id("b"), minho));
    await intake("c", DELAY_TEXTS[2] as string, seoul("2026-11-22T10:00:00"), "delay-complaint");
    await act(seoul("2026-11-22T10:00:00"), () => runtime.cases.escalate(id("c"), minho));
    await intake("d", DELAY_TEXTS[3] as string, seoul("2026-11-22T11:00:00"), "delay-complaint");
    await act(seoul("2026-11-22T11:05:00"), () => runtime.cases.dismiss(id("d"), minho, "duplicate"));
    await intake("p", "항상 친절하게 답해주셔서 감사합니다", seoul("2026-11-22T12:00:00"), "praise");
    await act(seoul("2026-11-22T12:20:00"), () => runtime.cases.approve(id("p"), minho));
    await intake("s1", "앱에 다크모드 넣어주세요 건의합니다", seoul("2026-11-22T13:00:00"), "suggestion");
    await intake(
      "s2",
      "매장 대기시간 알려주는 기능 있었으면 좋겠어요",
      seoul("2026-11-22T14:00:00"),
      "suggestion",
    );
    await act(seoul("2026-11-22T14:50:00"), () => runtime.cases.approve(id("s2"), minho));
    await intake("u", "ㅋㅋㅋㅋ", seoul("2026-11-22T15:00:00"), "unknown");
    await intake("t", "청소년 데이터 요금제 있나요?", seoul("2026-11-22T16:00:00"), "tariff-question");
    await act(seoul("2026-11-22T16:10:00"), () => runtime.cases.reclassify(id("t"), minho, "suggestion"));
    await intake("next", DELAY_TEXTS[0] as string, seoul("2026-11-23T08:00:00"), "delay-complaint");

    const surge = (intent: string, startedAt: string, endedAt: string): SurgeRecord => ({
      intent,
      startedAt: seoul(startedAt).toISOString(),
      endedAt: seoul(endedAt).toISOString(),
      count: 3,
      peakCount: 31,
      baseline: 2.5,
      threshold: 15,
      rule: { minCount: 15, windowMinutes: 60, rateMultiplier: 3 },
      samples: [],
      noticeDraft: { ko: "", en: "" },
      notice: { text: "공지", url: "https://notice.example.com/1", approvedAt: "", approvedBy: "Minho" },
    });
    await runtime.store.surges.update((d) => {
      d.ended.push(surge("delay-complaint", "2026-11-17T10:00:00", "2026-11-17T12:00:00"));
      d.ended.push(surge("delay-complaint", "2026-11-21T23:30:00", "2026-11-22T02:15:00"));
    });
    clock.set(seoul("2026-11-23T10:00:00"));
  }, 60_000);

  afterAll(async () => {
    await runtime.close();
    cleanup();
  });

  it("has the known figures", async () => {
    const { report } = await buildReport(runtime, DATE);
    expect(report.asOf).toBe(seoul("2026-11-23T00:00:00").toISOString());
    expect(report.total).toBe(9);
    const row = (intent: string) => report.intents.find((i) => i.intent === intent);
    expect(row("delay-complaint")).toMatchObject({ count: 4, previousDay: 3, change: 1, weekAverage: 1 });
    expect(row("praise")).toMatchObject({ count: 1, previousDay: 1, change: 0, weekAverage: 0.1 });
    expect(row("suggestion")).toMatchObject({ count: 3, previousDay: 0, change: 3, weekAverage: 0 });
    expect(row("unknown")).toMatchObject({ count: 1 });
    // The reclassified case counts under the intent staff gave it.
    expect(row("tariff-question")).toBeUndefined();
    expect(report.intents[0]?.intent).toBe("delay-complaint");

    expect(report.rates).toEqual({
      approved: { count: 4, rate: 0.444 },
      edited: { count: 1, rate: 0.111 },
      reclassified: { count: 1, rate: 0.111 },
      dismissed: { count: 1, rate: 0.111 },
      unknown: { count: 1, rate: 0.111 },
      pending: { count: 4, rate: 0.444 },
    });
    // Approved on D: 10, 20, 30, 50 and 720 minutes after intake.
    expect(report.approvalMinutes).toEqual({ count: 5, median: 30, p90: 452 });

    expect(report.escalations.map((d) => [d.department, d.open, d.longestWaitMinutes])).toEqual([
      ["customer-center", 1, 60 * 60],
      ["delivery", 1, 14 * 60],
    ]);
    expect(report.escalations[1]?.cases[0]?.caseId).toBe(id("c"));

    expect(report.suggestions.map((s) => s.text)).toEqual([
      "앱에 다크모드 넣어주세요 건의합니다",
      "매장 대기시간 알려주는 기능 있었으면 좋겠어요",
      "청소년 데이터 요금제 있나요?",
    ]);
    expect(report.surges).toEqual([
      expect.objectContaining({
        intent: "delay-complaint",
        peakCount: 31,
        noticeUrl: "https://notice.example.com/1",
      }),
    ]);
    const delayTerms = report.topTerms.find((t) => t.intent === "delay-complaint")?.terms;
    expect(delayTerms?.[0]).toEqual({ term: "배송", count: 4 });
  });

  it("reads the same figures from a read-only view while the app holds the lock", async () => {
    const source = await openReadOnlySource(dir);
    try {
      const report = await loadDailyReport(source, {
        date: DATE,
        timezone: "Asia/Seoul",
        now: clock.now(),
        engine: runtime.engines.engine,
      });
      expect(report).toEqual((await buildReport(runtime, DATE)).report);
    } finally {
      await source.close();
    }
  });

  it("describes the day as it stood at report time when printed that evening", async () => {
    // At 15:30 on D: the tariff question came later, so there are 8 cases and one unknown pending.
    clock.set(seoul("2026-11-22T15:30:00"));
    try {
      const { report } = await buildReport(runtime, DATE);
      expect(report.total).toBe(8);
      expect(report.rates.reclassified.count).toBe(0);
      expect(report.escalations.find((d) => d.department === "delivery")?.longestWaitMinutes).toBe(330);
    } finally {
      clock.set(seoul("2026-11-23T10:00:00"));
    }
  });

  it("renders Markdown with the figures and the customers' words", async () => {
    const { markdown } = await buildReport(runtime, DATE);
    expect(markdown).toContain("# Daily report — 2026-11-22");
    expect(markdown).toContain("9 cases, for the whole day (Asia/Seoul).");
    expect(markdown).toContain(
      "- **Delay complaint (지연 불만)**: 4 (+1 vs. the day before; 7-day average 1)",
    );
    expect(markdown).toContain("- Approved: 4 (44.4%)");
    expect(markdown).toContain("median 30 min, 90th percentile 7 h 32 min (5 approvals)");
    expect(markdown).toContain("> 앱에 다크모드 넣어주세요 건의합니다");
    expect(markdown).toContain("2 d 12 h");
  });
});

describe("report rendering", () => {
  const report: DailyReport = {
    date: "2026-11-22",
    timezone: "Asia/Seoul",
    asOf: "2026-11-22T09:00:00.000Z",
    total: 3,
    intents: [
      {
        intent: "x",
        title: { ko: "<b>&", en: '<script>alert("x")</script>' },
        count: 2,
        previousDay: 0,
        change: 2,
        weekAverage: 1,
      },
      { intent: "y", title: { ko: "와", en: "Y" }, count: 1, previousDay: 1, change: 0, weekAverage: 0.5 },
    ],
    surges: [],
    rates: {
      approved: { count: 0, rate: 0 },
      edited: { count: 0, rate: 0 },
      reclassified: { count: 0, rate: 0 },
      dismissed: { count: 0, rate: 0 },
      unknown: { count: 0, rate: 0 },
      pending: { count: 3, rate: 1 },
    },
    approvalMinutes: { count: 0, median: null, p90: null },
    escalations: [],
    suggestions: [
      { caseId: "c1", text: "<!channel> 요금 & 할인 <http://x|click>", at: "2026-11-22T03:00:00.000Z" },
    ],
    topTerms: [],
  };

  it("escapes labels in the SVG chart and draws one bar per intent", () => {
    const svg = renderChartSvg(report);
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).not.toContain("<script>");
    expect(svg).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(svg.match(/<rect x="230"[^>]*fill="#2f6fb0"/g)).toHaveLength(3); // two bars + the legend swatch
    const ko = renderChartSvg(report, { language: "ko" });
    expect(ko).toContain("유형별 건수 — 2026-11-22 (3)");
    expect(ko).toContain("&lt;b&gt;&amp;");
  });

  it("escapes customer text in Markdown so Slack cannot turn it into a ping or a link", () => {
    const md = renderMarkdown(report);
    expect(md).toContain("> &lt;!channel&gt; 요금 &amp; 할인 &lt;http://x|click&gt;");
    expect(md).not.toContain("<!channel>");
  });

  it("interpolates quantiles between ranks", () => {
    expect(quantile([10, 20, 30, 50], 0.5)).toBe(25);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBeCloseTo(9.1);
  });
});
