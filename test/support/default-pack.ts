/** The repository's own data pack, loaded once per test file (building the index takes a moment). */
import { createEngine, type Engine } from "../../src/core/engine.js";
import type { Pack } from "../../src/core/types.js";
import { loadPack } from "../../src/pack/load.js";

let cached: { pack: Pack; engine: Engine } | undefined;

export function defaultPack(): { pack: Pack; engine: Engine } {
  if (!cached) {
    const build = loadPack({ intentsDir: "intents", repliesDir: "replies", testsDir: "test/intents" });
    if (!build.pack)
      throw new Error(
        `default pack is invalid:\n${build.problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join("\n")}`,
      );
    cached = { pack: build.pack, engine: createEngine(build.pack) };
  }
  return cached;
}
