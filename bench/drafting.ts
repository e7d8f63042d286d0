/**
 * Classification plus drafting on the default pack, as the case service does it for every mention:
 * parse, classify, then draft (situation ranking, specifics, template, sincerity check, alternatives).
 * Prints mentions per CPU second (best of three windows) and per wall second. Goal: >= 10,000/s.
 *
 *   npx tsx bench/drafting.ts [--seconds S] [--classify-only]   (the latter: the same loop without drafting)
 */
import { parseArgs } from "node:util";
import { createEngine } from "../src/core/engine.js";
import { loadPack } from "../src/pack/load.js";
import { cpuSecondsSince } from "./lib.js";

const { values } = parseArgs({
  options: {
    seconds: { type: "string", default: "3" },
    "classify-only": { type: "boolean", default: false },
  },
});
const draftToo = !values["classify-only"];
const seconds = Number(values.seconds);
const build = loadPack();
if (!build.pack) throw new Error("the default pack has errors: run `sincerely validate`");
const engine = createEngine(build.pack);
const mentions = [...[...build.pack.tests.values()].flat(), ...build.pack.intents.flatMap((i) => i.examples)];
const ctx = { now: new Date("2026-12-01T05:00:00Z"), timezone: "Asia/Seoul" };

function once(raw: string): number {
  const mention = engine.parseMention(raw);
  const c = engine.classify(mention.text);
  if (!draftToo) return c.confidence > 0 ? 1 : 0;
  const d = engine.draft(c.intent, mention, c.language, ctx);
  return d ? d.length : 0;
}

for (let i = 0; i < 2000; i++) once(mentions[i % mentions.length] as string);
let best = 0;
let bestWall = 0;
let sink = 0;
for (let w = 0; w < 3; w++) {
  const cpu = process.cpuUsage();
  const wall = process.hrtime.bigint();
  let calls = 0;
  while (Number(process.hrtime.bigint() - wall) / 1e9 < seconds / 3) {
    sink += once(mentions[calls % mentions.length] as string);
    calls++;
  }
  best = Math.max(best, calls / cpuSecondsSince(cpu));
  bestWall = Math.max(bestWall, calls / (Number(process.hrtime.bigint() - wall) / 1e9));
}
console.log(
  JSON.stringify({
    mentions: mentions.length,
    perCpuSecond: Math.round(best),
    perWallSecond: Math.round(bestWall),
    goal: 10_000,
    ok: best >= 10_000,
    sink: sink > 0,
  }),
);
