/** The packs' sizes and intent ids, for the report (the workers build the same packs themselves). */
import { loadPack } from "../src/pack/load.js";
import { SYNTHETIC_DEFAULTS, syntheticPack } from "./synthetic-pack.js";

export interface PackInfo {
  labels: { default: string[]; synthetic: string[] };
  sizes: { default: { intents: number; examples: number }; synthetic: { intents: number; examples: number } };
}

export function benchPackInfo(): PackInfo {
  const build = loadPack();
  if (!build.pack) throw new Error("the default pack has errors: run `npm run sincerely -- validate`");
  const synthetic = syntheticPack(SYNTHETIC_DEFAULTS).pack;
  const size = (intents: Array<{ examples: string[] }>) => ({
    intents: intents.length,
    examples: intents.reduce((n, i) => n + i.examples.length, 0),
  });
  return {
    labels: { default: build.pack.intents.map((i) => i.id), synthetic: synthetic.intents.map((i) => i.id) },
    sizes: { default: size(build.pack.intents), synthetic: size(synthetic.intents) },
  };
}
