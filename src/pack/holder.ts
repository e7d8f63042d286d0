/**
 * Holds the engine in use. A reload builds a whole new engine from disk and swaps it in only when the
 * pack is valid; a broken file leaves the last good engine serving.
 */
import { createEngine, type Engine } from "../core/engine.js";
import type { Problem } from "../core/problems.js";
import { loadPack, type PackDirs } from "./load.js";

export type ReloadResult =
  | { ok: true; engine: Engine; problems: Problem[] }
  | { ok: false; problems: Problem[] };

export class EngineHolder {
  #engine: Engine;
  #lastProblems: Problem[] = [];
  #loadedAt = new Date();
  readonly #listeners = new Set<(result: ReloadResult) => void>();

  private constructor(
    readonly dirs: PackDirs,
    engine: Engine,
  ) {
    this.#engine = engine;
  }

  /** Loads the pack or throws an Error listing every problem as `file:line: message`. */
  static load(dirs: PackDirs): EngineHolder {
    const build = loadPack(dirs);
    if (!build.pack) {
      const lines = build.problems
        .filter((p) => p.severity === "error")
        .map((p) => `${p.file}:${p.line}: ${p.message}`);
      throw new Error(`The intent pack has errors:\n${lines.join("\n")}`);
    }
    const holder = new EngineHolder(dirs, createEngine(build.pack));
    holder.#lastProblems = build.problems;
    return holder;
  }

  get engine(): Engine {
    return this.#engine;
  }

  /** Problems from the last load attempt (warnings for a good pack, errors for a refused one). */
  get problems(): Problem[] {
    return this.#lastProblems;
  }

  get loadedAt(): Date {
    return this.#loadedAt;
  }

  /** Re-reads the files; swaps the engine only when the pack is valid. */
  reload(): ReloadResult {
    let result: ReloadResult;
    try {
      const build = loadPack(this.dirs);
      result = build.pack
        ? { ok: true, engine: createEngine(build.pack), problems: build.problems }
        : { ok: false, problems: build.problems };
    } catch (error) {
      result = {
        ok: false,
        problems: [
          { file: this.dirs.intentsDir, line: 1, message: (error as Error).message, severity: "error" },
        ],
      };
    }
    this.#lastProblems = result.problems;
    if (result.ok) {
      this.#engine = result.engine;
      this.#loadedAt = new Date();
    }
    for (const listener of this.#listeners) listener(result);
    return result;
  }

  onReload(listener: (result: ReloadResult) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
