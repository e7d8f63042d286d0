/**
 * A small JSON document (`DATA_DIR/<name>.json`) for state that is not a case: live status lines,
 * seen Slack event ids, surges, the report schedule. Whole-document writes, so keep documents small.
 */
import path from "node:path";
import { Low } from "lowdb";
import { JSONFile } from "lowdb/node";
import { StoreError, storeMessages } from "./errors.js";

const NAME = /^[a-z0-9][a-z0-9-]*$/;

export class KvStore<T extends object> {
  readonly file: string;
  readonly #defaults: T;
  #low: Low<T> | undefined;
  // Every read and update runs in this chain, so an update never works on data another is changing.
  #queue: Promise<unknown> = Promise.resolve();
  #closed = false;

  constructor(dataDir: string, name: string, defaults: T) {
    if (!NAME.test(name)) throw new StoreError("invalid-case", storeMessages.badKvName(name));
    this.file = path.join(path.resolve(dataDir), `${name}.json`);
    this.#defaults = structuredClone(defaults);
  }

  /** A copy of the current document. */
  read(): Promise<T> {
    return this.#run(async (low) => structuredClone(low.data));
  }

  /**
   * Changes the document: `fn` mutates a copy and may return a value, which `update` resolves to.
   * The file is written only when something changed; if `fn` throws, nothing changes.
   */
  update<R>(fn: (data: T) => R | Promise<R>): Promise<R> {
    return this.#run(async (low) => {
      const before = JSON.stringify(low.data);
      const draft = structuredClone(low.data);
      const result = await fn(draft);
      if (JSON.stringify(draft) !== before) {
        const previous = low.data;
        low.data = draft;
        try {
          await low.write();
        } catch (err) {
          low.data = previous;
          throw err;
        }
      }
      return result;
    });
  }

  /** Waits for queued work, then refuses further use. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.#queue.catch(() => {});
  }

  #run<R>(fn: (low: Low<T>) => Promise<R>): Promise<R> {
    if (this.#closed)
      return Promise.reject(new StoreError("closed", storeMessages.closed(`store ${this.file}`)));
    const next = this.#queue.then(async () => fn(await this.#load()));
    this.#queue = next.catch(() => {});
    return next;
  }

  async #load(): Promise<Low<T>> {
    if (this.#low) return this.#low;
    const low = new Low<T>(new JSONFile<T>(this.file), structuredClone(this.#defaults));
    try {
      await low.read();
    } catch (err) {
      throw new StoreError("malformed", storeMessages.malformed(this.file, (err as Error).message), {
        file: this.file,
        cause: err,
      });
    }
    if (typeof low.data !== "object" || low.data === null || Array.isArray(low.data)) {
      throw new StoreError("malformed", storeMessages.malformed(this.file, "expected a JSON object"), {
        file: this.file,
      });
    }
    // Keys added to the defaults after the file was first written get their default value.
    low.data = { ...structuredClone(this.#defaults), ...low.data };
    this.#low = low;
    return low;
  }
}
