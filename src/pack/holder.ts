/**
 * Holds the engine in use. A reload builds a whole new engine and swaps it in only when the pack is
 * valid; a broken file leaves the last good engine serving.
 *
 * The first load happens on the main thread (nothing is served yet). A reload reads, checks and
 * trains in the pack worker (pack-worker.ts), so requests keep being answered by the current engine
 * meanwhile; the main thread only restores the finished model and swaps. Both use the model cache
 * (model-cache.ts) when given a folder for it.
 */
import { setImmediate as nextTurn } from "node:timers/promises";
import { IntentClassifier } from "../core/classifier.js";
import { createEngine, type Engine } from "../core/engine.js";
import type { Problem } from "../core/problems.js";
import type { BuildOrigin } from "./build-engine.js";
import { buildEngine, failure } from "./build-engine.js";
import type { PackDirs } from "./load.js";
import { PackWorkerClient } from "./pack-worker-client.js";

export type ReloadResult =
  | { ok: true; engine: Engine; problems: Problem[]; origin: BuildOrigin; classifier: string }
  | { ok: false; problems: Problem[] };

export interface EngineHolderOptions {
  /** Folder of the model cache (model-cache.ts); no caching without it. */
  cacheDir?: string;
}

export class EngineHolder {
  #engine: Engine;
  #lastProblems: Problem[] = [];
  #loadedAt = new Date();
  #origin: BuildOrigin;
  /** The running engine's classifier identity: a reload with the same one keeps its classifier. */
  #classifier: string;
  readonly #listeners = new Set<(result: ReloadResult) => void>();
  readonly #worker = new PackWorkerClient();
  /** The reload running now, and the one queued behind it (shared by every request made meanwhile). */
  #running: Promise<ReloadResult> | undefined;
  #queued: Promise<ReloadResult> | undefined;
  #closed = false;

  private constructor(
    readonly dirs: PackDirs,
    readonly options: EngineHolderOptions,
    engine: Engine,
    origin: BuildOrigin,
    classifier: string,
  ) {
    this.#engine = engine;
    this.#origin = origin;
    this.#classifier = classifier;
  }

  /** Loads the pack or throws an Error listing every problem as `file:line: message`. */
  static load(dirs: PackDirs, options: EngineHolderOptions = {}): EngineHolder {
    const build = buildEngine(dirs, options.cacheDir ? { cacheDir: options.cacheDir } : {});
    if (!build.ok || !build.trained) {
      const lines = build.problems
        .filter((p) => p.severity === "error")
        .map((p) => `${p.file}:${p.line}: ${p.message}`);
      throw new Error(`The intent pack has errors:\n${lines.join("\n")}`);
    }
    const holder = new EngineHolder(dirs, options, build.trained.engine, build.origin, build.classifier);
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

  /** Where the model in use came from (the cache, or training and why). */
  get origin(): BuildOrigin {
    return this.#origin;
  }

  /**
   * Re-reads the files (in the pack worker); swaps the engine only when the pack is valid. One build
   * runs at a time: a reload asked for while one runs waits for it and then builds once more (the
   * files may have changed after it read them), and every request made meanwhile shares that build.
   */
  reload(): Promise<ReloadResult> {
    if (this.#queued) return this.#queued;
    if (!this.#running) return this.#run();
    this.#queued = this.#running.then(() => {
      this.#queued = undefined;
      return this.#run();
    });
    return this.#queued;
  }

  #run(): Promise<ReloadResult> {
    const running = this.#build().then((result) => {
      this.#running = undefined;
      this.#lastProblems = result.problems;
      if (result.ok) {
        this.#engine = result.engine;
        this.#origin = result.origin;
        this.#classifier = result.classifier;
        this.#loadedAt = new Date();
      }
      for (const listener of this.#listeners) listener(result);
      return result;
    });
    this.#running = running;
    return running;
  }

  async #build(): Promise<ReloadResult> {
    if (this.#closed) return { ok: false, problems: [failure(this.dirs, new Error("the app is stopping"))] };
    try {
      const running = this.#classifier;
      const response = await this.#worker.build(this.dirs, this.options.cacheDir, running);
      if (!response.ok) return { ok: false, problems: response.problems };
      let engine: Engine;
      if (response.model) {
        // The model came in slices over several turns (pack-worker-client.ts); restoring the
        // classifier and building the engine around it take a turn each, so requests that arrived
        // meanwhile are answered in between.
        await nextTurn();
        const restored = IntentClassifier.fromSnapshot(response.model, response.pack.settings);
        await nextTurn();
        engine = createEngine(response.pack, { restored });
      } else {
        // Same intents and classifier settings (replies, departments or other settings changed):
        // the running classifier is kept, nothing is restored. Builds run one at a time, so the
        // engine serving now is the one `running` described.
        engine = createEngine(response.pack, { sameModelAs: this.#engine });
      }
      return {
        ok: true,
        engine,
        problems: response.problems,
        origin: response.origin,
        classifier: response.classifier,
      };
    } catch (error) {
      return { ok: false, problems: [failure(this.dirs, error)] };
    }
  }

  onReload(listener: (result: ReloadResult) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Stops the pack worker; a reload asked for afterwards fails. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#worker.close();
  }
}
