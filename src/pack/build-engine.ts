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
import { type CacheUse, checkedPack, modelKey, prepareEngine } from "./cache.js";
import { type PackDirs, readPackSources } from "./load.js";

/** How the pack and its model were obtained (for logs and the bench). */
export interface BuildOrigin {
  pack: CacheUse;
  model: CacheUse;
}

export type EngineBuild =
  | {
      ok: true;
      pack: Pack;
      problems: Problem[];
      /** What the classifier depends on (see classifierIdentity). */
      classifier: string;
      origin: BuildOrigin;
      /** The engine and its model; absent when the running engine's classifier fits (`running`). */
      trained?: { engine: Engine; model: ModelSnapshot };
    }
  | { ok: false; problems: Problem[] };

/**
 * Everything a classifier depends on: the model's cache key and the settings it applies. Two packs
 * with the same identity classify alike, whatever their replies, departments or other settings.
 */
export function classifierIdentity(pack: Pack, key: string = modelKey(pack)): string {
  const { threshold, ambiguity_threshold, fallback_intent } = pack.settings;
  return JSON.stringify([key, threshold, ambiguity_threshold, fallback_intent]);
}

export interface BuildOptions {
  cacheDir?: string;
  /** The running engine's classifierIdentity: when the new pack's is the same, nothing is trained or restored. */
  running?: string;
}

/** Never throws: a folder that cannot be read is a problem like a broken file. */
export function buildEngine(dirs: PackDirs, options: BuildOptions = {}): EngineBuild {
  try {
    const checked = checkedPack(readPackSources(dirs), options.cacheDir, buildPack);
    const { pack, problems } = checked.build;
    if (!pack) return { ok: false, problems };
    const key = modelKey(pack);
    const classifier = classifierIdentity(pack, key);
    if (options.running !== undefined && classifier === options.running)
      return {
        ok: true,
        pack,
        problems,
        classifier,
        origin: { pack: checked.use, model: { from: "running" } },
      };
    const { engine, model, use } = prepareEngine(pack, options.cacheDir, key);
    return {
      ok: true,
      pack,
      problems,
      classifier,
      origin: { pack: checked.use, model: use },
      trained: { engine, model },
    };
  } catch (error) {
    return { ok: false, problems: [failure(dirs, error)] };
  }
}

export function failure(dirs: PackDirs, error: unknown): Problem {
  const message = error instanceof Error ? error.message : String(error);
  return { file: dirs.intentsDir, line: 1, message, severity: "error" };
}
