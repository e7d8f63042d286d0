/**
 * Train once per pack, parse once per edit. Two things are kept on disk under DATA_DIR/cache, so a
 * start or a reload of an unchanged pack takes milliseconds instead of seconds:
 * - the trained model (feature vocabulary, weights, nearest-example index, keywords), keyed by a
 *   hash of exactly what training reads: the intents' ids, examples, negative examples and keywords,
 *   the classifier options, whether a threshold is to be chosen, the model snapshot version and the
 *   code of src/core (a changed cue or lexicon changes the features). Editing a reply template or a
 *   hotline therefore reloads without training;
 * - the checked pack (what buildPack made of the files, warnings included), keyed by a hash of the
 *   files' paths and text and of the code that checks them (src/core), so a changed validator never
 *   serves an old verdict.
 *
 * A cache file is never trusted blindly: its name and header carry the key and the format version,
 * the payload carries a SHA-256 checked before it is read, and the classifier checks a model's shape
 * when restoring it. A mismatch, a truncated or unreadable file or another version means building
 * again and replacing the file atomically (written beside it, then renamed over it). Writing is best
 * effort: a read-only or full disk costs speed, never correctness.
 */
import { createHash, randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { deserialize, serialize } from "node:v8";
import {
  type ClassifierOptions,
  DEFAULT_CLASSIFIER_OPTIONS,
  type ModelSnapshot,
  trainingInput,
  trainingIntents,
} from "../core/classifier.js";
import { createEngine, type Engine, trainModel } from "../core/engine.js";
import type { PackBuild, PackSources } from "../core/pack.js";
import type { Pack } from "../core/types.js";

/** Bump when the file layout below or what a key covers changes. */
export const CACHE_FORMAT = 1;
const MAGIC = "SINCERELY-CACHE\n";
/** Files of each kind kept per folder (other packs tried with --intents, recent versions of this one). */
const KEEP_FILES = 6;

/** Where the caches live for a DATA_DIR: the one place to change if the data stops being a folder. */
export function packCacheDir(dataDir: string): string {
  return path.join(dataDir, "cache");
}

type Kind = "model" | "pack";

const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");

/**
 * The cache key of a pack's model: a hash of everything training reads (trainingInput: examples,
 * keywords, titles, descriptions, the reply situations' example mentions, options, threshold choice)
 * and of the code that reads it (src/core, when its sources are there).
 */
export function modelKey(
  pack: Pack,
  options: ClassifierOptions = DEFAULT_CLASSIFIER_OPTIONS,
  code: string | undefined = packCheckerHash(),
): string {
  return sha256(
    JSON.stringify({
      format: CACHE_FORMAT,
      // The code that turns a text into features and trains: a changed cue or lexicon must not
      // serve a model whose vocabulary was built by the old one.
      code: code ?? null,
      training: trainingInput(trainingIntents(pack.intents, pack.replies), pack.settings, options),
    }),
  );
}

/**
 * The two halves of modelKey, 12 hex digits each: what the pack gives training, and the classifier
 * code. eval prints both, so a team can tell its own edit from a change of the product under it.
 */
export function modelKeyParts(
  pack: Pack,
  options: ClassifierOptions = DEFAULT_CLASSIFIER_OPTIONS,
): { model: string; pack: string; code: string } {
  const code = packCheckerHash();
  return {
    model: modelKey(pack, options, code).slice(0, 12),
    pack: sha256(
      JSON.stringify(trainingInput(trainingIntents(pack.intents, pack.replies), pack.settings, options)),
    ).slice(0, 12),
    code: code ? sha256(code).slice(0, 12) : "none",
  };
}

let checkerHash: string | undefined;

/**
 * A hash of the code that turns files into a pack (src/core, read beside this file; the built app in
 * dist/ sees the same paths). Undefined when the sources are not there: the pack is then not cached.
 */
function packCheckerHash(): string | undefined {
  if (checkerHash !== undefined) return checkerHash || undefined;
  try {
    const core = fileURLToPath(new URL("../core/", import.meta.url));
    const files = fs
      .readdirSync(core, { recursive: true, encoding: "utf8" })
      .filter((f) => f.endsWith(".ts"))
      .sort();
    const hash = createHash("sha256");
    for (const file of [
      ...files.map((f) => path.join(core, f)),
      fileURLToPath(new URL("./load.ts", import.meta.url)),
    ])
      hash.update(file.slice(core.length)).update("\0").update(fs.readFileSync(file)).update("\0");
    checkerHash = hash.digest("hex");
  } catch {
    checkerHash = "";
  }
  return checkerHash || undefined;
}

/** The cache key of a checked pack: its files (as shown, so the same cwd) and the checking code. */
export function packKey(sources: PackSources): string | undefined {
  const code = packCheckerHash();
  if (!code) return undefined;
  return sha256(JSON.stringify({ format: CACHE_FORMAT, code, sources }));
}

const fileFor = (dir: string, kind: Kind, key: string) => path.join(dir, `${kind}-${key.slice(0, 32)}.bin`);

interface Header {
  format: number;
  kind: Kind;
  key: string;
  payloadBytes: number;
  payloadSha256: string;
}

export type CacheRead<T> = { ok: true; value: T } | { ok: false; reason: string };

/** The cached value of `kind` for `key`, or why there is none that can be used. */
export function readCache<T>(dir: string, kind: Kind, key: string): CacheRead<T> {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(fileFor(dir, kind, key));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, reason: code === "ENOENT" ? "not cached yet" : `unreadable (${code})` };
  }
  const headerEnd = bytes.indexOf(10, MAGIC.length);
  if (bytes.subarray(0, MAGIC.length).toString("latin1") !== MAGIC || headerEnd < 0)
    return { ok: false, reason: "not a cache file" };
  let header: Header;
  try {
    header = JSON.parse(bytes.subarray(MAGIC.length, headerEnd).toString("utf8")) as Header;
  } catch {
    return { ok: false, reason: "unreadable header" };
  }
  if (header.format !== CACHE_FORMAT) return { ok: false, reason: `cache format ${header.format}` };
  if (header.kind !== kind || header.key !== key) return { ok: false, reason: "made from other files" };
  const payload = bytes.subarray(headerEnd + 1);
  if (payload.length !== header.payloadBytes) return { ok: false, reason: "truncated" };
  if (sha256(payload) !== header.payloadSha256) return { ok: false, reason: "checksum mismatch" };
  try {
    return { ok: true, value: deserialize(payload) as T };
  } catch {
    return { ok: false, reason: "unreadable payload" };
  }
}

/** Writes `value` for `key` atomically; returns an error message instead of throwing. */
export function writeCache(dir: string, kind: Kind, key: string, value: unknown): string | undefined {
  const file = fileFor(dir, kind, key);
  const tmp = `${file}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`;
  try {
    fs.mkdirSync(dir, { recursive: true });
    const payload = serialize(value);
    const header: Header = {
      format: CACHE_FORMAT,
      kind,
      key,
      payloadBytes: payload.length,
      payloadSha256: sha256(payload),
    };
    const fd = fs.openSync(tmp, "w");
    try {
      fs.writeSync(fd, `${MAGIC}${JSON.stringify(header)}\n`);
      // No fsync: a file cut short by a crash fails its checksum and is rebuilt, so durability
      // is not worth the wait (a reload or a test start writes several MB).
      fs.writeSync(fd, payload);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
    prune(dir, kind, file);
    return undefined;
  } catch (error) {
    try {
      fs.rmSync(tmp, { force: true });
    } catch {
      // Nothing was written (the folder itself is unusable).
    }
    return (error as Error).message;
  }
}

function prune(dir: string, kind: Kind, keep: string): void {
  const pattern = new RegExp(`^${kind}-[0-9a-f]+\\.bin$`);
  const files = fs
    .readdirSync(dir)
    .filter((name) => pattern.test(name))
    .map((name) => path.join(dir, name))
    .filter((file) => file !== keep)
    .map((file) => ({ file, mtime: fs.statSync(file).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const old of files.slice(KEEP_FILES - 1)) fs.rmSync(old.file, { force: true });
}

export interface CacheUse {
  /** "running": the running engine's model fits the new pack and is kept (reloads only). */
  from: "cache" | "built" | "running";
  /** Why the cache was not used (absent when caching is off or it was used). */
  miss?: string;
  /** The cache could not be written (everything works anyway). */
  writeError?: string;
}

/** The checked pack for these files: from the cache when valid, else built (and cached when valid). */
export function checkedPack(
  sources: PackSources,
  cacheDir: string | undefined,
  build: (sources: PackSources) => PackBuild,
): { build: PackBuild; use: CacheUse } {
  const key = cacheDir ? packKey(sources) : undefined;
  if (!cacheDir || !key) return { build: build(sources), use: { from: "built" } };
  const cached = readCache<PackBuild>(cacheDir, "pack", key);
  if (cached.ok && cached.value?.pack) return { build: cached.value, use: { from: "cache" } };
  const miss = cached.ok ? "unexpected payload" : cached.reason;
  const fresh = build(sources);
  // Only a usable pack is worth keeping; a broken one is re-checked on every try, as it should be.
  const writeError = fresh.pack ? writeCache(cacheDir, "pack", key, fresh) : undefined;
  return { build: fresh, use: { from: "built", miss, ...(writeError ? { writeError } : {}) } };
}

export interface PreparedEngine {
  engine: Engine;
  /** The engine's model, to hand to another thread. */
  model: ModelSnapshot;
  use: CacheUse;
}

/**
 * The engine for a pack: its model restored from the cache in `cacheDir` when valid, else trained and
 * written there. Without `cacheDir` it always trains (the CLI's --no-cache).
 */
export function prepareEngine(
  pack: Pack,
  cacheDir: string | undefined,
  key: string = modelKey(pack),
): PreparedEngine {
  if (!cacheDir) {
    const model = trainModel(pack);
    return { engine: createEngine(pack, { model }), model, use: { from: "built" } };
  }
  const cached = readCache<ModelSnapshot>(cacheDir, "model", key);
  let miss: string;
  if (cached.ok) {
    try {
      return {
        engine: createEngine(pack, { model: cached.value }),
        model: cached.value,
        use: { from: "cache" },
      };
    } catch (error) {
      miss = `refused by the classifier: ${(error as Error).message}`;
    }
  } else miss = cached.reason;
  const model = trainModel(pack);
  const engine = createEngine(pack, { model });
  const writeError = writeCache(cacheDir, "model", key, model);
  return { engine, model, use: { from: "built", miss, ...(writeError ? { writeError } : {}) } };
}
