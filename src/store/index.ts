/**
 * The store: the DATA_DIR lock first, then the cases and small JSON documents under it.
 *
 *   DATA_DIR/.sincerely.lock/         proper-lockfile's lock (one process per DATA_DIR)
 *   DATA_DIR/.sincerely.owner.json    who holds it, for the refusal message
 *   DATA_DIR/cases/YYYY-MM-DD.json    cases by UTC day of creation
 *   DATA_DIR/<name>.json              kv documents: status, dedupe, surges, ...
 */
import { CaseStore, type CaseStoreOptions } from "./case-store.js";
import { KvStore } from "./kv-store.js";
import { type LockOptions, lockDataDir } from "./lock.js";

export { type CaseFilter, CaseStore, dayOfCaseId, newCaseId } from "./case-store.js";
export { DEDUPE_DEFAULTS, type DedupeData, DedupeLog } from "./dedupe.js";
export { StoreError, storeMessages } from "./errors.js";
export { KvStore } from "./kv-store.js";
export { type DataDirLock, lockDataDir } from "./lock.js";

export interface Store {
  readonly dataDir: string;
  readonly cases: CaseStore;
  /** The document `DATA_DIR/<name>.json`; the same instance for the same name (one write queue per file). */
  kv<T extends object>(name: string, defaults: T): KvStore<T>;
  /** Waits for pending writes, then releases the lock. */
  close(): Promise<void>;
}

export interface OpenStoreOptions extends CaseStoreOptions {
  lock?: LockOptions;
}

export async function openStore(dataDir: string, options: OpenStoreOptions = {}): Promise<Store> {
  const lock = await lockDataDir(dataDir, options.lock);
  let cases: CaseStore;
  try {
    cases = await CaseStore.open(dataDir, options);
  } catch (err) {
    await lock.release();
    throw err;
  }
  const kvs = new Map<string, KvStore<object>>();
  let closed = false;

  return {
    dataDir,
    cases,
    kv<T extends object>(name: string, defaults: T): KvStore<T> {
      let kv = kvs.get(name);
      if (!kv) {
        kv = new KvStore<object>(dataDir, name, defaults);
        kvs.set(name, kv);
      }
      return kv as unknown as KvStore<T>;
    },
    async close() {
      if (closed) return;
      closed = true;
      try {
        await Promise.all([cases.close(), ...[...kvs.values()].map((kv) => kv.close())]);
      } finally {
        await lock.release();
      }
    },
  };
}
