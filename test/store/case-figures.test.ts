/**
 * The aggregates the database computes (store.figures), on SQLite and PostgreSQL: the surge
 * monitor's window counts and the daily report's figures, with the "as of" rules (a decision or
 * reclassification after the report's moment does not count yet) checked on a store built by hand.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditEvent, Case } from "../../src/cases/types.js";
import type { Engine } from "../../src/core/engine.js";
import type { Evidence } from "../../src/core/types.js";
import { type DailyReport, loadDailyReport } from "../../src/ops/report.js";
import type { Store } from "../../src/store/index.js";
import { engines, type TestDatabase, testDatabase } from "../support/databases.js";
import { makeCase } from "./fixtures.js";

// The report's day is 2026-11-22 in UTC; it is printed at 18:00 that day.
const DAY = "2026-11-22";
const day = (hm: string) => `${DAY}T${hm}:00.000Z`;
const AS_OF = new Date(day("18:00"));
const jane = { id: "U0JANE", name: "Jane", via: "slack" as const };

function ev(type: AuditEvent["type"], at: string, extra: Partial<AuditEvent> = {}): AuditEvent {
  return { at, actor: jane, type, ...extra };
}
const kw = (intent: string, value: string): Evidence => ({ kind: "keyword", intent, value, score: 1 });

/** A case of `intent` that came in at `at`, with its later events and overrides. */
function made(at: string, intent: string, overrides: Partial<Case> = {}, events: AuditEvent[] = []): Case {
  const base = makeCase(at, { intent });
  const c: Case = { ...base, ...overrides };
  c.classification = { ...base.classification, intent, ...(overrides.classification ?? {}) };
  c.events = [...base.events, ...events];
  return c;
}

const cases = {
  approved: made(
    day("01:00"),
    "delay",
    {
      state: "approved",
      approved: { by: jane, at: day("01:10"), text: "확인 후 연락드리겠습니다." },
      classification: { ...makeCase(day("01:00")).classification, evidence: [kw("delay", "배송")] },
    },
    [ev("approved", day("01:10"), { before: { text: "a" }, after: { text: "a" } })],
  ),
  editedApproved: made(
    day("02:00"),
    "delay",
    {
      state: "approved",
      approved: { by: jane, at: day("02:30"), text: "고친 답변" },
      classification: {
        ...makeCase(day("02:00")).classification,
        evidence: [kw("delay", "배송"), kw("delay", "배송 (~배숑)"), kw("praise", "감사")],
      },
    },
    [
      ev("edited", day("02:05")),
      ev("approved", day("02:30"), { before: { text: "b" }, after: { text: "b" } }),
    ],
  ),
  dismissed: made(
    day("03:00"),
    "delay",
    {
      state: "dismissed",
      dismissed: { by: jane, at: day("03:05"), reason: "duplicate" },
    },
    [ev("dismissed", day("03:05"))],
  ),
  // Posted at 04:00, taken in by triage at 17:00; "unknown" at intake, reclassified before asOf.
  triaged: made(
    day("17:00"),
    "suggestion",
    {
      mention: { text: "앱에 다크모드 넣어주세요", postedAt: day("04:00") },
      classification: { ...makeCase(day("17:00")).classification, intent: "unknown" },
    },
    [ev("reclassified", day("17:30"), { before: { intent: "unknown" }, after: { intent: "suggestion" } })],
  ),
  // Reclassified after asOf: counted as the delay complaint it was at 18:00.
  reclassifiedLater: made(
    day("05:00"),
    "praise",
    {
      classification: {
        ...makeCase(day("05:00")).classification,
        intent: "delay",
        evidence: [kw("delay", "늦어요")],
      },
    },
    [ev("reclassified", day("19:00"), { before: { intent: "delay" }, after: { intent: "praise" } })],
  ),
  approvedLater: made(
    day("06:00"),
    "delay",
    {
      state: "approved",
      approved: { by: jane, at: day("19:00"), text: "확인 후 연락드리겠습니다." },
    },
    [ev("approved", day("19:00"))],
  ),
  answered: made(
    day("07:00"),
    "network",
    {
      department: "network-ops",
      escalation: {
        department: "network-ops",
        at: day("08:00"),
        by: jane,
        replies: [{ user: "U0D", text: "ok", at: day("09:00") }],
      },
    },
    [ev("escalated", day("08:00"))],
  ),
  answeredLater: made(
    day("07:30"),
    "network",
    {
      department: "network-ops",
      escalation: {
        department: "network-ops",
        at: day("08:00"),
        by: jane,
        replies: [{ user: "U0D", text: "ok", at: day("19:00") }],
      },
    },
    [ev("escalated", day("08:00"))],
  ),
  yesterday: made("2026-11-21T10:00:00.000Z", "delay"),
  threeDaysAgo: made("2026-11-19T10:00:00.000Z", "praise"),
  // Twenty days ago: only an unanswered escalation keeps it in the report.
  oldEscalated: made(
    "2026-11-02T10:00:00.000Z",
    "delay",
    {
      escalation: { department: "logistics", at: "2026-11-02T11:00:00.000Z", by: jane, replies: [] },
    },
    [ev("escalated", "2026-11-02T11:00:00.000Z")],
  ),
  oldPlain: made("2026-11-02T10:00:00.000Z", "delay"),
  tomorrow: made("2026-11-23T01:00:00.000Z", "delay"),
};

const engineStub = {
  pack: { settings: { fallback_intent: "unknown" }, intents: [], departments: [] },
} as unknown as Pick<Engine, "pack">;

for (const engine of engines()) {
  describe(`case figures on ${engine}`, () => {
    let db: TestDatabase;
    let store: Store;

    beforeAll(async () => {
      db = testDatabase(engine);
      store = await db.open();
      for (const c of Object.values(cases)) await store.cases.insert(c);
    });

    afterAll(async () => {
      await store.close();
      await db.cleanup();
    });

    it("counts each intent's window and baseline in one query, on the mention's posted time", async () => {
      const end = new Date(day("06:30"));
      const rows = await store.figures.windowCounts({
        intents: ["delay", "praise", "network"],
        windowMs: 60 * 60_000,
        baselineMs: 7 * 24 * 60 * 60_000,
        end,
      });
      // (05:30, 06:30]: approvedLater. Before: the day's 01:00–03:00, yesterday; praise: 05:00 and D-3.
      expect(rows.sort((a, b) => a.intent.localeCompare(b.intent))).toEqual([
        { intent: "delay", count: 1, before: 4 },
        { intent: "praise", count: 0, before: 2 },
      ]);
      expect(await store.figures.countOccurred("delay", new Date(day("00:00")), AS_OF)).toBe(4);
      // The triaged suggestion counts at 04:00 (posted), not 17:00 (taken in).
      expect(
        await store.figures.countOccurred("suggestion", new Date(day("03:00")), new Date(day("05:00"))),
      ).toBe(1);
      expect(await store.figures.recentTexts("delay", new Date(day("00:00")), AS_OF, 2)).toHaveLength(2);
    });

    it("counts decisions per classified intent and how many kept it (precision)", async () => {
      // The two approved cases were classified delivery-delay (makeCase's classification) and are
      // delay now; the dismissed one stayed delay; approvedLater is decided at 19:00.
      const counts = (to: string) =>
        store.figures
          .decisionCounts({
            createdSince: new Date("2026-11-15T00:00:00Z"),
            from: new Date(day("00:00")),
            to: new Date(to),
          })
          .then((rows) => rows.sort((a, b) => a.intent.localeCompare(b.intent)));
      expect(await counts(day("18:00"))).toEqual([
        { intent: "delay", decided: 1, kept: 1 },
        { intent: "delivery-delay", decided: 2, kept: 0 },
      ]);
      expect((await counts(day("20:00")))[0]).toEqual({ intent: "delay", decided: 2, kept: 2 });
    });

    it("gives the daily report's figures as they stood at the report's moment", async () => {
      const report: DailyReport = await loadDailyReport(
        {
          reportFigures: (q) => store.figures.reportFigures(q),
          readSurges: async () => ({ version: 1, active: {}, ended: [] }),
        },
        { date: DAY, timezone: "UTC", now: AS_OF, engine: engineStub },
      );
      expect(report.total).toBe(8);
      expect(report.intents.map((i) => [i.intent, i.count, i.previousDay, i.weekAverage])).toEqual([
        ["delay", 5, 1, 0.1],
        ["network", 2, 0, 0],
        ["suggestion", 1, 0, 0],
        ["praise", 0, 0, 0.1],
      ]);
      expect(report.rates).toEqual({
        approved: { count: 2, rate: 0.25 },
        edited: { count: 1, rate: 0.125 },
        reclassified: { count: 1, rate: 0.125 },
        dismissed: { count: 1, rate: 0.125 },
        unknown: { count: 1, rate: 0.125 },
        pending: { count: 5, rate: 0.625 },
      });
      expect(report.approvalMinutes).toEqual({ count: 2, median: 20, p90: 28 });
      expect(report.escalations.map((e) => [e.department, e.open, e.cases.map((c) => c.caseId)])).toEqual([
        ["logistics", 1, [cases.oldEscalated.id]],
        ["network-ops", 1, [cases.answeredLater.id]],
      ]);
      expect(report.escalations[1]?.longestWaitMinutes).toBe(600);
      expect(report.suggestions.map((s) => s.caseId)).toEqual([cases.triaged.id]);
      expect(report.topTerms).toEqual([
        {
          intent: "delay",
          terms: [
            { term: "배송", count: 3 },
            { term: "늦어요", count: 1 },
          ],
        },
      ]);
      expect(report.surges).toEqual([]);
    });

    it("moves a case reclassified after asOf back once asOf passes the reclassification", async () => {
      const later = new Date(day("20:00"));
      const report = await loadDailyReport(
        {
          reportFigures: (q) => store.figures.reportFigures(q),
          readSurges: async () => ({ version: 1, active: {}, ended: [] }),
        },
        { date: DAY, timezone: "UTC", now: later, engine: engineStub },
      );
      expect(report.intents.find((i) => i.intent === "praise")?.count).toBe(1);
      expect(report.intents.find((i) => i.intent === "delay")?.count).toBe(4);
      expect(report.rates.approved.count).toBe(3);
      expect(report.rates.reclassified.count).toBe(2);
      expect(report.escalations.map((e) => e.department)).toEqual(["logistics"]);
    });
  });
}
