import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Actor } from "../../src/cases/types.js";
import { parseConfig } from "../../src/config.js";
import { createRuntime, type Runtime } from "../../src/runtime.js";

export const REPO = path.resolve(import.meta.dirname, "../..");

/** A fresh real temp directory, removed by `cleanup`. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sincerely-"));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** A clock the test moves by hand. */
export function manualClock(start: string | Date) {
  let now = new Date(start);
  return {
    now: () => new Date(now),
    set(at: string | Date) {
      now = new Date(at);
    },
    advance(minutes: number) {
      now = new Date(now.getTime() + minutes * 60_000);
    },
  };
}

/** The real runtime over the repo's pack, on `dataDir`, with the given clock. */
export function openRuntime(
  dataDir: string,
  clock: () => Date,
  env: Record<string, string> = {},
): Promise<Runtime> {
  const config = parseConfig({
    DATA_DIR: dataDir,
    INTENTS_DIR: path.join(REPO, "intents"),
    REPLIES_DIR: path.join(REPO, "replies"),
    TIMEZONE: "Asia/Seoul",
    ...env,
  });
  return createRuntime(config, { clock });
}

/** Copies the repo's intents/ and replies/ into `dir` and returns their paths. */
export function copyPack(dir: string): { intentsDir: string; repliesDir: string } {
  const intentsDir = path.join(dir, "intents");
  const repliesDir = path.join(dir, "replies");
  fs.cpSync(path.join(REPO, "intents"), intentsDir, { recursive: true });
  fs.cpSync(path.join(REPO, "replies"), repliesDir, { recursive: true });
  return { intentsDir, repliesDir };
}

export const minho: Actor = { id: "minho", name: "Minho", via: "console" };
