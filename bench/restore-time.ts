/**
 * How long the main thread spends swapping in a reloaded pack: restoring the classifier from a
 * snapshot that came from the pack worker (structured clone with its typed arrays moved), and
 * building the engine around it. Run: `npx tsx bench/restore-time.ts` (median of a few runs).
 */
import { IntentClassifier } from "../src/core/classifier.js";
import { createEngine } from "../src/core/engine.js";
import type { Pack } from "../src/core/types.js";
import { loadPack } from "../src/pack/load.js";
import { syntheticPack } from "./synthetic-pack.js";

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
}

function measure(name: string, pack: Pack, runs: number): void {
  const trained = new IntentClassifier(pack.intents, pack.settings);
  const snapshot = trained.snapshot();
  const restore: number[] = [];
  const engine: number[] = [];
  for (let i = 0; i < runs; i++) {
    // As the worker's message arrives: the typed arrays transferred, the rest copied.
    const copy = structuredClone(snapshot);
    let t = performance.now();
    IntentClassifier.fromSnapshot(copy, pack.settings);
    restore.push(performance.now() - t);
    const again = structuredClone(snapshot);
    t = performance.now();
    createEngine(pack, { model: again });
    engine.push(performance.now() - t);
  }
  console.log(
    `${name}: ${trained.snapshot().features.length} features; fromSnapshot median ${median(restore).toFixed(1)} ms (min ${Math.min(...restore).toFixed(1)}); createEngine(model) median ${median(engine).toFixed(1)} ms (min ${Math.min(...engine).toFixed(1)})`,
  );
}

const build = loadPack({ intentsDir: "intents", repliesDir: "replies", testsDir: "test/intents" });
if (!build.pack) throw new Error("the default pack is invalid");
measure("default pack", build.pack, 15);
measure("synthetic 100×100", syntheticPack().pack, 7);
