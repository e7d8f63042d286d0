/**
 * Cross-validation figures for the intents page. Training k classifiers takes seconds of CPU, so it
 * never runs in the request: `sincerely eval --cv 5 --json` runs in a child process for the pack
 * folders in use, and the page shows "computing…" until it is done. The result is kept per loaded
 * pack (EngineHolder.loadedAt): a reload makes the next visit compute the new pack's figures.
 *
 * The child reads the files on disk, which are the loaded pack's files: loadedAt only changes when a
 * reload of those files succeeded.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Evaluation } from "../core/evaluate.js";
import type { EngineHolder } from "../pack/holder.js";
import type { PackDirs } from "../pack/load.js";

/** The same k the README uses for `sincerely eval --cv 5`. */
export const CV_FOLDS = 5;

/** The project root (this file is src/console/cross-validation.ts). */
export const PROJECT_ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** A run longer than this is stopped and reported as failed (a busy machine takes ~10 s). */
const TIMEOUT_MS = 5 * 60_000;
/** stderr lines kept for the error message. */
const ERROR_LINES = 12;

export type CvState =
  | { status: "computing"; startedAt: Date }
  | { status: "done"; evaluation: Evaluation; startedAt: Date; finishedAt: Date }
  | { status: "failed"; error: string; startedAt: Date; finishedAt: Date };

/** Computes the evaluation for the pack in `dirs`; rejects with a message a maintainer can act on. */
export type CvCompute = (dirs: PackDirs, folds: number, signal: AbortSignal) => Promise<Evaluation>;

/** Runs `node_modules/.bin/tsx src/cli.ts eval --cv K --json` from the project root. */
export const evalInChildProcess: CvCompute = (dirs, folds, signal) => {
  const tsx = path.join(PROJECT_ROOT, "node_modules", ".bin", "tsx");
  const cli = path.join(PROJECT_ROOT, "src", "cli.ts");
  const args = [
    cli,
    "eval",
    "--cv",
    String(folds),
    "--json",
    `--intents=${path.resolve(dirs.intentsDir)}`,
    `--replies=${path.resolve(dirs.repliesDir)}`,
    // An empty value loads no test sentences, as the runtime's pack when it has no testsDir.
    `--tests=${dirs.testsDir ? path.resolve(dirs.testsDir) : ""}`,
  ];
  return new Promise((resolve, reject) => {
    execFile(
      tsx,
      args,
      { cwd: PROJECT_ROOT, signal, timeout: TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024, encoding: "utf8" },
      (error, stdout, stderr) => {
        if (error) {
          const detail = stderr.trim().split("\n").slice(-ERROR_LINES).join("\n");
          const why =
            error.name === "AbortError"
              ? "stopped"
              : error.killed
                ? `stopped after ${TIMEOUT_MS / 1000} s`
                : typeof error.code === "number"
                  ? `exit code ${error.code}`
                  : error.message;
          reject(new Error(`sincerely eval --cv ${folds} failed (${why})${detail ? `:\n${detail}` : ""}`));
          return;
        }
        try {
          resolve(parseEvaluation(stdout));
        } catch (parseError) {
          reject(parseError);
        }
      },
    );
  });
};

/** The JSON `eval --json` prints, checked enough that the page can rely on it. */
export function parseEvaluation(stdout: string): Evaluation {
  let data: unknown;
  try {
    data = JSON.parse(stdout);
  } catch {
    throw new Error(`sincerely eval printed something that is not JSON: ${stdout.slice(0, 200)}`);
  }
  const e = data as Partial<Evaluation> | null;
  if (
    !e ||
    typeof e.accuracy !== "number" ||
    typeof e.macroF1 !== "number" ||
    typeof e.total !== "number" ||
    !Array.isArray(e.perIntent) ||
    !Array.isArray(e.labels) ||
    typeof e.confusion !== "object"
  ) {
    throw new Error("sincerely eval printed JSON without the evaluation fields (accuracy, perIntent, …).");
  }
  return e as Evaluation;
}

/**
 * One evaluation per loaded pack, computed in the background. `state()` starts the run for a pack
 * it has not seen and answers at once; only one run is in flight (a newer pack stops the older run).
 */
export class CrossValidationRunner {
  readonly #compute: CvCompute;
  readonly #folds: number;
  #key: string | undefined;
  #state: CvState | undefined;
  #abort: AbortController | undefined;

  constructor(options: { compute?: CvCompute; folds?: number } = {}) {
    this.#compute = options.compute ?? evalInChildProcess;
    this.#folds = options.folds ?? CV_FOLDS;
  }

  get folds(): number {
    return this.#folds;
  }

  /** The figures (or progress, or error) for the holder's current pack; starts computing them if needed. */
  state(holder: Pick<EngineHolder, "dirs" | "loadedAt">, options: { retry?: boolean } = {}): CvState {
    const key = packKey(holder);
    const retry = options.retry && this.#state?.status === "failed";
    if (key !== this.#key || !this.#state || retry) this.#start(key, holder.dirs);
    return this.#state as CvState;
  }

  /** Stops a run in progress (server shutdown). */
  stop(): void {
    this.#abort?.abort();
    this.#abort = undefined;
  }

  #start(key: string, dirs: PackDirs): void {
    this.stop();
    const abort = new AbortController();
    const startedAt = new Date();
    this.#abort = abort;
    this.#key = key;
    this.#state = { status: "computing", startedAt };
    const settle = (state: CvState) => {
      // A newer pack (or stop) took over while this one ran: its result is for nobody.
      if (this.#abort !== abort) return;
      this.#abort = undefined;
      this.#state = state;
    };
    let running: Promise<Evaluation>;
    try {
      running = this.#compute(dirs, this.#folds, abort.signal);
    } catch (error) {
      running = Promise.reject(error);
    }
    running.then(
      (evaluation) => settle({ status: "done", evaluation, startedAt, finishedAt: new Date() }),
      (error: unknown) =>
        settle({
          status: "failed",
          error: error instanceof Error ? error.message : String(error),
          startedAt,
          finishedAt: new Date(),
        }),
    );
  }
}

function packKey(holder: Pick<EngineHolder, "dirs" | "loadedAt">): string {
  const { intentsDir, repliesDir, testsDir } = holder.dirs;
  return JSON.stringify([holder.loadedAt.getTime(), intentsDir, repliesDir, testsDir ?? null]);
}
