/**
 * The store suite: the same tests on SQLite and on PostgreSQL (when TEST_DATABASE_URL is set; under
 * CI=true it must be). Each test gets a fresh database (a temp DATA_DIR, or a new schema).
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Case } from "../../src/cases/types.js";
import { dayOfCaseId, newCaseId, type Store, StoreError } from "../../src/store/index.js";
import { migrator } from "../../src/store/migrations.js";
import { engines, type TestDatabase, testDatabase } from "../support/databases.js";
import { caseRowBefore0007, makeCase } from "./fixtures.js";

describe("case ids", () => {
  it("encode the UTC date and time of creation", () => {
    const id = newCaseId(new Date("2026-11-22T14:30:05.123Z"));
    expect(id).toMatch(/^c20261122-143005-[a-z0-9]{6}$/);
    expect(dayOfCaseId(id)).toBe("2026-11-22");
  });

  it("say nothing about ids in another format", () => {
    expect(dayOfCaseId("case-1")).toBeUndefined();
  });
});

for (const engine of engines()) {
  describe(`store on ${engine}`, () => {
    let db: TestDatabase;
    let store: Store;

    beforeEach(async () => {
      db = testDatabase(engine);
      store = await db.open();
    });

    afterEach(async () => {
      await store.close();
      await db.cleanup();
    });

    async function reopen(): Promise<void> {
      await store.close();
      store = await db.open();
    }

    it("keeps a case across close and reopen, with version 1", async () => {
      const c = makeCase("2026-11-22T05:03:00Z");
      expect(await store.cases.insert(c)).toEqual({ inserted: true });
      await reopen();
      const back = await store.cases.get(c.id);
      expect(back).toEqual({ ...c, version: 1 });
      expect(await store.cases.events(c.id)).toEqual(c.events);
    });

    it("indexes the cases stored before the bigram index and the classified_intent column (migrations 0006, 0007)", async () => {
      const old = testDatabase(engine);
      try {
        const raw = await old.open({ migrate: false });
        const { error } = await migrator(raw.db, engine, old.schema).migrateTo("0005-decided-index");
        expect(error).toBeUndefined();
        const c = makeCase("2026-11-22T05:03:00Z", {
          mention: { text: "개통 배송이 늦어요", handle: "kim" },
        });
        await raw.db
          .insertInto("cases")
          .values(caseRowBefore0007(c, 1, "2026-11-22T05:03:00Z"))
          .execute();
        await raw.close();
        const migrated = await old.open();
        try {
          const found = await migrated.cases.page({ text: "배송", order: "newest", limit: 5 });
          expect(found.items.map((x) => x.id)).toEqual([c.id]);
          expect(await migrated.cases.count({ text: "개통" })).toBe(1);
          // 0007 filled the classifier's intent in from the document.
          const filled = await migrated.db.selectFrom("cases").select("classified_intent").execute();
          expect(filled).toEqual([{ classified_intent: c.classification.intent }]);
        } finally {
          await migrated.close();
        }
      } finally {
        await old.cleanup();
      }
    });

    it("refuses an id that is already stored", async () => {
      const c = makeCase("2026-11-22T05:03:00Z");
      await store.cases.insert(c);
      await expect(store.cases.insert(c)).rejects.toMatchObject({ code: "duplicate-id" });
    });

    it("updates only from the version it was computed from", async () => {
      const c = makeCase("2026-11-22T05:03:00Z");
      await store.cases.insert(c);
      const a: Case = { ...c, version: 2, state: "approved" };
      const b: Case = { ...c, version: 2, state: "dismissed" };
      const results = await Promise.all([store.cases.update(a, 1), store.cases.update(b, 1)]);
      expect(results.filter(Boolean)).toHaveLength(1);
      const stored = await store.cases.get(c.id);
      expect(stored?.version).toBe(2);
      expect(["approved", "dismissed"]).toContain(stored?.state);
      expect(await store.cases.update({ ...c, version: 3 }, 2)).toBe(true);
      expect(await store.cases.count({ state: "pending" })).toBe(1);
    });

    it("refuses an update of an unknown id", async () => {
      const c = makeCase("2026-11-22T05:03:00Z");
      await expect(store.cases.update({ ...c, version: 2 }, 1)).rejects.toBeInstanceOf(StoreError);
    });

    it("lets exactly one insert win a dedupe key, and the others learn its case", async () => {
      const cases = Array.from({ length: 8 }, () => makeCase("2026-11-22T05:03:00Z"));
      const results = await Promise.all(
        cases.map((c) => store.cases.insert(c, { dedupeKey: "command:T123" })),
      );
      const winners = results.filter((r) => r.inserted);
      expect(winners).toHaveLength(1);
      const winner = cases[results.findIndex((r) => r.inserted)] as Case;
      for (const r of results) if (!r.inserted) expect(r.existingId).toBe(winner.id);
      expect(await store.cases.count()).toBe(1);
      expect(await store.dedupe.get("command:T123")).toBe(winner.id);
    });

    it("stores a batch in one transaction as single inserts would: case, events, dedupe key, outbox", async () => {
      const [a, b, c] = Array.from({ length: 3 }, () => makeCase("2026-11-22T05:03:00Z"));
      const earlier = makeCase("2026-11-22T05:00:00Z");
      await store.cases.insert(earlier, { dedupeKey: "cli:m0" });
      const results = await store.cases.insertBatch([
        {
          case: a as Case,
          options: { dedupeKey: "cli:m1", outbox: [{ topic: "card", key: (a as Case).id }] },
        },
        { case: b as Case, options: { dedupeKey: "cli:m0" } }, // held by an earlier case
        { case: c as Case, options: { dedupeKey: "cli:m1" } }, // given twice in the batch
      ]);
      expect(results).toEqual([
        { inserted: true },
        { inserted: false, existingId: earlier.id },
        { inserted: false, existingId: (a as Case).id },
      ]);
      await reopen();
      expect(await store.cases.get((a as Case).id)).toEqual({ ...a, version: 1 });
      expect(await store.cases.events((a as Case).id)).toEqual((a as Case).events);
      expect(await store.cases.get((b as Case).id)).toBeUndefined();
      expect(await store.dedupe.get("cli:m1")).toBe((a as Case).id);
      expect(await store.outbox.pending("card")).toBe(1);
      expect(await store.cases.count()).toBe(2);
    });

    it("stores none of a batch when one case fails", async () => {
      const taken = makeCase("2026-11-22T05:03:00Z");
      await store.cases.insert(taken);
      const fresh = makeCase("2026-11-22T05:03:00Z");
      await expect(
        store.cases.insertBatch([{ case: fresh, options: { dedupeKey: "cli:x" } }, { case: { ...taken } }]),
      ).rejects.toMatchObject({ code: "duplicate-id" });
      expect(await store.cases.get(fresh.id)).toBeUndefined();
      expect(await store.dedupe.get("cli:x")).toBeUndefined();
    });

    it("commits the outbox rows with the case, and leases each row to one worker", async () => {
      const c = makeCase("2026-11-22T05:03:00Z");
      await store.cases.insert(c, { outbox: [{ topic: "card", key: c.id, payload: { channel: "C1" } }] });
      const [first, second] = await Promise.all([
        store.outbox.claim("card", "replica-a"),
        store.outbox.claim("card", "replica-b"),
      ]);
      expect([...(first ?? []), ...(second ?? [])].map((i) => i.key)).toEqual([c.id]);
      const item = [...first, ...second][0];
      const owner = first.length ? "replica-a" : "replica-b";
      expect(item?.payload).toEqual({ channel: "C1" });
      await store.outbox.done(item?.id as number, owner);
      expect(await store.outbox.pending("card")).toBe(0);
    });

    it("gives an outbox row to another worker once its lease expired", async () => {
      let now = new Date("2026-11-22T05:00:00Z");
      await store.close();
      store = await db.open({ clock: () => now });
      await store.outbox.add([{ topic: "card", key: "c1" }]);
      expect(await store.outbox.claim("card", "a", { leaseMs: 1000 })).toHaveLength(1);
      expect(await store.outbox.claim("card", "b", { leaseMs: 1000 })).toHaveLength(0);
      now = new Date(now.getTime() + 1500);
      const again = await store.outbox.claim("card", "b", { leaseMs: 1000 });
      expect(again.map((i) => i.attempts)).toEqual([2]);
    });

    describe("queries", () => {
      const ids: Record<string, string> = {};
      beforeEach(async () => {
        const rows: Array<[string, string, Partial<Case>]> = [
          ["old", "2026-11-20T01:00:00Z", { mention: { text: "아이폰 배송이 안 와요", handle: "Kim" } }],
          [
            "mid",
            "2026-11-21T01:00:00Z",
            { intent: "praise", mention: { text: "thanks a lot", handle: "lee" } },
          ],
          ["new", "2026-11-22T01:00:00Z", { mention: { text: "배송 언제 되나요", handle: "@kim" } }],
          [
            "done",
            "2026-11-22T02:00:00Z",
            { state: "approved", mention: { text: "요금제 문의", handle: "park" } },
          ],
        ];
        for (const [name, at, o] of rows) {
          const c = makeCase(at, o);
          ids[name] = c.id;
          await store.cases.insert(c);
        }
      });

      it("lists newest first, filtered by state, intent and time", async () => {
        expect((await store.cases.list()).map((c) => c.id)).toEqual([ids.done, ids.new, ids.mid, ids.old]);
        expect(
          (await store.cases.list({ state: "pending", intent: "delivery-delay" })).map((c) => c.id),
        ).toEqual([ids.new, ids.old]);
        const window = await store.cases.list({
          since: "2026-11-21T01:00:00Z",
          until: "2026-11-22T01:00:00Z",
        });
        expect(window.map((c) => c.id)).toEqual([ids.mid]);
        expect(await store.cases.list({ limit: 1 })).toHaveLength(1);
      });

      it("pages oldest or newest first with a cursor, and counts the total", async () => {
        const first = await store.cases.page({ state: "pending", order: "oldest", limit: 2 });
        expect(first.items.map((c) => c.id)).toEqual([ids.old, ids.mid]);
        expect(first.total).toBe(3);
        expect(first.nextCursor).toBeDefined();
        const second = await store.cases.page({
          state: "pending",
          order: "oldest",
          limit: 2,
          cursor: first.nextCursor as string,
        });
        expect(second.items.map((c) => c.id)).toEqual([ids.new]);
        expect(second.nextCursor).toBeUndefined();
        const newest = await store.cases.page({ order: "newest", limit: 10 });
        expect(newest.items.map((c) => c.id)).toEqual([ids.done, ids.new, ids.mid, ids.old]);
        expect(await store.cases.count({ state: "pending" })).toBe(3);
      });

      it("finds Korean text inside a longer word, by two or three characters", async () => {
        const two = await store.cases.page({ text: "배송", order: "oldest", limit: 10 });
        expect(two.items.map((c) => c.id)).toEqual([ids.old, ids.new]);
        const three = await store.cases.page({ text: "배송이", order: "oldest", limit: 10 });
        expect(three.items.map((c) => c.id)).toEqual([ids.old]);
        // With a state, the short search runs on that state's index entries (migration 0002).
        const approved = makeCase("2026-11-22T03:00:00Z", {
          state: "approved",
          mention: { text: "배송 완료 감사" },
        });
        await store.cases.insert(approved);
        const pending = await store.cases.page({
          text: "배송",
          state: "pending",
          order: "newest",
          limit: 10,
        });
        expect(pending.items.map((c) => c.id)).toEqual([ids.new, ids.old]);
        expect(pending.total).toBe(2);
        expect(await store.cases.count({ text: "배송", state: "approved" })).toBe(1);
        expect(await store.cases.count({ text: "THANKS" })).toBe(1);
        expect(await store.cases.count({ text: "100%" })).toBe(0);
        // Two letters found through the bigram index: inside a word, in a handle, digits and Latin.
        expect(await store.cases.count({ text: "송이" })).toBe(1);
        expect(await store.cases.count({ text: "Ki" })).toBe(2);
        expect(await store.cases.count({ text: "요금" })).toBe(1);
        // Not across a space: "배송 언제" has no piece "송언", as LIKE '%송언%' would not match either.
        expect(await store.cases.count({ text: "송언" })).toBe(0);
        const digits = makeCase("2026-11-22T04:00:00Z", { mention: { text: "5G 안 터져요" } });
        await store.cases.insert(digits);
        expect(
          (await store.cases.page({ text: "5g", order: "newest", limit: 5 })).items.map((c) => c.id),
        ).toEqual([digits.id]);
      });

      it("pages a search through its matches newest first, and counts a common word up to 1,000+", async () => {
        const many: Case[] = [];
        for (let i = 0; i < 1004; i++) {
          const at = new Date(Date.parse("2026-11-23T00:00:00Z") + i * 60_000).toISOString();
          many.push(
            makeCase(at, {
              ...(i % 2 ? { state: "approved" as const } : {}),
              mention: { text: `주문 ${i}번 배송이 늦어요`, handle: `c${i}` },
            }),
          );
        }
        await store.cases.insertMany(many);
        for (const text of ["배송", "배송이"]) {
          const seen: string[] = [];
          let cursor: string | undefined;
          let pages = 0;
          do {
            const page = await store.cases.page({
              text,
              order: "newest",
              limit: 400,
              ...(cursor ? { cursor } : {}),
            });
            expect(page.total).toBe(1000);
            expect(page.totalCapped).toBe(true);
            seen.push(...page.items.map((c) => c.id));
            cursor = page.nextCursor;
            pages++;
          } while (cursor && pages < 10);
          // All 1,004 new ones, then the two older 배송 cases from beforeEach (only 배송 matches those).
          const expected = [...many].reverse().map((c) => c.id);
          if (text === "배송") expected.push(ids.new as string, ids.old as string);
          else expected.push(ids.old as string);
          expect(seen).toEqual(expected);
        }
        // With a filter the count stops at the cap too; below it, it is exact.
        const approved = await store.cases.page({
          text: "배송",
          state: "approved",
          order: "oldest",
          limit: 5,
        });
        expect(approved.items.map((c) => c.id)).toEqual(
          many
            .filter((_, i) => i % 2)
            .slice(0, 5)
            .map((c) => c.id),
        );
        expect(approved.total).toBe(502);
        expect(approved.totalCapped).toBeUndefined();
        expect(await store.cases.count({ text: "배송" })).toBe(1000);
        expect(await store.cases.count({ text: "3번" })).toBe(
          many.filter((c) => c.mention.text.includes("3번")).length,
        );
      });

      it("finds a customer's cases by handle, whatever its case or @", async () => {
        const other = await store.cases.byHandle("@KIM", { excludeId: ids.new as string });
        expect(other.map((c) => c.id)).toEqual([ids.old]);
        expect(await store.cases.count({ handle: "kim" })).toBe(2);
      });

      it("counts overdue cases per intent", async () => {
        expect(await store.cases.count({ state: "pending", overdueBefore: "2026-11-21T12:00:00Z" })).toBe(2);
        expect(
          await store.cases.count({
            state: "pending",
            overdueBefore: { "delivery-delay": "2026-11-21T00:00:00Z", praise: "2026-11-23T00:00:00Z" },
          }),
        ).toBe(2);
        expect(await store.cases.count({ overdueBefore: {} })).toBe(0);
      });

      it("feeds changes in write order from a sequence", async () => {
        const start = await store.cases.lastSeq();
        const c = (await store.cases.get(ids.mid as string)) as Case;
        await store.cases.update({ ...c, version: 2, state: "dismissed" }, 1);
        const changes = await store.cases.changes(start);
        expect(changes.map((ch) => ch.case.id)).toEqual([ids.mid]);
        expect(changes[0]?.seq).toBeGreaterThan(start);
        expect(await store.cases.changes(changes[0]?.seq as number)).toEqual([]);
      });
    });

    it("pages decided cases most recently decided first, by state, with the total", async () => {
      const by = { id: "U1", via: "console" as const };
      const at = (m: number) => `2026-11-22T06:${String(m).padStart(2, "0")}:00.000Z`;
      const approved = [3, 1, 5].map((m) =>
        makeCase("2026-11-22T05:00:00Z", { state: "approved", approved: { by, at: at(m), text: "ok" } }),
      );
      const dismissed = makeCase("2026-11-22T05:00:00Z", {
        state: "dismissed",
        dismissed: { by, at: at(4), reason: "spam" },
      });
      await store.cases.insertMany([...approved, dismissed, makeCase("2026-11-22T05:00:00Z")]);
      const all = await store.cases.decided({ offset: 0, limit: 3 });
      expect(all.total).toBe(4);
      expect(all.more).toBe(true);
      expect(all.items.map((c) => c.approved?.at ?? c.dismissed?.at)).toEqual([at(5), at(4), at(3)]);
      const next = await store.cases.decided({ offset: 3, limit: 3 });
      expect(next.items.map((c) => c.id)).toEqual([approved[1]?.id]);
      expect(next.more).toBe(false);
      const onlyDismissed = await store.cases.decided({ state: "dismissed", offset: 0, limit: 10 });
      expect(onlyDismissed).toEqual({ items: [dismissed], total: 1, more: false });
    });

    it("keeps kv documents, loses no concurrent update, and fills new default keys", async () => {
      const kv = store.kv("counter", { count: 0, names: [] as string[] });
      expect(await kv.read()).toEqual({ count: 0, names: [] });
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          kv.update((d) => {
            d.count++;
            d.names.push(`n${i}`);
          }),
        ),
      );
      await reopen();
      const back = await store.kv("counter", { count: 0, names: [] as string[], extra: true }).read();
      expect(back.count).toBe(20);
      expect(back.names).toHaveLength(20);
      expect(back.extra).toBe(true);
      await expect(
        store.kv("counter", { count: 0 }).update(() => {
          throw new Error("nope");
        }),
      ).rejects.toThrow("nope");
      expect(() => store.kv("../etc", {})).toThrow(/not a valid store name/);
    });

    it("dedupes keys for their lifetime, then forgets them", async () => {
      let now = new Date("2026-11-22T05:00:00Z");
      await store.close();
      store = await db.open({ clock: () => now });
      const claims = await Promise.all(
        Array.from({ length: 10 }, (_, i) => store.dedupe.claim("event:Ev1", `v${i}`)),
      );
      expect(claims.filter((c) => c.fresh)).toHaveLength(1);
      now = new Date(now.getTime() + 25 * 60 * 60 * 1000);
      expect(await store.dedupe.get("event:Ev1")).toBeUndefined();
      expect((await store.dedupe.claim("event:Ev1")).fresh).toBe(true);
    });

    it("hands a lease to one owner until it expires or is released", async () => {
      let now = new Date("2026-11-22T05:00:00Z");
      await store.close();
      store = await db.open({ clock: () => now });
      const got = await Promise.all(["a", "b", "c"].map((o) => store.leases.acquire("scheduler", o, 10_000)));
      expect(got.filter(Boolean)).toHaveLength(1);
      const holder = ["a", "b", "c"][got.indexOf(true)] as string;
      expect(await store.leases.acquire("scheduler", holder, 10_000)).toBe(true);
      now = new Date(now.getTime() + 11_000);
      expect(await store.leases.acquire("scheduler", "z", 10_000)).toBe(true);
      await store.leases.release("scheduler", "z");
      expect(await store.leases.holder("scheduler")).toBeUndefined();
    });

    it("claims each report date once", async () => {
      const claims = await Promise.all(["a", "b"].map((o) => store.reportRuns.claim("2026-11-22", o)));
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await store.reportRuns.posted(["2026-11-21", "2026-11-22"])).toEqual(new Set(["2026-11-22"]));
    });
  });
}
