/** Runs the real `sincerely` command line in a child process. */
import { spawnSync } from "node:child_process";
import { resolve } from "node:path";

const ROOT = resolve(import.meta.dirname, "../..");
const TSX = resolve(ROOT, "node_modules/.bin/tsx");

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

export function runCli(
  args: string[],
  options: { input?: string; env?: Record<string, string>; cwd?: string } = {},
): CliRun {
  const result = spawnSync(TSX, [resolve(ROOT, "src/cli.ts"), ...args], {
    cwd: options.cwd ?? ROOT,
    input: options.input ?? "",
    env: { ...process.env, ...options.env },
    encoding: "utf8",
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** A command's JSON-lines output (classify, check-reply --json), one object per line. */
export function jsonLines(stdout: string) {
  return stdout
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line));
}
