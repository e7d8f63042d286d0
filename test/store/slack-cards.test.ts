/**
 * Where cases are in Slack (slack_cards), on both engines: recorded once under concurrency, found by
 * escalation thread, and moved out of old case documents by migration 0003.
 */
import type { Kysely } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Case } from "../../src/cases/types.js";
import type { Store } from "../../src/store/index.js";
import { migrateToLatest, migrator } from "../../src/store/migrations.js";
import { splitSlackFacts } from "../../src/store/slack-cards.js";
import { engines, type TestDatabase, testDatabase } from "../support/databases.js";
import { caseRowBefore0007, makeCase } from "./fixtures.js";

function escalated(c: Case): Case {
  return {
    ...c,
    escalation: { department: "logistics", at: c.createdAt, by: { id: "U1", via: "slack" }, replies: [] },
  };
}

for (const engine of engines()) {
  describe(`slack_cards on ${engine}`, () => {
    let db: TestDatabase;
    let store: Store;

    beforeEach(async () => {
      db = testDatabase(engine);
    });

    afterEach(async () => {
      await store.close();
      await db.cleanup();
    });

    it("records one card and one thread however many writers race, and finds the case by thread", async () => {
      store = await db.open();
      const c = escalated(makeCase("2026-11-22T05:03:00Z"));
      await store.cases.insert(c);
      const cards = await Promise.all(
        Array.from({ length: 6 }, (_, i) => store.slackCards.setCardIfAbsent(c.id, "C-CARE", `1700.${i}`)),
      );
      expect(cards.filter(Boolean)).toHaveLength(1);
      const winner = `1700.${cards.indexOf(true)}`;
      const threads = await Promise.all(
        Array.from({ length: 6 }, (_, i) => store.slackCards.setThreadIfAbsent(c.id, "C-LOG", `1800.${i}`)),
      );
      expect(threads.filter(Boolean)).toHaveLength(1);
      const thread = `1800.${threads.indexOf(true)}`;

      expect(await store.slackCards.get(c.id)).toEqual({
        caseId: c.id,
        card: { channel: "C-CARE", ts: winner },
        thread: { channel: "C-LOG", ts: thread },
      });
      expect(await store.slackCards.byThread("C-LOG", thread)).toBe(c.id);
      expect(await store.slackCards.byThread("C-LOG", "1900.1")).toBeUndefined();
      // The case itself did not change: no new version, no audit line.
      expect(await store.cases.get(c.id)).toEqual(c);
    });

    it("imports locations without overwriting what is recorded, and reads many at once", async () => {
      store = await db.open();
      const a = makeCase("2026-11-22T05:03:00Z");
      const b = escalated(makeCase("2026-11-22T05:04:00Z"));
      await store.cases.insertMany([a, b]);
      await store.slackCards.setCardIfAbsent(a.id, "C-NEW", "2.1");
      await store.slackCards.importMany([
        {
          caseId: a.id,
          slack: { card: { channel: "C-OLD", ts: "1.1" }, thread: { channel: "C-LOG", ts: "1.2" } },
        },
        { caseId: b.id, slack: { thread: { channel: "C-LOG", ts: "1.3" } } },
      ]);
      await store.slackCards.importMany([
        { caseId: b.id, slack: { thread: { channel: "C-LOG", ts: "9.9" } } },
      ]);
      const many = await store.slackCards.getMany([a.id, b.id, "c-unknown"]);
      expect([...many.keys()].sort()).toEqual([a.id, b.id].sort());
      expect(many.get(a.id)).toEqual({
        caseId: a.id,
        card: { channel: "C-NEW", ts: "2.1" },
        thread: { channel: "C-LOG", ts: "1.2" },
      });
      expect(many.get(b.id)).toEqual({ caseId: b.id, thread: { channel: "C-LOG", ts: "1.3" } });
    });

    it("migration 0003 moves card and thread locations out of existing case documents", async () => {
      // A database as it was before 0003: case documents that carry their Slack locations.
      store = await db.open({ migrate: false });
      const up = await migrator(store.db, store.dialect, store.schema).migrateTo(
        "0002-state-index-with-search-text",
      );
      expect(up.error).toBeUndefined();
      const now = "2026-11-22T06:00:00.000Z";
      const withCard = {
        ...makeCase("2026-11-22T05:03:00Z", { mention: { text: 'NUL \u0000 and "card": in the text' } }),
        card: { channel: "C-CARE", ts: "1700.1" },
      };
      const both = {
        ...escalated(makeCase("2026-11-22T05:04:00Z")),
        card: { channel: "C-CARE", ts: "1700.2" },
      };
      (both.escalation as unknown as Record<string, unknown>).channel = "C-LOG";
      (both.escalation as unknown as Record<string, unknown>).threadTs = "1800.2";
      const plain = makeCase("2026-11-22T05:05:00Z");
      const already = { ...makeCase("2026-11-22T05:06:00Z"), card: { channel: "C-OLD", ts: "1.1" } };
      // biome-ignore lint/suspicious/noExplicitAny: the schema as it was before 0003.
      const old = store.db as unknown as Kysely<any>;
      let seq = 0;
      for (const c of [withCard, both, plain, already]) {
        await old
          .insertInto("cases")
          .values({
            ...caseRowBefore0007(c as Case, ++seq, now),
            escalation_channel: c === both ? "C-LOG" : null,
            escalation_thread_ts: c === both ? "1800.2" : null,
          })
          .execute();
      }
      // A location recorded before the migration ran (a run interrupted, or the app posting) is kept.
      await old
        .insertInto("slack_cards")
        .values({ case_id: already.id, card_channel: "C-KEEP", card_ts: "2.2", updated_at: now })
        .execute();

      expect(await migrateToLatest(store.db, store.dialect, store.schema)).toContain(
        "0003-slack-facts-out-of-cases",
      );
      await store.close();
      store = await db.open();

      const located = await store.slackCards.getMany([withCard.id, both.id, plain.id, already.id]);
      expect(located.get(withCard.id)).toEqual({
        caseId: withCard.id,
        card: { channel: "C-CARE", ts: "1700.1" },
      });
      expect(located.get(both.id)).toEqual({
        caseId: both.id,
        card: { channel: "C-CARE", ts: "1700.2" },
        thread: { channel: "C-LOG", ts: "1800.2" },
      });
      expect(located.has(plain.id)).toBe(false);
      expect(located.get(already.id)?.card).toEqual({ channel: "C-KEEP", ts: "2.2" });
      expect(await store.slackCards.byThread("C-LOG", "1800.2")).toBe(both.id);

      // The documents lost their Slack fields and nothing else.
      const back = await store.cases.getMany([withCard.id, both.id, plain.id, already.id]);
      expect(back.get(withCard.id)).toEqual(splitSlackFacts(withCard as Case).case);
      expect(back.get(withCard.id)?.mention.text).toBe('NUL \u0000 and "card": in the text');
      expect(back.get(both.id)).toEqual(
        escalated(makeCase(both.createdAt, { id: both.id, events: both.events })),
      );
      expect(back.get(plain.id)).toEqual(plain);
      expect(back.get(already.id)).not.toHaveProperty("card");
    });
  });
}

describe("splitSlackFacts", () => {
  it("takes old documents' and exports' locations out of the case", () => {
    const base = escalated(makeCase("2026-11-22T05:03:00Z"));
    const old = {
      ...base,
      card: { channel: "C1", ts: "1.1" },
      escalation: { ...base.escalation, channel: "C2", threadTs: "2.2" },
    } as unknown as Case;
    expect(splitSlackFacts(old)).toEqual({
      case: base,
      slack: { card: { channel: "C1", ts: "1.1" }, thread: { channel: "C2", ts: "2.2" } },
    });
    const exported = { ...base, slack: { thread: { channel: "C3", ts: "3.3" } } } as unknown as Case;
    expect(splitSlackFacts(exported)).toEqual({
      case: base,
      slack: { thread: { channel: "C3", ts: "3.3" } },
    });
    expect(splitSlackFacts(base)).toEqual({ case: base });
  });
});
