/**
 * Start-up and reload speed, as a user meets them: every figure is a real process started the way the
 * README says (`node bin/sincerely.js`, `node scripts/start.js`, i.e. `npm start` without npm), the
 * built app in dist/ (built before measuring), the Slack app's `/health` polled from this process, the
 * Web API pointed at the local Slack stand-in. Prints one JSON line.
 *
 *   --task startup   CLI one-line classify (warm, cold, and through tsx without the caches as before);
 *                    app start to a ready /health (cold: empty DATA_DIR; cached: the model on disk)
 *   --task reload    for the default and the synthetic pack: the app running, GET /health every 20 ms,
 *                    a saved intent (new example: trained again), the same file saved back (model
 *                    from the cache) and a saved reply (the running classifier kept); save → served,
 *                    and the slowest /health answer meanwhile
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { startSlackApi } from "../test/support/slack-api.js";
import { startApp } from "./app-process.js";
import { mean, msSince, percentile, REPO } from "./lib.js";
import { writeSyntheticPackFiles } from "./synthetic-files.js";

const ONE_LINE = "예약한 아이폰 배송이 2주째 안 와요 언제 와요?\n";

export interface Runs {
  runs: number[];
  median: number;
  best: number;
}

export interface StartupResult {
  rebuilt: boolean;
  buildMs: number;
  cli: { warm: Runs; cold: Runs; tsxNoCache: Runs };
  app: { cold: Runs; cached: Runs };
}

export interface ReloadMeasure {
  edit: string;
  /** From the save until the app logged the new pack as served (the watcher's 300 ms debounce included). */
  servedMs: number;
  modelFrom: "cache" | "training" | "kept";
  requests: number;
  maxMs: number;
  p99Ms: number;
  meanMs: number;
}

export interface ReloadResult {
  packs: Array<{
    pack: "default" | "synthetic";
    intents: number;
    examples: number;
    coldStartMs: number;
    idle: { requests: number; maxMs: number };
    reloads: ReloadMeasure[];
  }>;
}

const runs = (xs: number[]): Runs => ({ runs: xs, median: percentile(xs, 0.5), best: Math.min(...xs) });
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `sincerely-bench-${prefix}-`));
}

/** Wall time of one CLI process classifying one line; fails loudly if it did not classify. */
function timeCli(command: string, args: string[], dataDir: string): number {
  const start = process.hrtime.bigint();
  const run = spawnSync(command, args, {
    cwd: REPO,
    input: ONE_LINE,
    encoding: "utf8",
    env: { ...process.env, DATA_DIR: dataDir },
  });
  const ms = msSince(start);
  if (run.status !== 0 || !run.stdout.includes('"intent":"delay-complaint"'))
    throw new Error(`${command} ${args.join(" ")} failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
  return ms;
}

/** GET /health every `everyMs` until stopped: each answer's latency. */
function pollHealth(port: number, everyMs = 20) {
  const latencies: number[] = [];
  let stopped = false;
  const done = (async () => {
    while (!stopped) {
      const start = process.hrtime.bigint();
      const response = await fetch(`http://127.0.0.1:${port}/health`);
      await response.text();
      const ms = msSince(start);
      if (response.status !== 200) throw new Error(`/health answered ${response.status}`);
      latencies.push(ms);
      await sleep(Math.max(0, everyMs - ms));
    }
  })();
  return {
    /** Latencies recorded from now on, when `take` is called. */
    mark: () => latencies.length,
    since: (mark: number) => latencies.slice(mark),
    async stop() {
      stopped = true;
      await done;
    },
  };
}

async function startup(): Promise<StartupResult> {
  // Build first, so the figures are those of a normal start (npm install builds once; a start after
  // an edit of src/ rebuilds, which is reported separately).
  const { ensureBuilt } = (await import(path.join(REPO, "scripts", "build.js"))) as {
    ensureBuilt: (o?: { log?: (line: string) => void }) => Promise<string>;
  };
  let rebuilt = false;
  const buildStart = process.hrtime.bigint();
  await ensureBuilt({ log: () => (rebuilt = true) });
  const buildMs = msSince(buildStart);

  const cli = path.join(REPO, "bin", "sincerely.js");
  const cold: number[] = [];
  for (let i = 0; i < 3; i++) cold.push(timeCli(process.execPath, [cli, "classify"], tempDir("cli-cold")));
  const warmDir = tempDir("cli-warm");
  timeCli(process.execPath, [cli, "classify"], warmDir);
  const warm: number[] = [];
  for (let i = 0; i < 5; i++) warm.push(timeCli(process.execPath, [cli, "classify"], warmDir));
  // How it started before: tsx transpiling src/ on every run, and training every time.
  const tsx = path.join(REPO, "node_modules", ".bin", "tsx");
  const tsxNoCache: number[] = [];
  for (let i = 0; i < 3; i++)
    tsxNoCache.push(timeCli(tsx, [path.join(REPO, "src", "cli.ts"), "classify", "--no-cache"], warmDir));

  const api = await startSlackApi();
  try {
    const appCold: number[] = [];
    for (let i = 0; i < 3; i++) {
      const { app, readyMs } = await startApp({ DATA_DIR: tempDir("app-cold") }, api.url);
      appCold.push(readyMs);
      await app.stop();
    }
    const dataDir = tempDir("app-cached");
    await (await startApp({ DATA_DIR: dataDir }, api.url)).app.stop();
    const appCached: number[] = [];
    for (let i = 0; i < 5; i++) {
      const { app, readyMs } = await startApp({ DATA_DIR: dataDir }, api.url);
      appCached.push(readyMs);
      await app.stop();
    }
    return {
      rebuilt,
      buildMs,
      cli: { warm: runs(warm), cold: runs(cold), tsxNoCache: runs(tsxNoCache) },
      app: { cold: runs(appCold), cached: runs(appCached) },
    };
  } finally {
    await api.close();
  }
}

function copyDefaultPack(dir: string): { intentsDir: string; repliesDir: string } {
  const intentsDir = path.join(dir, "intents");
  const repliesDir = path.join(dir, "replies");
  fs.cpSync(path.join(REPO, "intents"), intentsDir, { recursive: true });
  fs.cpSync(path.join(REPO, "replies"), repliesDir, { recursive: true });
  return { intentsDir, repliesDir };
}

/** Adds one example to an intent file: the model must be trained again. */
function addExample(file: string, example: string): void {
  const text = fs.readFileSync(file, "utf8");
  if (!/^examples:\n/m.test(text)) throw new Error(`${file} has no examples: block`);
  fs.writeFileSync(file, text.replace(/^examples:\n/m, `examples:\n  - ${JSON.stringify(example)}\n`));
}

/** Adds one reply variant to the first situation's Korean list: the pack changes, the model does not. */
function addReply(file: string, marker: string): void {
  const text = fs.readFileSync(file, "utf8");
  if (!/^ {4}ko:\n/m.test(text)) throw new Error(`${file} has no situation with a ko: list`);
  fs.writeFileSync(
    file,
    text.replace(
      /^( {4}ko:\n)/m,
      `$1      - ${JSON.stringify(`{handle} 말씀 감사합니다 (${marker}). 자세한 안내는 {department} {hotline}({hours})으로 연락 주세요.`)}\n`,
    ),
  );
}

async function reload(): Promise<ReloadResult> {
  const api = await startSlackApi();
  const out: ReloadResult = { packs: [] };
  try {
    for (const pack of ["default", "synthetic"] as const) {
      const dir = tempDir(`reload-${pack}`);
      const files =
        pack === "default"
          ? {
              ...copyDefaultPack(dir),
              intents: 0,
              examples: 0,
              firstIntent: "praise.yaml",
              firstReply: "praise.yaml",
            }
          : writeSyntheticPackFiles(dir);
      const { app, readyMs } = await startApp(
        { DATA_DIR: path.join(dir, "data"), INTENTS_DIR: files.intentsDir, REPLIES_DIR: files.repliesDir },
        api.url,
        10 * 60_000,
      );
      try {
        const poll = pollHealth(app.port);
        await sleep(1000);
        const idle = poll.since(0);
        const reloads: ReloadMeasure[] = [];
        const intentFile = path.join(files.intentsDir, files.firstIntent);
        const original = fs.readFileSync(intentFile, "utf8");
        const edits = [
          {
            edit: "an intent gains an example",
            apply: () => addExample(intentFile, `벤치마크 예문 ${Date.now()} 정말 감사해요`),
          },
          { edit: "the intent saved back as it was", apply: () => fs.writeFileSync(intentFile, original) },
          {
            edit: "a reply template is added",
            apply: () => addReply(path.join(files.repliesDir, files.firstReply), `bench ${Date.now()}`),
          },
        ];
        for (const { edit, apply } of edits) {
          const mark = poll.mark();
          const served = app.waitForLine(
            /Sincerely: data files changed; the pack was reloaded[^\n]*\n/,
            10 * 60_000,
          );
          const start = process.hrtime.bigint();
          apply();
          const line = await served;
          const servedMs = msSince(start);
          // Keep polling a moment after the swap: the swap itself is the riskiest moment.
          await sleep(500);
          const during = poll.since(mark);
          reloads.push({
            edit,
            servedMs,
            modelFrom: line.includes("from the cache")
              ? "cache"
              : line.includes("unchanged, kept")
                ? "kept"
                : "training",
            requests: during.length,
            maxMs: Math.max(...during),
            p99Ms: percentile(during, 0.99),
            meanMs: mean(during),
          });
        }
        await poll.stop();
        const built = await countPack(files.intentsDir);
        out.packs.push({
          pack,
          intents: built.intents,
          examples: built.examples,
          coldStartMs: readyMs,
          idle: { requests: idle.length, maxMs: Math.max(...idle) },
          reloads,
        });
      } finally {
        await app.stop();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  } finally {
    await api.close();
  }
  return out;
}

async function countPack(intentsDir: string): Promise<{ intents: number; examples: number }> {
  const { loadPack } = await import("../src/pack/load.js");
  const build = loadPack({ intentsDir, repliesDir: path.join(intentsDir, "..", "replies") });
  const intents = build.pack?.intents ?? [];
  return { intents: intents.length, examples: intents.reduce((s, i) => s + i.examples.length, 0) };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { task: { type: "string" } } });
  const result =
    values.task === "startup" ? await startup() : values.task === "reload" ? await reload() : undefined;
  if (!result) throw new Error("--task startup|reload");
  process.stdout.write(`\n${JSON.stringify(result)}\n`);
}

await main();
