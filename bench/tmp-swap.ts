import fs from "node:fs";
import { monitorEventLoopDelay, PerformanceObserver } from "node:perf_hooks";
import { createEngine } from "../src/core/engine.js";
import { PackWorkerClient } from "../src/pack/pack-worker-client.js";
import { writeSyntheticPackFiles } from "./synthetic-files.js";

const dir = "/tmp/speedprof/swap";
const cacheDir = `${dir}/cache`;
const f = fs.existsSync(`${dir}/intents`)
  ? { intentsDir: `${dir}/intents`, repliesDir: `${dir}/replies` }
  : writeSyntheticPackFiles(dir);
const gcs: number[] = [];
new PerformanceObserver((list) => {
  for (const e of list.getEntries()) gcs.push(Math.round(e.duration));
}).observe({ entryTypes: ["gc"] });
const client = new PackWorkerClient();
for (let round = 0; round < 3; round++) {
  let last = performance.now();
  let maxLag = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    maxLag = Math.max(maxLag, now - last - 5);
    last = now;
  }, 5);
  gcs.length = 0;
  const t0 = performance.now();
  const r = await client.build({ intentsDir: f.intentsDir, repliesDir: f.repliesDir }, cacheDir);
  const t1 = performance.now();
  const lagBefore = maxLag;
  maxLag = 0;
  if (!r.ok) throw new Error("bad");
  await new Promise((res) => setImmediate(res));
  const t2 = performance.now();
  const e = createEngine(r.pack, { model: r.model });
  const t3 = performance.now();
  await new Promise((res) => setTimeout(res, 1500));
  clearInterval(timer);
  console.log({
    round,
    origin: r.origin.model.from,
    worker: Math.round(t1 - t0),
    lagWhileWorking: Math.round(lagBefore),
    createEngine: Math.round(t3 - t2),
    lagAfter: Math.round(maxLag),
    gcs: gcs.filter((g) => g > 10),
    classify: e.classify("x").intent,
  });
}
await client.close();
