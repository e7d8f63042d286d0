/**
 * Store benchmark, in its own process: the time of one CaseStore.insert of a realistic case into
 * today's partition, with 1,000, 10,000 and 100,000 cases already stored. History is seeded by
 * writing day partition files directly, in the store's own format, ~1,000 cases a day, as months of
 * use would leave them. Prints one JSON line.
 *
 *   --writes N   inserts measured per history size (default 200)
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { CaseService } from "../src/cases/case-service.js";
import type { Case } from "../src/cases/types.js";
import { createEngine } from "../src/core/engine.js";
import { loadPack } from "../src/pack/load.js";
import { openStore } from "../src/store/index.js";
import { mean, msSince, percentile } from "./lib.js";

export interface StoreRow {
  history: number;
  historyDays: number;
  /** Cases already in today's partition before the measured inserts. */
  todayBefore: number;
  writes: number;
  meanMs: number;
  p50Ms: number;
  p99Ms: number;
  seedMs: number;
  historyBytes: number;
}

export interface StoreResult {
  caseBytes: number;
  rows: StoreRow[];
}

const PER_DAY = 1000;
const DAY_MS = 86_400_000;
// A fixed calendar, so runs are comparable: history ends the day before "today".
const TODAY = Date.UTC(2026, 10, 22);

/** Realistic cases: made by the real case service (parse, classify, draft) from the pack's test sentences. */
async function templates(dir: string): Promise<Case[]> {
  const build = loadPack();
  if (!build.pack) throw new Error("the default pack has errors");
  const engine = createEngine(build.pack);
  const store = await openStore(dir);
  const { service } = CaseService.fromStore(store, {
    engine: () => engine,
    clock: () => new Date(TODAY - DAY_MS * 400),
    timezone: "Asia/Seoul",
    mayDecide: () => true,
  });
  const texts = [...build.pack.tests.values()].flat().slice(0, 40);
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
  return out;
}

/** Case number `n` of day `dayStart`, spread evenly over the day, with an id in the store's format. */
function caseAt(template: Case, dayStart: number, n: number, perDay: number): Case {
  const at = new Date(dayStart + Math.floor((n * DAY_MS) / perDay));
  const iso = at.toISOString();
  const id = `c${iso.slice(0, 10).replaceAll("-", "")}-${iso.slice(11, 19).replaceAll(":", "")}-${n.toString(36).padStart(4, "0")}`;
  const events = template.events.map((e) => ({ ...e, at: iso }));
  return { ...template, id, createdAt: iso, events };
}

function writeDay(casesDir: string, dayStart: number, cases: Case[]): number {
  const day = new Date(dayStart).toISOString().slice(0, 10);
  const text = JSON.stringify({ version: 1, day, cases }, null, 2);
  // On disk before anything is measured, so the kernel is not still writing the seed back meanwhile.
  const fd = fs.openSync(path.join(casesDir, `${day}.json`), "w");
  try {
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return Buffer.byteLength(text);
}

async function measure(dataDir: string, cases: Case[]): Promise<number[]> {
  const opened = await openStore(dataDir, { allowLegacy: true });
  const store = opened.cases;
  const times: number[] = [];
  for (const c of cases) {
    const start = process.hrtime.bigint();
    await store.insert(c);
    times.push(msSince(start));
  }
  await opened.close();
  return times;
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { writes: { type: "string", default: "200" } } });
  const writes = Number(values.writes);
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "sincerely-bench-store-"));
  try {
    const made = await templates(path.join(root, "templates"));
    const dataDir = path.join(root, "data");
    const casesDir = path.join(dataDir, "cases");
    fs.mkdirSync(casesDir, { recursive: true });
    const todayFile = path.join(casesDir, `${new Date(TODAY).toISOString().slice(0, 10)}.json`);
    const rows: StoreRow[] = [];
    let days = 0;
    let historyBytes = 0;
    let seeded = 0;
    const run = async (history: number, todayBefore: number) => {
      const seedStart = process.hrtime.bigint();
      // History: whole days of ~1,000 cases, the most recent day first back from yesterday.
      while (seeded < history) {
        days++;
        const dayStart = TODAY - days * DAY_MS;
        const count = Math.min(PER_DAY, history - seeded);
        historyBytes += writeDay(
          casesDir,
          dayStart,
          Array.from({ length: count }, (_, n) =>
            caseAt(made[(seeded + n) % made.length] as Case, dayStart, n, count),
          ),
        );
        seeded += count;
      }
      fs.rmSync(todayFile, { force: true });
      const total = todayBefore + writes;
      const today = Array.from({ length: total }, (_, n) =>
        caseAt(made[n % made.length] as Case, TODAY, n, total),
      );
      if (todayBefore > 0) writeDay(casesDir, TODAY, today.slice(0, todayBefore));
      const seedMs = msSince(seedStart);
      const times = await measure(dataDir, today.slice(todayBefore));
      rows.push({
        history,
        historyDays: days,
        todayBefore,
        writes,
        meanMs: mean(times),
        p50Ms: percentile(times, 0.5),
        p99Ms: percentile(times, 0.99),
        seedMs,
        historyBytes,
      });
    };
    // Warm-up (JIT, file system) in a scratch folder, so the first measured size is not penalized.
    const scratch = path.join(root, "warm-up");
    await measure(
      scratch,
      Array.from({ length: 100 }, (_, n) => caseAt(made[n % made.length] as Case, TODAY, n, 100)),
    );
    await run(1_000, 0);
    await run(10_000, 0);
    await run(100_000, 0);
    // For context: what does grow is today's own partition (each write rewrites that day's file).
    await run(100_000, 1_000);
    const caseBytes = Buffer.byteLength(JSON.stringify(made[0], null, 2));
    process.stdout.write(`\n${JSON.stringify({ caseBytes, rows } satisfies StoreResult)}\n`);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

await main();
