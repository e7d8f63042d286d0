/**
 * Store benchmark, in its own process, on one engine (SQLite in a temp DATA_DIR, or PostgreSQL in a
 * fresh schema of TEST_DATABASE_URL/BENCH_DATABASE_URL). For each history size: seed that many cases
 * (bulk inserts, one transaction per 1,000) at 1,000 cases a day (the seeds' volume), so a bigger
 * history is a longer one, not a busier day: 1,000 cases are one day, 1,000,000 are 1,000 days. Of
 * them 2% are pending, at most 2,000 (a team's backlog does not grow with its history). Then time
 * what the app does: an intake's insert (case + dedupe key + outbox row, committed: fsync included),
 * the console queue page (first and a later page), the pending count, search (3 characters: trigram
 * index; 2 characters: with the pending filter, and over all cases), and the report queries of the
 * last day. Prints one JSON line.
 *
 *   --engine sqlite|postgres   --sizes 1000,100000,1000000   --writes 200   --reads 30
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { sql } from "kysely";
import pg from "pg";
import { CaseService } from "../src/cases/case-service.js";
import type { Case } from "../src/cases/types.js";
import { parseConfig } from "../src/config.js";
import { startConsole } from "../src/console/server.js";
import { createEngine } from "../src/core/engine.js";
import { loadPack } from "../src/pack/load.js";
import { createRuntime } from "../src/runtime.js";
import { newCaseId, openStore, type Store } from "../src/store/index.js";
import { msSince, percentile } from "./lib.js";

export interface StoreRow {
  engine: "sqlite" | "postgres";
  history: number;
  seedSeconds: number;
  insertP50Ms: number;
  insertP99Ms: number;
  queuePageMs: number;
  queueLaterPageMs: number;
  pendingCountMs: number;
  search3Ms: number;
  search2Ms: number;
  search2AllMs: number;
  /** The 3- and 2-syllable search words (the most common in the templates), and how many cases match. */
  words: [string, string];
  matches: Record<string, number>;
  reportMs: number;
  pending: number;
  /** Console pages over HTTP on this database (median ms, from request to the last byte). */
  consolePages: Record<string, number>;
}

export interface StoreResult {
  rows: StoreRow[];
  caseBytes: number;
}

const DAY_MS = 24 * 60 * 60 * 1000;
const CASES_PER_DAY = 1000;
const MAX_PENDING = 2000;

async function templates(): Promise<Case[]> {
  const build = loadPack({ intentsDir: "intents", repliesDir: "replies", testsDir: "test/intents" });
  if (!build.pack) throw new Error("pack invalid");
  const engine = createEngine(build.pack);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sincerely-bench-tpl-"));
  const store = await openStore(dir);
  const { service } = CaseService.fromStore(store, {
    engine: () => engine,
    clock: () => new Date(),
    timezone: "Asia/Seoul",
    mayDecide: () => true,
  });
  // 60 test sentences from across the intents (every k-th), so history looks like a mix of intents.
  const all = [...build.pack.tests.values()].flat();
  const step = Math.max(1, Math.floor(all.length / 60));
  const texts = all.filter((_, i) => i % step === 0).slice(0, 60);
  const out: Case[] = [];
  for (const [i, raw] of texts.entries()) {
    const made = await service.intake({
      raw: `@user${i} ${raw}`,
      source: { kind: "slack-command", channel: "C0CARE", user: "U0AGENT" },
      actor: { id: "U0AGENT", name: "agent", via: "slack" },
    });
    out.push(made.case);
  }
  await store.close();
  fs.rmSync(dir, { recursive: true, force: true });
  return out;
}

function seedCase(t: Case, at: number, n: number, pending: boolean): Case {
  const iso = new Date(at).toISOString();
  const c: Case = {
    ...t,
    id: `${newCaseId(new Date(at)).slice(0, 17)}${n.toString(36).padStart(6, "0")}`,
    createdAt: iso,
    mention: { ...t.mention, handle: `user${n % 5000}` },
    events: t.events.map((e) => ({ ...e, at: iso })),
    state: pending ? "pending" : "approved",
  };
  if (!pending) c.approved = { by: { id: "U0AGENT", via: "slack" }, at: iso, text: t.draft?.text ?? "" };
  return c;
}

/**
 * The Hangul piece of `n` syllables found in the most templates: the search words are the most
 * common ones, the worst case for a search's total (every match counted), not a word no case has.
 */
function commonPiece(tpl: Case[], n: number): string {
  const seen = new Map<string, number>();
  for (const c of tpl) {
    const chars = [...c.mention.text.toLowerCase()];
    const pieces = new Set<string>();
    for (let i = 0; i + n <= chars.length; i++) {
      const piece = chars.slice(i, i + n).join("");
      if (/^[가-힣]+$/.test(piece)) pieces.add(piece);
    }
    for (const p of pieces) seen.set(p, (seen.get(p) ?? 0) + 1);
  }
  return [...seen].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]?.[0] ?? "배송";
}

async function timeIt(n: number, fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  await fn(); // warm
  for (let i = 0; i < n; i++) {
    const start = process.hrtime.bigint();
    await fn();
    times.push(msSince(start));
  }
  return percentile(times, 0.5);
}

/**
 * The console on this database, as staff use it: each page fetched over HTTP from 127.0.0.1 (the
 * app's own runtime and console server in this process, on the seeded database), median time from
 * the request to the last byte of the answer.
 */
async function timeConsolePages(
  env: Record<string, string>,
  words: [string, string],
  caseId: string,
  reads: number,
): Promise<Record<string, number>> {
  const config = parseConfig({
    ...env,
    INTENTS_DIR: "intents",
    REPLIES_DIR: "replies",
    TIMEZONE: "Asia/Seoul",
    CONSOLE_USER: "bench",
  });
  const runtime = await createRuntime(config);
  const web = await startConsole(runtime, { port: 0, host: "127.0.0.1" });
  const base = web.url.replace(/\/$/, "");
  const q = encodeURIComponent;
  const pages: Record<string, string> = {
    "/ (paste)": "/",
    "/queue (pending, oldest first)": "/queue",
    "/queue?state=any (all history, newest first)": "/queue?state=any&order=newest",
    [`/queue?q=${words[0]}&state=any`]: `/queue?q=${q(words[0])}&state=any&order=newest`,
    [`/queue?q=${words[1]}&state=any`]: `/queue?q=${q(words[1])}&state=any&order=newest`,
    [`/queue?q=${words[1]} (pending)`]: `/queue?q=${q(words[1])}`,
    "/history": "/history",
    "/history?page=100": "/history?page=100",
    "/cases/<newest>": `/cases/${caseId}`,
    "/report": "/report",
    "/surges": "/surges",
    "/status": "/status",
    "/intents": "/intents",
  };
  const out: Record<string, number> = {};
  try {
    for (const [name, url] of Object.entries(pages)) {
      out[name] = await timeIt(Math.max(5, Math.floor(reads / 3)), async () => {
        const response = await fetch(base + url, { redirect: "manual" });
        await response.text();
        if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
      });
    }
  } finally {
    await web.stop();
    await runtime.close();
  }
  return out;
}

async function openFresh(
  engine: "sqlite" | "postgres",
): Promise<{ store: Store; env: Record<string, string>; cleanup: () => Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sincerely-bench-store-"));
  if (engine === "sqlite") {
    const store = await openStore(dir);
    return {
      store,
      env: { DATA_DIR: dir },
      cleanup: async () => {
        await store.close();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const url = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL;
  if (!url) throw new Error("no PostgreSQL: set TEST_DATABASE_URL");
  const schema = `bench_${Date.now().toString(36)}`;
  const store = await openStore(dir, { databaseUrl: url, schema });
  return {
    store,
    env: { DATA_DIR: dir, DATABASE_URL: url, DATABASE_SCHEMA: schema },
    cleanup: async () => {
      await store.close();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`DROP SCHEMA ${schema} CASCADE`);
      await client.end();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function measure(
  engine: "sqlite" | "postgres",
  history: number,
  tpl: Case[],
  writes: number,
  reads: number,
): Promise<StoreRow> {
  const { store, env, cleanup } = await openFresh(engine);
  try {
    const now = Date.now();
    const span = (history / CASES_PER_DAY) * DAY_MS;
    const seedStart = process.hrtime.bigint();
    let pending = 0;
    // Every 50th case is pending, among the newest ones only once MAX_PENDING would be passed.
    const pendingFrom = Math.max(0, history - MAX_PENDING * 50);
    for (let i = 0; i < history; i += 1000) {
      const batch: Case[] = [];
      for (let n = i; n < Math.min(history, i + 1000); n++) {
        const isPending = n >= pendingFrom && n % 50 === 0;
        if (isPending) pending++;
        batch.push(
          seedCase(tpl[n % tpl.length] as Case, now - span + Math.floor((n * span) / history), n, isPending),
        );
      }
      await store.cases.insertMany(batch);
    }
    const seedSeconds = msSince(seedStart) / 1000;
    // What the app's hourly pass does (and every open): planner statistics for the grown tables.
    await store.optimize();
    // The bulk seed leaves gigabytes in SQLite's WAL; a database that grew at 1,000 cases a day had
    // it checkpointed all along (every 1,000 pages), so the timed writes should not pay for it.
    if (engine === "sqlite") await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(store.db);
    if (engine === "postgres")
      await store.db
        .executeQuery({ sql: "ANALYZE", parameters: [], query: { kind: "RawNode" } } as never)
        .catch(() => {});

    const times: number[] = [];
    for (let i = 0; i < writes; i++) {
      const t = tpl[i % tpl.length] as Case;
      const c: Case = { ...t, id: newCaseId(new Date()), createdAt: new Date().toISOString(), version: 1 };
      const start = process.hrtime.bigint();
      await store.cases.insert(c, {
        dedupeKey: `command:bench-${i}-${Date.now()}`,
        outbox: [{ topic: "bench", key: c.id, payload: { channel: "C0CARE" } }],
      });
      times.push(msSince(start));
    }
    const first = await store.cases.page({ state: "pending", order: "oldest", limit: 50 });
    const queuePageMs = await timeIt(reads, () =>
      store.cases.page({ state: "pending", order: "oldest", limit: 50 }),
    );
    const queueLaterPageMs = await timeIt(reads, () =>
      store.cases.page({ state: "pending", order: "oldest", limit: 50, cursor: first.nextCursor as string }),
    );
    const pendingCountMs = await timeIt(reads, () => store.cases.count({ state: "pending" }));
    const word3 = commonPiece(tpl, 3);
    const word2 = commonPiece(tpl, 2);
    const search3Ms = await timeIt(reads, () =>
      store.cases.page({ text: word3, order: "newest", limit: 50 }),
    );
    const search2Ms = await timeIt(reads, () =>
      store.cases.page({ text: word2, state: "pending", order: "newest", limit: 50 }),
    );
    const search2AllMs = await timeIt(reads, () =>
      store.cases.page({ text: word2, order: "newest", limit: 50 }),
    );
    const matches = {
      [word3]: (await store.cases.page({ text: word3, order: "newest", limit: 1 })).total,
      [word2]: (await store.cases.page({ text: word2, order: "newest", limit: 1 })).total,
    };
    const dayStart = new Date(now - DAY_MS);
    const dayEnd = new Date(now);
    const reportMs = await timeIt(Math.max(5, Math.floor(reads / 3)), async () => {
      await store.cases.list({ since: dayStart, until: dayEnd, by: "occurred" });
      await store.cases.countBy("intent", { since: dayStart, until: dayEnd });
    });
    const newest = (await store.cases.page({ order: "newest", limit: 1 })).items[0];
    const consolePages = await timeConsolePages(env, [word3, word2], newest?.id ?? "", reads);
    return {
      engine,
      history,
      seedSeconds,
      consolePages,
      insertP50Ms: percentile(times, 0.5),
      insertP99Ms: percentile(times, 0.99),
      queuePageMs,
      queueLaterPageMs,
      pendingCountMs,
      search3Ms,
      search2Ms,
      search2AllMs,
      words: [word3, word2],
      matches,
      reportMs,
      pending,
    };
  } finally {
    await cleanup();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      engine: { type: "string", default: "sqlite" },
      sizes: { type: "string", default: "1000,100000,1000000" },
      writes: { type: "string", default: "200" },
      reads: { type: "string", default: "30" },
    },
  });
  const engine = values.engine === "postgres" ? "postgres" : "sqlite";
  const tpl = await templates();
  const rows: StoreRow[] = [];
  for (const size of (values.sizes as string).split(",").map(Number)) {
    process.stderr.write(`[store-worker] ${engine} ${size}\n`);
    rows.push(await measure(engine, size, tpl, Number(values.writes), Number(values.reads)));
  }
  const caseBytes = Math.round(
    tpl.reduce((n, c) => n + Buffer.byteLength(JSON.stringify(c)), 0) / tpl.length,
  );
  process.stdout.write(`\n${JSON.stringify({ rows, caseBytes })}\n`);
}

await main();
