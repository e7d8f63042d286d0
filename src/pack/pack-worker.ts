/**
 * The pack worker (a worker_threads thread): reads, checks and trains a changed pack so that the
 * app's event loop never waits for it. It answers each request with the pack and its trained model
 * as plain data; the model's typed arrays are transferred, not copied. See pack-worker-client.ts.
 *
 * The model's long string lists (its vocabulary, example texts, known words: over 100,000 strings
 * for a 10,000-example pack) are not in the answer itself. Receiving a message deserializes all of it
 * in one turn of the main thread's event loop, and those strings, with the garbage collection they
 * cause, were most of a 100 ms stall. They go ahead, in slices, on a second port that the main
 * thread reads one slice per turn (receiveMessageOnPort), so requests are answered in between.
 */
import { type MessagePort, parentPort, workerData } from "node:worker_threads";
import type { ModelSnapshot } from "../core/classifier.js";
import type { Problem } from "../core/problems.js";
import type { Pack } from "../core/types.js";
import type { BuildOrigin } from "./build-engine.js";
import { buildEngine } from "./build-engine.js";
import type { PackDirs } from "./load.js";

export interface PackWorkerRequest {
  id: number;
  dirs: PackDirs;
  cacheDir?: string;
  /** The running engine's classifier identity (see build-engine.ts). */
  running?: string;
}

export type PackWorkerResponse = { id: number } & (
  | {
      ok: true;
      pack: Pack;
      /** Absent when the running engine's classifier fits the new pack. */
      model?: ModelSnapshot;
      /** How many ModelSlices of the model's string lists wait on the bulk port (see sliceModel). */
      slices?: number;
      classifier: string;
      origin: BuildOrigin;
      problems: Problem[];
    }
  | { ok: false; problems: Problem[] }
);

/** The model's string lists that travel in slices, and how many strings a slice holds. */
export const SLICED_FIELDS = ["features", "exampleTexts", "knownWords"] as const;
export const SLICE_SIZE = 8_000;

export interface ModelSlice {
  id: number;
  field: (typeof SLICED_FIELDS)[number];
  items: string[];
}

/**
 * Posts the model's string lists to `bulk` in slices and returns the model without them (those lists
 * empty) and the number of slices posted. The receiver appends the slices, in order, to the lists.
 */
export function sliceModel(
  id: number,
  model: ModelSnapshot,
  bulk: MessagePort,
): { model: ModelSnapshot; slices: number } {
  let slices = 0;
  const rest: ModelSnapshot = { ...model };
  for (const field of SLICED_FIELDS) {
    const items = model[field];
    for (let from = 0; from < items.length; from += SLICE_SIZE) {
      const slice: ModelSlice = { id, field, items: items.slice(from, from + SLICE_SIZE) };
      bulk.postMessage(slice);
      slices++;
    }
    rest[field] = [];
  }
  return { model: rest, slices };
}

/** The ArrayBuffers under the model's typed arrays (each once), to move instead of copying. */
export function transferables(value: unknown, depth = 2, found = new Set<ArrayBuffer>()): ArrayBuffer[] {
  if (ArrayBuffer.isView(value)) {
    if (value.buffer instanceof ArrayBuffer) found.add(value.buffer);
  } else if (value && typeof value === "object" && depth > 0 && !Array.isArray(value)) {
    for (const v of Object.values(value)) transferables(v, depth - 1, found);
  }
  return [...found];
}

const port = parentPort;
const bulk = (workerData as { bulk?: MessagePort } | undefined)?.bulk;
if (port) {
  port.on("message", (request: PackWorkerRequest) => {
    const build = buildEngine(request.dirs, {
      ...(request.cacheDir ? { cacheDir: request.cacheDir } : {}),
      ...(request.running ? { running: request.running } : {}),
    });
    const sliced =
      build.ok && build.trained && bulk ? sliceModel(request.id, build.trained.model, bulk) : undefined;
    const model = sliced?.model ?? (build.ok ? build.trained?.model : undefined);
    const response: PackWorkerResponse = build.ok
      ? {
          id: request.id,
          ok: true,
          pack: build.pack,
          ...(model ? { model } : {}),
          ...(sliced ? { slices: sliced.slices } : {}),
          classifier: build.classifier,
          origin: build.origin,
          problems: build.problems,
        }
      : { id: request.id, ok: false, problems: build.problems };
    try {
      port.postMessage(response, build.ok && build.trained ? transferables(build.trained.model) : []);
    } catch {
      // A buffer that cannot be moved (e.g. shared with Node's pool) is copied instead.
      port.postMessage(response);
    }
  });
}
