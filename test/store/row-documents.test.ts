/**
 * Status lines and surges in their own tables (migration 0004), on both engines: concurrent updates
 * lose nothing, one active surge per intent is a unique key, and the old kv rows are moved.
 */
import type { Kysely } from "kysely";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SurgeRecord } from "../../src/ops/surge.js";
import type { Store } from "../../src/store/index.js";
import { migrateToLatest, migrator } from "../../src/store/migrations.js";
import { engines, type TestDatabase, testDatabase } from "../support/databases.js";

const at = (m: number) => new Date(Date.UTC(2026, 10, 22, 5, m)).toISOString();
const line = (intent: string, text: string, m: number) => ({ intent, text, setAt: at(m), setBy: "Minho" });

function surge(intent: string, startedAt: string, endedAt?: string): SurgeRecord {
  return {
    intent,
    startedAt,
    ...(endedAt ? { endedAt } : {}),
    count: 12,
    peakCount: 12,
    baseline: 1,
    threshold: 10,
    rule: { windowMinutes: 60, minCount: 10, rateMultiplier: 3 },
    samples: ["배송 언제 와요"],
    noticeDraft: { ko: "안내", en: "Notice" },
  };
}

for (const engine of engines()) {
  describe(`status lines and surges tables on ${engine}`, () => {
    let db: TestDatabase;
    let store: Store;

    beforeEach(() => {
      db = testDatabase(engine);
    });

    afterEach(async () => {
      await store.close();
      await db.cleanup();
    });

    it("keeps every status line when many intents (and one intent twice) are set at once", async () => {
      store = await db.open();
      const intents = Array.from({ length: 12 }, (_, i) => `intent-${i}`);
      await Promise.all(
        [...intents, "intent-0"].map((intent, i) =>
          store.statusLines.update((d) => {
            d.statuses[intent] = line(intent, `단계 ${i}`, i);
          }),
        ),
      );
      const back = await store.statusLines.read();
      expect(Object.keys(back.statuses).sort()).toEqual([...intents].sort());
      const rows = await store.db.selectFrom("status_lines").select(["intent", "version"]).execute();
      expect(rows).toHaveLength(12);
      // intent-0 was written twice, each on the version the other left.
      expect(rows.find((r) => r.intent === "intent-0")?.version).toBe(2);

      await store.statusLines.update((d) => {
        delete d.statuses["intent-3"];
      });
      expect((await store.statusLines.read()).statuses["intent-3"]).toBeUndefined();
      expect(await store.db.selectFrom("status_lines").select("intent").execute()).toHaveLength(11);
    });

    it("stores each surge as a row, ends it in place, and refuses a second active one for an intent", async () => {
      store = await db.open();
      const counted = await Promise.all(
        Array.from({ length: 6 }, () =>
          store.surges.update((d) => {
            const rec = d.active.delay;
            if (rec) rec.count++;
            else d.active.delay = surge("delay", at(0));
          }),
        ),
      );
      expect(counted).toHaveLength(6);
      expect((await store.surges.read()).active.delay?.count).toBe(17);

      await store.surges.update((d) => {
        const rec = d.active.delay as SurgeRecord;
        delete d.active.delay;
        d.ended.push({ ...rec, endedAt: at(30), total: 40 });
        d.active.praise = surge("praise", at(20));
      });
      const data = await store.surges.read();
      expect(Object.keys(data.active)).toEqual(["praise"]);
      expect(data.ended.map((s) => [s.intent, s.total])).toEqual([["delay", 40]]);
      expect(await store.db.selectFrom("surges").select("id").execute()).toHaveLength(2);

      // The database itself holds one active surge per intent.
      await expect(
        store.db
          .insertInto("surges")
          .values({
            id: "praise@other",
            intent: "praise",
            started_at: at(25),
            ended_at: null,
            doc: "{}",
            version: 1,
            updated_at: at(25),
          })
          .execute(),
      ).rejects.toThrow();
    });

    it("migration 0004 moves the status and surges kv rows into their tables", async () => {
      store = await db.open({ migrate: false });
      expect(
        (await migrator(store.db, store.dialect, store.schema).migrateTo("0003-slack-facts-out-of-cases"))
          .error,
      ).toBeUndefined();
      // biome-ignore lint/suspicious/noExplicitAny: the schema as it was before 0004.
      const old = store.db as unknown as Kysely<any>;
      const kvRow = (name: string, doc: object) => ({
        name,
        doc: JSON.stringify(doc),
        version: 3,
        updated_at: at(40),
      });
      await old
        .insertInto("kv")
        .values([
          kvRow("status", { statuses: { delay: line("delay", "1차 물량 배송 중", 1) } }),
          kvRow("surges", {
            version: 1,
            active: { delay: surge("delay", at(10)) },
            ended: [surge("praise", at(0), at(5))],
          }),
          kvRow("reports", { posted: { "2026-11-21": true } }),
        ])
        .execute();

      expect(await migrateToLatest(store.db, store.dialect, store.schema)).toContain(
        "0004-status-lines-and-surges-tables",
      );
      expect((await store.statusLines.read()).statuses.delay).toEqual(line("delay", "1차 물량 배송 중", 1));
      const surges = await store.surges.read();
      expect(surges.active.delay).toEqual(surge("delay", at(10)));
      expect(surges.ended).toEqual([surge("praise", at(0), at(5))]);
      const left = await store.db.selectFrom("kv").select("name").execute();
      expect(left.map((r) => r.name)).toEqual(["reports"]);
    });
  });
}
