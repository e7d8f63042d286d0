/** Small helpers shared by the benchmark runner and its workers: statistics, workers, formatting. */
import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import os from "node:os";
import path from "node:path";

export const REPO = path.resolve(import.meta.dirname, "..");

/** The value below which `p` (0..1) of the samples fall (nearest rank). */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
  return sorted[rank] as number;
}

export function mean(samples: readonly number[]): number {
  return samples.length ? samples.reduce((s, x) => s + x, 0) / samples.length : Number.NaN;
}

/** Milliseconds since `start` (from process.hrtime.bigint()). */
export function msSince(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** CPU time (user + system) of this process in seconds since `start` (from process.cpuUsage()). */
export function cpuSecondsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1e6;
}

export function shortHash(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value)).digest("hex").slice(0, 12);
}

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  platform: string;
  date: string;
  loadAverage: number[];
}

export function machine(): Machine {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? "unknown",
    cores: cpus.length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    date: new Date().toISOString(),
    loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
  };
}

/**
 * Runs `bench/<script>` in a fresh Node process (TypeScript through tsx) and returns the JSON it
 * prints on its last line of stdout. A fresh process per measurement keeps memory figures and JIT
 * state of one classifier from leaking into another's.
 */
export function runWorker<T>(script: string, args: string[], timeoutMs = 10 * 60_000): Promise<T> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ["--expose-gc", "--no-warnings", "--import", "tsx", path.join(REPO, "bench", script), ...args],
      { cwd: REPO, timeout: timeoutMs, maxBuffer: 256 * 2 ** 20 },
      (error, stdout, stderr) => {
        if (error) {
          reject(new Error(`bench/${script} ${args.join(" ")} failed: ${error.message}\n${stderr}`));
          return;
        }
        const last = stdout.trim().split("\n").pop() ?? "";
        try {
          resolve(JSON.parse(last) as T);
        } catch {
          reject(
            new Error(`bench/${script} ${args.join(" ")} printed no JSON result:\n${stdout}\n${stderr}`),
          );
        }
      },
    );
  });
}

/** Runs `tasks` with at most `limit` at a time; results in the order of `tasks`. */
export async function pool<T>(limit: number, tasks: Array<() => Promise<T>>): Promise<T[]> {
  const results = new Array<T>(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await (tasks[i] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

// ---- formatting ---------------------------------------------------------------------------------

export const fmt = {
  ms: (x: number) =>
    !Number.isFinite(x)
      ? "–"
      : x >= 1000
        ? `${(x / 1000).toFixed(1)} s`
        : x >= 100
          ? `${x.toFixed(0)} ms`
          : x >= 1
            ? `${x.toFixed(1)} ms`
            : `${(x * 1000).toFixed(0)} µs`,
  us: (ms: number) => (!Number.isFinite(ms) ? "–" : ms >= 1 ? fmt.ms(ms) : `${(ms * 1000).toFixed(0)} µs`),
  int: (x: number) => (!Number.isFinite(x) ? "–" : Math.round(x).toLocaleString("en-US")),
  pct: (x: number) => (!Number.isFinite(x) ? "–" : `${(x * 100).toFixed(1)}%`),
  mib: (bytes: number) => (!Number.isFinite(bytes) ? "–" : `${(bytes / 2 ** 20).toFixed(0)} MiB`),
  ratio: (x: number) => (!Number.isFinite(x) ? "–" : `${x >= 10 ? x.toFixed(0) : x.toFixed(2)}×`),
  s: (ms: number) => (!Number.isFinite(ms) ? "–" : ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : fmt.ms(ms)),
};

/** A Markdown table; also readable as plain text in a terminal. */
export function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i] as number)).join(" | ")} |`;
  return [line(headers), `| ${widths.map((w) => "-".repeat(w)).join(" | ")} |`, ...rows.map(line)].join("\n");
}
