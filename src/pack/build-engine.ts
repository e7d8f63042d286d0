/**
 * Loading a pack from disk into an engine, the same way at start-up (on the main thread, before
 * anything is served) and on a reload (in the pack worker, off the event loop): read the files, check
 * them (or take the checked pack from the cache), then restore the model from the cache or train it.
 */
import type { ModelSnapshot } from "../core/classifier.js";
import type { Engine } from "../core/engine.js";
import { buildPack } from "../core/pack.js";
import type { Problem } from "../core/problems.js";
import type { Pack } from "../core/types.js";
import { type CacheUse, checkedPack, prepareEngine } from "./cache.js";
import { type PackDirs, readPackSources } from "./load.js";

/** How the pack and its model were obtained (for logs and the bench). */
export interface BuildOrigin {
  pack: CacheUse;
  model: CacheUse;
}

export type EngineBuild =
  | { ok: true; pack: Pack; engine: Engine; model: ModelSnapshot; origin: BuildOrigin; problems: Problem[] }
  | { ok: false; problems: Problem[] };

/** Never throws: a folder that cannot be read is a problem like a broken file. */
export function buildEngine(dirs: PackDirs, cacheDir: string | undefined): EngineBuild {
  try {
    const checked = checkedPack(readPackSources(dirs), cacheDir, buildPack);
    const { pack, problems } = checked.build;
    if (!pack) return { ok: false, problems };
    const { engine, model, use } = prepareEngine(pack, cacheDir);
    return { ok: true, pack, engine, model, origin: { pack: checked.use, model: use }, problems };
  } catch (error) {
    return { ok: false, problems: [failure(dirs, error)] };
  }
}

export function failure(dirs: PackDirs, error: unknown): Problem {
  const message = error instanceof Error ? error.message : String(error);
  return { file: dirs.intentsDir, line: 1, message, severity: "error" };
}
