/**
 * Moving data in and out, through the real command line: an old lowdb DATA_DIR (the fixture in
 * test/fixtures/legacy-data is in the exact format the old store wrote) imports with nothing lost,
 * twice is the same as once, and `export` → `db import` round-trips, on SQLite and PostgreSQL.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { Case } from "../../src/cases/types.js";
import { openStore } from "../../src/store/index.js";
import { type SlackFacts, splitSlackFacts } from "../../src/store/slack-cards.js";
import { runCli } from "../support/cli.js";
import { engines, type TestDatabase, testDatabase } from "../support/databases.js";

const FIXTURE = path.resolve(import.meta.dirname, "../fixtures/legacy-data");

function legacyCopy(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sincerely-legacy-"));
  fs.cpSync(FIXTURE, dir, { recursive: true });
  return dir;
}

function fixtureCases(): Case[] {
  return fs
    .readdirSync(path.join(FIXTURE, "cases"))
    .flatMap(
      (f) => (JSON.parse(fs.readFileSync(path.join(FIXTURE, "cases", f), "utf8")) as { cases: Case[] }).cases,
    );
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

for (const engine of engines()) {
  describe(`db import and export on ${engine}`, () => {
    function target(dataDir: string): TestDatabase {
      const db = testDatabase(engine, dataDir);
      cleanups.push(() => db.cleanup());
      return db;
    }

    it("imports an old DATA_DIR with nothing lost, idempotently, and then the app opens it", async () => {
      const src = legacyCopy();
      cleanups.push(() => fs.rmSync(src, { recursive: true, force: true }));
      const db = target(src);

      // Before the import the app refuses, saying what to run.
      await expect(db.open()).rejects.toThrow(`sincerely -- db import ${src}`);

      const first = runCli(["db", "import", src], { env: db.env() });
      expect(first.stderr).toBe("");
      expect(first.status).toBe(0);
      expect(first.stdout).toContain("5 case(s)");
      expect(first.stdout).toContain("5 new, 0 already there");
      const again = runCli(["db", "import", src], { env: db.env() });
      expect(again.status).toBe(0);
      expect(again.stdout).toContain("0 new, 5 already there");

      const store = await db.open();
      cleanups.push(() => store.close());
      const expected = fixtureCases();
      expect(await store.cases.count()).toBe(expected.length);
      // The old documents' Slack locations (card, escalation thread) are in slack_cards, not the case.
      const located = await store.slackCards.getMany(expected.map((c) => c.id));
      for (const old of expected) {
        const { case: c, slack } = splitSlackFacts(old);
        const stored = await store.cases.get(c.id);
        expect(stored).toEqual({ ...c, version: 1 });
        expect(stored).not.toHaveProperty("card");
        expect(located.get(c.id)).toEqual(slack ? { caseId: c.id, ...slack } : undefined);
      }
      expect([...located.values()].filter((l) => l.card)).toHaveLength(5);
      expect(await store.slackCards.byThread("C0LOGISTICS", "170000005.000100")).toBe(
        "c20261122-000500-k3f9",
      );
      expect((await store.cases.get("c20261122-000500-k3f9"))?.escalation).toEqual({
        department: "logistics",
        at: "2026-11-22T00:07:00.000Z",
        by: { id: "U0JANE", name: "jane", via: "slack" },
        replies: [{ user: "U0DEPT", text: "오늘 출고합니다", at: "2026-11-22T00:20:00.000Z" }],
      });
      expect(await store.cases.count({ state: "pending" })).toBe(3);
      expect((await store.statusLines.read()).statuses["delay-complaint"]).toMatchObject({
        text: "1차 물량 배송 중",
      });
      // Moved into the table, not left as a kv row.
      expect(await store.db.selectFrom("kv").select("name").where("name", "=", "status").execute()).toEqual(
        [],
      );
      expect(
        (await store.kv("reports", { posted: {} as Record<string, unknown> }).read()).posted,
      ).toHaveProperty("2026-11-21");
      expect(
        await store.db
          .selectFrom("dedupe_keys")
          .select("value")
          .where("key", "=", "command:trig-old-1")
          .executeTakeFirst(),
      ).toEqual({
        value: "c20261122-000500-k3f9",
      });
    }, 120_000);

    it("names the file and field of a broken day file and imports nothing", async () => {
      const src = legacyCopy();
      cleanups.push(() => fs.rmSync(src, { recursive: true, force: true }));
      const day = path.join(src, "cases", "2026-11-22.json");
      const data = JSON.parse(fs.readFileSync(day, "utf8"));
      delete data.cases[1].createdAt;
      fs.writeFileSync(day, JSON.stringify(data));
      const db = target(src);
      const run = runCli(["db", "import", src], { env: db.env() });
      expect(run.status).toBe(2);
      expect(run.stderr).toContain(
        `${day}:cases[1]: case c20261122-023000-k4f9: field "createdAt" is not a date`,
      );
      const store = await db.open({ allowLegacy: true });
      cleanups.push(() => store.close());
      expect(await store.cases.count()).toBe(0);
    }, 120_000);

    it("exports every case with its audit trail, and the export imports into a fresh database unchanged", async () => {
      const src = legacyCopy();
      cleanups.push(() => fs.rmSync(src, { recursive: true, force: true }));
      const db = target(src);
      expect(runCli(["db", "import", src], { env: db.env() }).status).toBe(0);

      const out = path.join(src, "backup.jsonl");
      const exported = runCli(["export", "--out", out], { env: db.env() });
      expect(exported.status).toBe(0);
      const lines = fs.readFileSync(out, "utf8").trim().split("\n");
      expect(lines).toHaveLength(5);
      const docs = lines.map((l) => JSON.parse(l) as Case & { slack?: SlackFacts });
      // Each line carries where its case is in Slack beside the case, not inside it.
      expect(docs.filter((d) => d.slack?.card)).toHaveLength(5);
      expect(docs.find((d) => d.slack?.thread)?.slack?.thread).toEqual({
        channel: "C0LOGISTICS",
        ts: "170000005.000100",
      });
      expect(docs.map((c) => c.createdAt)).toEqual([...docs.map((c) => c.createdAt)].sort());
      expect(docs.every((c) => c.events.length > 0)).toBe(true);

      const window = runCli(["export", "--since", "2026-11-22", "--until", "2026-11-23"], { env: db.env() });
      expect(window.stdout.trim().split("\n")).toHaveLength(2);
      const csv = runCli(["export", "--format", "csv"], { env: db.env() });
      const rows = csv.stdout.trim().split("\n");
      expect(rows[0]).toBe(
        "id,created_at,state,intent,department,handle,text,draft,decided_by,decided_at,version,events",
      );
      expect(rows).toHaveLength(6);
      expect(csv.stdout).toContain("요금제 바꾸면 위약금 있나요?");

      const freshDir = fs.mkdtempSync(path.join(os.tmpdir(), "sincerely-restore-"));
      cleanups.push(() => fs.rmSync(freshDir, { recursive: true, force: true }));
      const fresh = target(freshDir);
      const restored = runCli(["db", "import", out], { env: fresh.env() });
      expect(restored.status).toBe(0);
      expect(restored.stdout).toContain("5 new");
      const store = await fresh.open();
      cleanups.push(() => store.close());
      const located = await store.slackCards.getMany(docs.map((c) => c.id));
      for (const { slack, ...c } of docs) {
        expect(await store.cases.get(c.id)).toEqual(c);
        expect(located.get(c.id)).toEqual(slack ? { caseId: c.id, ...slack } : undefined);
      }
    }, 120_000);
  });
}

describe("an old DATA_DIR", () => {
  it("is refused by the app with one line saying what to run", async () => {
    const src = legacyCopy();
    cleanups.push(() => fs.rmSync(src, { recursive: true, force: true }));
    const err = await openStore(src).catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message.split("\n")).toHaveLength(1);
  });
});
