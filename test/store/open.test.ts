import fs from "node:fs";
import path from "node:path";
import SQLite from "better-sqlite3";
import { afterEach, describe, expect, it } from "vitest";
import { openStore } from "../../src/store/index.js";
import { makeCase, tempDir } from "./fixtures.js";

describe("opening DATA_DIR", () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  it("creates sincerely.db in WAL mode and migrates it", async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const store = await openStore(t.dir);
    await store.close();
    expect(fs.existsSync(path.join(t.dir, "sincerely.db"))).toBe(true);
    const raw = new SQLite(path.join(t.dir, "sincerely.db"));
    try {
      expect(raw.pragma("journal_mode", { simple: true })).toBe("wal");
      const tables = raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as {
        name: string;
      }[];
      expect(tables.map((r) => r.name)).toEqual(
        expect.arrayContaining(["cases", "outbox", "dedupe_keys", "kv"]),
      );
    } finally {
      raw.close();
    }
  });

  it("gives the query planner statistics once the cases table has grown (statistics gathered at open)", async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const store = await openStore(t.dir);
    await store.cases.insertMany(
      Array.from({ length: 3000 }, (_, i) =>
        makeCase(new Date(Date.parse("2026-11-01T00:00:00Z") + i * 60_000).toISOString(), {
          ...(i % 10 ? { state: "approved" as const } : {}),
        }),
      ),
    );
    await store.close();
    const reopened = await openStore(t.dir);
    await reopened.close();
    const raw = new SQLite(path.join(t.dir, "sincerely.db"));
    try {
      const stats = raw.prepare("SELECT idx, stat FROM sqlite_stat1 WHERE tbl = 'cases'").all() as {
        idx: string;
        stat: string;
      }[];
      expect(stats.map((r) => r.idx)).toEqual(
        expect.arrayContaining(["cases_decided", "cases_state_created_text"]),
      );
      // With them, the history page walks the (decided_at, id) index instead of sorting every decided case.
      const plan = raw
        .prepare(
          "EXPLAIN QUERY PLAN SELECT doc FROM cases WHERE state IN ('approved', 'dismissed') AND decided_at IS NOT NULL ORDER BY decided_at DESC, id DESC LIMIT 50",
        )
        .all() as { detail: string }[];
      expect(plan.map((p) => p.detail).join(" / ")).toContain("cases_decided");
    } finally {
      raw.close();
    }
  });

  it("refuses an old JSON DATA_DIR with one line saying what to run", async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    fs.mkdirSync(path.join(t.dir, "cases"));
    fs.writeFileSync(
      path.join(t.dir, "cases", "2026-11-22.json"),
      '{"version":1,"day":"2026-11-22","cases":[]}',
    );
    const err = await openStore(t.dir).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "legacy-data" });
    expect((err as Error).message).toContain(`sincerely -- db import ${t.dir}`);
    expect((err as Error).message).not.toContain("\n");
  });

  it("lets two processes' worth of stores share one SQLite file", async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const a = await openStore(t.dir);
    const b = await openStore(t.dir);
    await a.kv("x", { n: 0 }).update((d) => {
      d.n = 1;
    });
    expect(await b.kv("x", { n: 0 }).read()).toEqual({ n: 1 });
    await a.close();
    await b.close();
  });
});
