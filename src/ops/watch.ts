/**
 * Live reload of the data files: an edit under intents/ or replies/ reloads the pack within a second,
 * without a restart. A broken file is reported (file and line) and the last good pack keeps serving;
 * EngineHolder.reload() only swaps in a pack without errors, and builds it in the pack worker, so
 * requests are answered meanwhile. Saves in a row (debounced, and coalesced by the holder while a
 * build runs) cost one rebuild.
 */
import fs from "node:fs";
import { formatProblem, type Problem } from "../core/problems.js";
import type { EngineHolder, ReloadResult } from "../pack/holder.js";

export interface PackWatcherOptions {
  holder: Pick<EngineHolder, "dirs" | "reload">;
  /**
   * Told about a reload that failed, with its errors (the Slack app posts them to OPS_CHANNEL_ID;
   * the console shows runtime.engines.problems). The same problems are reported once, not on every save.
   */
  report?: (problems: Problem[]) => void | Promise<void>;
  /** Every reload, good or bad. */
  onReload?: (result: ReloadResult) => void;
  debounceMs?: number;
  /** Where a one-line summary of each reload goes; console.log by default. */
  log?: (line: string) => void;
}

export interface PackWatcher {
  close(): void;
}

export function watchPack(options: PackWatcherOptions): PackWatcher {
  const { holder } = options;
  const debounceMs = options.debounceMs ?? 300;
  const log = options.log ?? ((line: string) => console.log(line));
  let timer: NodeJS.Timeout | undefined;
  let lastReported = "";
  let closed = false;

  const reload = async () => {
    timer = undefined;
    if (closed) return;
    const result = await holder.reload();
    if (closed) return;
    const errors = result.problems.filter((p) => p.severity === "error");
    if (result.ok) {
      lastReported = "";
      log(
        `Sincerely: data files changed; the pack was reloaded${result.origin.model.from === "built" ? "" : ` (model ${result.origin.model.from === "running" ? "unchanged, kept" : "from the cache"})`}.`,
      );
    } else {
      log(
        `Sincerely: data files changed but have errors; still using the last good pack.\n${errors.map(formatProblem).join("\n")}`,
      );
      const signature = errors.map(formatProblem).join("\n");
      if (signature !== lastReported) {
        lastReported = signature;
        Promise.resolve(options.report?.(errors)).catch((err) =>
          log(`Sincerely: reporting the pack errors failed: ${String(err)}`),
        );
      }
    }
    options.onReload?.(result);
  };

  const schedule = (filename: string | null) => {
    // Editors write temp and swap files (.swp, ~, 4913); only YAML changes matter.
    if (filename && !/\.ya?ml$/i.test(filename)) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void reload(), debounceMs);
    timer.unref();
  };

  const dirs = [holder.dirs.intentsDir, holder.dirs.repliesDir];
  const watchers = dirs.map((dir) => {
    // Watching the folder (not each file) also sees files replaced by rename, as most editors save.
    const watcher = fs.watch(dir, { persistent: false }, (_event, filename) => schedule(filename));
    watcher.on("error", (err) => log(`Sincerely: stopped watching ${dir}: ${err.message}`));
    return watcher;
  });

  return {
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      for (const w of watchers) w.close();
    },
  };
}
