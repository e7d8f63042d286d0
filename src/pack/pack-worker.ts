/**
 * The pack worker (a worker_threads thread): reads, checks and trains a changed pack so that the
 * app's event loop never waits for it. It answers each request with the pack and its trained model
 * as plain data; the model's typed arrays are transferred, not copied. See pack-worker-client.ts.
 */
import { parentPort } from "node:worker_threads";
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
      classifier: string;
      origin: BuildOrigin;
      problems: Problem[];
    }
  | { ok: false; problems: Problem[] }
);

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
if (port) {
  port.on("message", (request: PackWorkerRequest) => {
    const build = buildEngine(request.dirs, {
      ...(request.cacheDir ? { cacheDir: request.cacheDir } : {}),
      ...(request.running ? { running: request.running } : {}),
    });
    const response: PackWorkerResponse = build.ok
      ? {
          id: request.id,
          ok: true,
          pack: build.pack,
          ...(build.trained ? { model: build.trained.model } : {}),
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
