/**
 * Train once per pack: the trained model (feature vocabulary, weights, nearest-example index,
 * keywords) is kept on disk, so a start or a reload of an unchanged pack restores it in milliseconds
 * instead of training for seconds.
 *
 * A cache file is never trusted blindly. Its name and header carry the key (a hash of exactly what
 * training reads: the intents' ids, examples, negative examples and keywords, the classifier options,
 * the model snapshot version and this file's format version); the payload carries a SHA-256 that is
 * checked before it is read; and the classifier checks the snapshot's shape when restoring it. Any
 * mismatch, a truncated or unreadable file, or another version means training again and replacing the
 * file atomically (written beside it, then renamed over it).
 *
 * The key is the training input rather than the raw files, so editing a reply template or a
 * department's hotline reloads without training at all.
 */
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { deserialize, serialize } from "node:v8";
import {
  type ClassifierOptions,
  DEFAULT_CLASSIFIER_OPTIONS,
  MODEL_SNAPSHOT_VERSION,
  type ModelSnapshot,
} from "../core/classifier.js";
import { createEngine, type Engine, trainModel } from "../core/engine.js";
import type { Pack } from "../core/types.js";

/** Bump when the file layout below changes. */
export const MODEL_CACHE_FORMAT = 1;
const MAGIC = "SINCERELY-MODEL\n";
/** Cached models kept per folder (other packs tried with --intents, recent versions of this one). */
const KEEP_FILES = 6;

/** Where the model cache lives for a DATA_DIR: one place to change if the data stops being a folder. */
export function modelCacheDir(dataDir: string): string {
  return path.join(dataDir, "cache");
}

/** The cache key of a pack's model: a hash of everything training reads. */
export function modelKey(pack: Pack, options: ClassifierOptions = DEFAULT_CLASSIFIER_OPTIONS): string {
  const input = {
    format: MODEL_CACHE_FORMAT,
    snapshot: MODEL_SNAPSHOT_VERSION,
    options,
    intents: pack.intents.map((i) => ({
      id: i.id,
      examples: i.examples,
      negativeExamples: i.negativeExamples,
      keywords: i.keywords.map((k) => [k.term, k.weight]),
    })),
  };
  return createHash("sha256").update(JSON.stringify(input)).digest("hex");
}

const fileFor = (dir: string, key: string) => path.join(dir, `model-${key.slice(0, 32)}.bin`);

interface Header {
  format: number;
  snapshot: number;
  key: string;
  payloadBytes: number;
  payloadSha256: string;
}

export type CacheRead = { ok: true; model: ModelSnapshot } | { ok: false; reason: string };

/** The cached model for `key`, or why there is none that can be used. */
export function readCachedModel(dir: string, key: string): CacheRead {
  const file = fileFor(dir, key);
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, reason: code === "ENOENT" ? "no cached model" : `unreadable: ${code}` };
  }
  const headerEnd = bytes.indexOf(10, MAGIC.length);
  if (bytes.subarray(0, MAGIC.length).toString("latin1") !== MAGIC || headerEnd < 0)
    return { ok: false, reason: "not a model cache file" };
  let header: Header;
  try {
    header = JSON.parse(bytes.subarray(MAGIC.length, headerEnd).toString("utf8")) as Header;
  } catch {
    return { ok: false, reason: "unreadable header" };
  }
  if (header.format !== MODEL_CACHE_FORMAT) return { ok: false, reason: `cache format ${header.format}` };
  if (header.snapshot !== MODEL_SNAPSHOT_VERSION)
    return { ok: false, reason: `model snapshot version ${header.snapshot}` };
  if (header.key !== key) return { ok: false, reason: "made from another pack" };
  const payload = bytes.subarray(headerEnd + 1);
  if (payload.length !== header.payloadBytes) return { ok: false, reason: "truncated" };
  if (createHash("sha256").update(payload).digest("hex") !== header.payloadSha256)
    return { ok: false, reason: "checksum mismatch" };
  try {
    const model = deserialize(payload) as ModelSnapshot;
    if (model?.version !== MODEL_SNAPSHOT_VERSION) return { ok: false, reason: "unexpected payload" };
    return { ok: true, model };
  } catch {
    return { ok: false, reason: "unreadable payload" };
  }
}

/** Writes the model for `key` atomically; returns an error message instead of throwing. */
export function writeCachedModel(dir: string, key: string, model: ModelSnapshot): string | undefined {
  const file = fileFor(dir, key);
  const tmp = `${file}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`;
  try {
    fs.mkdirSync(dir, { recursive: true });
    const payload = serialize(model);
    const header: Header = {
      format: MODEL_CACHE_FORMAT,
      snapshot: MODEL_SNAPSHOT_VERSION,
      key,
      payloadBytes: payload.length,
      payloadSha256: createHash("sha256").update(payload).digest("hex"),
    };
    const fd = fs.openSync(tmp, "w");
    try {
      fs.writeSync(fd, `${MAGIC}${JSON.stringify(header)}\n`);
      fs.writeSync(fd, payload);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
    pruneCache(dir, file);
    return undefined;
  } catch (error) {
    fs.rmSync(tmp, { force: true });
    return (error as Error).message;
  }
}

function pruneCache(dir: string, keep: string): void {
  const files = fs
    .readdirSync(dir)
    .filter((name) => /^model-[0-9a-f]+\.bin$/.test(name))
    .map((name) => path.join(dir, name))
    .filter((file) => file !== keep)
    .map((file) => ({ file, mtime: fs.statSync(file).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const old of files.slice(KEEP_FILES - 1)) fs.rmSync(old.file, { force: true });
}

export interface ModelOrigin {
  from: "cache" | "training";
  /** Why the cache was not used (absent when caching is off or the cache was used). */
  cacheMiss?: string;
  /** The cache could not be written (the engine works anyway). */
  cacheWriteError?: string;
}

export interface PreparedEngine {
  engine: Engine;
  /** The engine's model, to hand to another thread. */
  model: ModelSnapshot;
  origin: ModelOrigin;
}

/**
 * The engine for a pack: its model restored from the cache in `cacheDir` when valid, else trained and
 * written there. Without `cacheDir` it always trains (the CLI's --no-cache).
 */
export function prepareEngine(pack: Pack, cacheDir: string | undefined): PreparedEngine {
  if (!cacheDir) {
    const model = trainModel(pack);
    return { engine: createEngine(pack, { model }), model, origin: { from: "training" } };
  }
  const key = modelKey(pack);
  const cached = readCachedModel(cacheDir, key);
  let cacheMiss: string;
  if (cached.ok) {
    try {
      return {
        engine: createEngine(pack, { model: cached.model }),
        model: cached.model,
        origin: { from: "cache" },
      };
    } catch (error) {
      cacheMiss = `refused by the classifier: ${(error as Error).message}`;
    }
  } else cacheMiss = cached.reason;
  const model = trainModel(pack);
  const engine = createEngine(pack, { model });
  const cacheWriteError = writeCachedModel(cacheDir, key, model);
  return {
    engine,
    model,
    origin: { from: "training", cacheMiss, ...(cacheWriteError ? { cacheWriteError } : {}) },
  };
}
