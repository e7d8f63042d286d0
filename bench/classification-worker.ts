/**
 * One classifier on one pack, in its own process (bench/run.ts starts it). Prints one JSON line.
 *
 *   --task timing    build on the whole pack, then RSS, per-mention latency and throughput
 *   --task accuracy  train on the other folds, classify each requested test fold
 *   --pack default|synthetic  --classifier ours|nlpjs|fuse
 *   --folds 0,1,2,3,4          (accuracy) which of the 5 stratified folds to test
 *   --per-intent N             (accuracy) test only the first N mentions of each intent in each fold
 *   --latency N                (timing) how many mentions to time one by one (default: all)
 *   --seconds S                (timing) how long the throughput loop runs, in three windows (default 3)
 */
import { parseArgs } from "node:util";
import { type Labeled, stratifiedFolds } from "../src/core/evaluate.js";
import type { Pack } from "../src/core/types.js";
import { loadPack } from "../src/pack/load.js";
import { type ClassifierName, train } from "./classifiers.js";
import { cpuSecondsSince, msSince, percentile, shortHash } from "./lib.js";
import { SYNTHETIC_DEFAULTS, syntheticPack } from "./synthetic-pack.js";

export const FOLDS = 5;

export interface TimingResult {
  buildMs: number;
  rssBeforeBytes: number;
  rssAfterBytes: number;
  heapUsedBytes: number;
  latencyMentions: number;
  p50Ms: number;
  p99Ms: number;
  meanMs: number;
  throughputCalls: number;
  /** Mentions per second of this process's CPU time (user + system): what one core does (best window). */
  perCpuSecond: number;
  /** Mentions per second of wall-clock time (best window), for comparison (lower when the machine is busy). */
  perWallSecond: number;
}

export interface AccuracyResult {
  /** A hash of the folds' contents: the runner checks every classifier saw the same folds. */
  foldsHash: string;
  results: Array<{ fold: number; items: Array<{ text: string; intent: string; predicted: string }> }>;
  trainMs: number[];
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

export function benchPack(name: string): { pack: Pack; mentions: string[] } {
  if (name === "synthetic") return syntheticPack(SYNTHETIC_DEFAULTS);
  const build = loadPack();
  if (!build.pack) throw new Error(`the default pack has errors: ${JSON.stringify(build.problems)}`);
  const pack = build.pack;
  // Mentions for timing: the held-out test sentences, then the examples, as a user would paste them.
  const mentions = [...[...pack.tests.values()].flat(), ...pack.intents.flatMap((i) => i.examples)];
  return { pack, mentions };
}

/** The first `perIntent` mentions of each intent in the fold (all when undefined). */
export function subsample(fold: Labeled[], perIntent?: number): Labeled[] {
  if (perIntent === undefined) return fold;
  const taken = new Map<string, number>();
  return fold.filter((item) => {
    const n = taken.get(item.intent) ?? 0;
    taken.set(item.intent, n + 1);
    return n < perIntent;
  });
}

async function timing(
  name: ClassifierName,
  pack: Pack,
  mentions: string[],
  latencyCount: number,
  seconds: number,
): Promise<TimingResult> {
  gc();
  const rssBeforeBytes = process.memoryUsage().rss;
  let start = process.hrtime.bigint();
  const classifier = await train(name, pack);
  const buildMs = msSince(start);
  gc();
  const memory = process.memoryUsage();

  const sample = mentions.slice(0, latencyCount);
  // Warm up (JIT, caches) on other mentions than the timed ones where there are enough.
  const warm = mentions.length > sample.length ? mentions.slice(sample.length) : sample;
  const warmStart = process.hrtime.bigint();
  for (let i = 0; i < Math.min(warm.length, 300) && (i < 3 || msSince(warmStart) < 1500); i++) {
    await classifier.classify(warm[i] as string);
  }

  const latencies: number[] = [];
  for (const text of sample) {
    start = process.hrtime.bigint();
    await classifier.classify(text);
    latencies.push(msSince(start));
  }

  // Throughput: classify mentions back to back, one at a time, on this one thread, in three windows;
  // the best window counts (the usual way to see through other work on a shared machine).
  let calls = 0;
  let perCpuSecond = 0;
  let perWallSecond = 0;
  const window = (seconds * 1000) / 3;
  for (let w = 0; w < 3; w++) {
    const cpu = process.cpuUsage();
    start = process.hrtime.bigint();
    let n = 0;
    while (msSince(start) < window) {
      await classifier.classify(mentions[calls % mentions.length] as string);
      calls++;
      n++;
    }
    perCpuSecond = Math.max(perCpuSecond, n / cpuSecondsSince(cpu));
    perWallSecond = Math.max(perWallSecond, n / (msSince(start) / 1000));
  }
  return {
    buildMs,
    rssBeforeBytes,
    rssAfterBytes: memory.rss,
    heapUsedBytes: memory.heapUsed,
    latencyMentions: sample.length,
    p50Ms: percentile(latencies, 0.5),
    p99Ms: percentile(latencies, 0.99),
    meanMs: latencies.reduce((s, x) => s + x, 0) / latencies.length,
    throughputCalls: calls,
    perCpuSecond,
    perWallSecond,
  };
}

async function accuracy(
  name: ClassifierName,
  pack: Pack,
  folds: number[],
  perIntent?: number,
): Promise<AccuracyResult> {
  const all = stratifiedFolds(pack, FOLDS);
  const results: AccuracyResult["results"] = [];
  const trainMs: number[] = [];
  for (const f of folds) {
    const testFold = all[f] as Labeled[];
    const start = process.hrtime.bigint();
    const classifier = await train(name, pack, testFold);
    trainMs.push(msSince(start));
    const items: AccuracyResult["results"][number]["items"] = [];
    for (const item of subsample(testFold, perIntent)) {
      items.push({ text: item.text, intent: item.intent, predicted: await classifier.classify(item.text) });
    }
    results.push({ fold: f, items });
  }
  return { foldsHash: shortHash(all), results, trainMs };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      task: { type: "string" },
      pack: { type: "string", default: "default" },
      classifier: { type: "string" },
      folds: { type: "string", default: "0,1,2,3,4" },
      "per-intent": { type: "string" },
      latency: { type: "string" },
      seconds: { type: "string", default: "3" },
    },
  });
  const name = values.classifier as ClassifierName;
  const { pack, mentions } = benchPack(values.pack as string);
  let result: TimingResult | AccuracyResult;
  if (values.task === "timing") {
    const count = values.latency === undefined ? mentions.length : Number(values.latency);
    result = await timing(name, pack, mentions, count, Number(values.seconds));
  } else if (values.task === "accuracy") {
    const folds = (values.folds as string).split(",").map(Number);
    const perIntent = values["per-intent"] === undefined ? undefined : Number(values["per-intent"]);
    result = await accuracy(name, pack, folds, perIntent);
  } else {
    throw new Error(`unknown --task ${values.task}`);
  }
  process.stdout.write(`\n${JSON.stringify(result)}\n`);
}

await main();
