/**
 * One Sincerely process per DATA_DIR. lowdb writes whole files, so two writers would silently
 * undo each other's changes; the lock turns that into a clear error at start-up instead.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import dayjs from "dayjs";
import lockfile from "proper-lockfile";
import { StoreError, storeMessages } from "./errors.js";

export const LOCK_NAME = ".sincerely.lock";
/** Who holds the lock, so the refusal can name the process. proper-lockfile's lock is a bare directory. */
export const OWNER_NAME = ".sincerely.owner.json";

export interface LockOwner {
  pid: number;
  hostname: string;
  startedAt: string;
}

export interface DataDirLock {
  readonly dataDir: string;
  release(): Promise<void>;
}

export interface LockOptions {
  /** A lock not refreshed for this long is taken over (the holder crashed). */
  staleMs?: number;
  /** How often the holder refreshes the lock. */
  updateMs?: number;
  /**
   * Called when the lock was taken away from us (someone removed it or took it over).
   * The default throws, which stops the process: continuing could lose data.
   */
  onCompromised?: (err: StoreError) => void;
  clock?: () => Date;
}

const DEFAULT_STALE_MS = 15_000;
const DEFAULT_UPDATE_MS = 5_000;

/**
 * Takes the exclusive lock on `dataDir` (created if missing). `dataDir` is shown as given in messages,
 * so pass what the user wrote (e.g. `./data`).
 */
export async function lockDataDir(dataDir: string, options: LockOptions = {}): Promise<DataDirLock> {
  const dir = path.resolve(dataDir);
  fs.mkdirSync(dir, { recursive: true });
  const target = path.join(dir, ".sincerely");
  const lockfilePath = path.join(dir, LOCK_NAME);
  const ownerFile = path.join(dir, OWNER_NAME);
  const clock = options.clock ?? (() => new Date());

  const lockOptions: lockfile.LockOptions = {
    stale: options.staleMs ?? DEFAULT_STALE_MS,
    update: options.updateMs ?? DEFAULT_UPDATE_MS,
    realpath: false,
    lockfilePath,
    retries: 0,
    onCompromised: (err) => {
      const error = new StoreError("lock-lost", storeMessages.lockLost(dataDir, err.message), { cause: err });
      if (options.onCompromised) options.onCompromised(error);
      else throw error;
    },
  };

  let unlock: () => Promise<void>;
  try {
    unlock = await lockfile.lock(target, lockOptions);
  } catch (err) {
    if (!isLocked(err)) throw err;
    const owner = readOwner(ownerFile);
    // A crashed process on this machine leaves its lock behind until it goes stale; if its pid is
    // gone we can take over right away instead of making the user wait.
    if (owner && owner.hostname === os.hostname() && owner.pid !== process.pid && !isAlive(owner.pid)) {
      try {
        fs.utimesSync(lockfilePath, 0, 0);
        unlock = await lockfile.lock(target, lockOptions);
      } catch (retryErr) {
        if (!isLocked(retryErr)) throw retryErr;
        throw lockedError(dataDir, readOwner(ownerFile), clock());
      }
    } else {
      throw lockedError(dataDir, owner, clock());
    }
  }

  const me: LockOwner = { pid: process.pid, hostname: os.hostname(), startedAt: clock().toISOString() };
  fs.writeFileSync(ownerFile, `${JSON.stringify(me, null, 2)}\n`);

  let released = false;
  return {
    dataDir,
    async release() {
      if (released) return;
      released = true;
      const owner = readOwner(ownerFile);
      if (owner && owner.pid === me.pid && owner.startedAt === me.startedAt)
        fs.rmSync(ownerFile, { force: true });
      try {
        await unlock();
      } catch (err) {
        // Already released (e.g. compromised): nothing left to undo.
        if ((err as NodeJS.ErrnoException).code !== "ERELEASED") throw err;
      }
    },
  };
}

function isLocked(err: unknown): boolean {
  return (err as NodeJS.ErrnoException | undefined)?.code === "ELOCKED";
}

function lockedError(dataDir: string, owner: LockOwner | undefined, now: Date): StoreError {
  const details = owner ? { pid: owner.pid, since: formatSince(owner.startedAt, now) } : undefined;
  return new StoreError("locked", storeMessages.locked(dataDir, details));
}

/** `14:03` today, `2026-11-21 14:03` otherwise, in the machine's local time (the user is at the machine). */
function formatSince(startedAt: string, now: Date): string {
  const started = dayjs(startedAt);
  if (!started.isValid()) return "an unknown time";
  return started.isSame(dayjs(now), "day") ? started.format("HH:mm") : started.format("YYYY-MM-DD HH:mm");
}

function readOwner(file: string): LockOwner | undefined {
  try {
    const data = JSON.parse(fs.readFileSync(file, "utf8")) as Partial<LockOwner>;
    if (typeof data.pid !== "number" || typeof data.startedAt !== "string") return undefined;
    return { pid: data.pid, startedAt: data.startedAt, hostname: String(data.hostname ?? "") };
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}
