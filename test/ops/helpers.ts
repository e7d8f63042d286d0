import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Actor } from "../../src/cases/types.js";
import { parseConfig } from "../../src/config.js";
import { createRuntime, type Runtime } from "../../src/runtime.js";
import { CARE_INTENTS, CARE_PACK, CARE_REPLIES } from "../support/care-pack.js";

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

/** The real runtime over the care fixture pack (test/fixtures/care), on `dataDir`, with the given clock. */
export function openRuntime(
  dataDir: string,
  clock: () => Date,
  env: Record<string, string> = {},
): Promise<Runtime> {
  const config = parseConfig({
    DATA_DIR: dataDir,
    INTENTS_DIR: CARE_INTENTS,
    REPLIES_DIR: CARE_REPLIES,
    TIMEZONE: "Asia/Seoul",
    ...env,
  });
  return createRuntime(config, { clock });
}

/**
 * Copies a pack's intents/ and replies/ into `dir` and returns their paths: the care fixture pack,
 * or `from` (DEFAULT_PACK from ../support/care-pack.js for tests of the repository's own pack).
 */
export function copyPack(dir: string, from: string = CARE_PACK): { intentsDir: string; repliesDir: string } {
  const intentsDir = path.join(dir, "intents");
  const repliesDir = path.join(dir, "replies");
  fs.cpSync(path.join(from, "intents"), intentsDir, { recursive: true });
  fs.cpSync(path.join(from, "replies"), repliesDir, { recursive: true });
  return { intentsDir, repliesDir };
}

export const minho: Actor = { id: "minho", name: "Minho", via: "console" };
