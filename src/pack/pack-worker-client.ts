/**
 * The main thread's side of the pack worker: one worker thread, started on the first reload and kept
 * while reloads keep coming (then stopped after IDLE_MS to give its memory back). It never keeps the
 * process alive. A worker that crashes fails the reload it was doing, and the next one starts afresh.
 */
import { Worker } from "node:worker_threads";
import type { PackDirs } from "./load.js";
import type { PackWorkerRequest, PackWorkerResponse } from "./pack-worker.js";

/** A worker idle this long is stopped; the next reload starts another. */
const IDLE_MS = 60_000;

// Defined by the bundle's banner (scripts/build.js): the URL of the running bundle in dist/.
declare const __sincerelyBundleUrl: string | undefined;

/** The worker's entry: the bundled one beside the running bundle, or the source through tsx. */
function workerEntry(): { url: URL; workerData?: { entry: string } } {
  if (typeof __sincerelyBundleUrl === "string")
    return { url: new URL("./pack-worker.js", __sincerelyBundleUrl) };
  return {
    url: new URL("./tsx-worker.mjs", import.meta.url),
    workerData: { entry: new URL("./pack-worker.ts", import.meta.url).href },
  };
}

type Pending = { resolve: (r: PackWorkerResponse) => void; reject: (e: Error) => void };

export class PackWorkerClient {
  #worker: Worker | undefined;
  #idle: NodeJS.Timeout | undefined;
  #nextId = 1;
  #closed = false;
  readonly #pending = new Map<number, Pending>();

  /** Loads, checks and trains the pack in the worker. Rejects only when the worker itself failed. */
  build(dirs: PackDirs, cacheDir: string | undefined, running?: string): Promise<PackWorkerResponse> {
    if (this.#closed) return Promise.reject(new Error("the pack worker was stopped"));
    const worker = this.#start();
    if (this.#idle) clearTimeout(this.#idle);
    this.#idle = undefined;
    const id = this.#nextId++;
    const request: PackWorkerRequest = {
      id,
      dirs: { ...dirs },
      ...(cacheDir ? { cacheDir } : {}),
      ...(running ? { running } : {}),
    };
    return new Promise<PackWorkerResponse>((resolve, reject) => {
      this.#pending.set(id, { resolve, reject });
      worker.ref();
      worker.postMessage(request);
    });
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#idle) clearTimeout(this.#idle);
    const worker = this.#worker;
    this.#worker = undefined;
    this.#failAll(new Error("the pack worker was stopped"));
    await worker?.terminate();
  }

  #start(): Worker {
    if (this.#worker) return this.#worker;
    const entry = workerEntry();
    const worker = new Worker(entry.url, {
      // Not the parent's flags (`--import tsx` does not work for a worker's entry on Node 20).
      execArgv: [],
      ...(entry.workerData ? { workerData: entry.workerData } : {}),
    });
    worker.on("message", (response: PackWorkerResponse) => {
      const pending = this.#pending.get(response.id);
      this.#pending.delete(response.id);
      pending?.resolve(response);
      if (this.#pending.size === 0) this.#becomeIdle(worker);
    });
    worker.on("error", (error) => this.#lost(worker, error));
    worker.on("exit", (code) => this.#lost(worker, new Error(`the pack worker exited (code ${code})`)));
    this.#worker = worker;
    return worker;
  }

  #becomeIdle(worker: Worker): void {
    // An idle worker must not keep the process alive, and is stopped after a while.
    worker.unref();
    this.#idle = setTimeout(() => {
      if (this.#worker !== worker || this.#pending.size > 0) return;
      this.#worker = undefined;
      void worker.terminate();
    }, IDLE_MS);
    this.#idle.unref();
  }

  #lost(worker: Worker, error: Error): void {
    if (this.#worker !== worker) return;
    this.#worker = undefined;
    this.#failAll(error);
  }

  #failAll(error: Error): void {
    const pending = [...this.#pending.values()];
    this.#pending.clear();
    for (const p of pending) p.reject(error);
  }
}
