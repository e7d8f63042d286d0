/**
 * The main thread's side of the pack worker: one worker thread, started on the first reload and kept
 * while reloads keep coming (then stopped after IDLE_MS to give its memory back). It never keeps the
 * process alive. A worker that crashes fails the reload it was doing, and the next one starts afresh.
 */
import { setImmediate as nextTurn } from "node:timers/promises";
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from "node:worker_threads";
import type { PackDirs } from "./load.js";
import type { ModelSlice, PackWorkerRequest, PackWorkerResponse } from "./pack-worker.js";

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
  /** The port the worker posts model slices to (see sliceModel in pack-worker.ts). */
  #bulk: MessagePort | undefined;
  /** Answers are assembled one at a time, in the order they came, so slices are read in order. */
  #assembling: Promise<void> = Promise.resolve();
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
    this.#bulk?.close();
    this.#bulk = undefined;
    await worker?.terminate();
  }

  #start(): Worker {
    if (this.#worker) return this.#worker;
    const entry = workerEntry();
    const { port1: bulk, port2: workerBulk } = new MessageChannel();
    const worker = new Worker(entry.url, {
      // Not the parent's flags (`--import tsx` does not work for a worker's entry on Node 20).
      execArgv: [],
      workerData: { ...entry.workerData, bulk: workerBulk },
      transferList: [workerBulk],
    });
    this.#bulk?.close();
    this.#bulk = bulk;
    worker.on("message", (response: PackWorkerResponse) => {
      const assembled = this.#assembling.then(() => this.#withSlices(response, bulk));
      this.#assembling = assembled.then(
        () => {},
        () => {},
      );
      void assembled.then(
        (full) => this.#answer(worker, full),
        (error: Error) => this.#answer(worker, response, error),
      );
    });
    worker.on("error", (error) => this.#lost(worker, error));
    worker.on("exit", (code) => this.#lost(worker, new Error(`the pack worker exited (code ${code})`)));
    this.#worker = worker;
    return worker;
  }

  #answer(worker: Worker, response: PackWorkerResponse, error?: Error): void {
    const pending = this.#pending.get(response.id);
    this.#pending.delete(response.id);
    if (error) pending?.reject(error);
    else pending?.resolve(response);
    if (this.#pending.size === 0 && this.#worker === worker) this.#becomeIdle(worker);
  }

  /**
   * The answer with its model's string lists put back: one slice read per turn of the event loop, so
   * that requests arriving meanwhile are answered between slices.
   */
  async #withSlices(response: PackWorkerResponse, bulk: MessagePort): Promise<PackWorkerResponse> {
    if (!response.ok || !response.model || !response.slices) return response;
    const model = response.model;
    for (let i = 0; i < response.slices; i++) {
      await nextTurn();
      const slice = receiveMessageOnPort(bulk)?.message as ModelSlice | undefined;
      if (!slice || slice.id !== response.id)
        throw new Error("the pack worker's model arrived incomplete (a slice is missing)");
      const list = model[slice.field];
      for (const item of slice.items) list.push(item);
    }
    return response;
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
