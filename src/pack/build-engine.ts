/**
 * Loading a pack from disk into an engine, the same way at start-up (on the main thread, before
 * anything is served) and on a reload (in the pack worker, off the event loop): read and check the
 * files, then restore the model from the cache or train it.
 */
import type { ModelSnapshot } from "../core/classifier.js";
import type { Engine } from "../core/engine.js";
import type { Problem } from "../core/problems.js";
import type { Pack } from "../core/types.js";
import { loadPack, type PackDirs } from "./load.js";
import { type ModelOrigin, prepareEngine } from "./model-cache.js";

export type EngineBuild =
  | { ok: true; pack: Pack; engine: Engine; model: ModelSnapshot; origin: ModelOrigin; problems: Problem[] }
  | { ok: false; problems: Problem[] };

/** Never throws: a folder that cannot be read is a problem like a broken file. */
export function buildEngine(dirs: PackDirs, cacheDir: string | undefined): EngineBuild {
  try {
    const build = loadPack(dirs);
    if (!build.pack) return { ok: false, problems: build.problems };
    const { engine, model, origin } = prepareEngine(build.pack, cacheDir);
    return { ok: true, pack: build.pack, engine, model, origin, problems: build.problems };
  } catch (error) {
    return { ok: false, problems: [failure(dirs, error)] };
  }
}

export function failure(dirs: PackDirs, error: unknown): Problem {
  const message = error instanceof Error ? error.message : String(error);
  return { file: dirs.intentsDir, line: 1, message, severity: "error" };
}
