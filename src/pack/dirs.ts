/**
 * Where a pack's files are. A pack is a folder: DIR/intents, DIR/replies and, optionally, test
 * sentences in DIR/tests (the repository's own pack keeps them in DIR/test/intents).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";

export interface PackDirs {
  intentsDir: string;
  repliesDir: string;
  /** Test sentences; none when undefined or empty, skipped when the folder does not exist. */
  testsDir?: string;
}

/** The folders of the pack in `dir`. */
export function packFolder(dir: string): Required<PackDirs> {
  const tests = join(dir, "tests");
  return {
    intentsDir: join(dir, "intents"),
    repliesDir: join(dir, "replies"),
    testsDir: existsSync(tests) ? tests : join(dir, "test", "intents"),
  };
}

export interface PackLocation {
  /** The pack folder (default: the current folder, the repository's own pack). */
  pack?: string;
  /** Override the pack's intents folder. */
  intents?: string;
  /** Override the pack's replies folder. */
  replies?: string;
  /** Override where test sentences come from ("" for none). */
  tests?: string;
}

/**
 * The folders for --pack / --intents / --replies / --tests (or PACK_DIR / INTENTS_DIR / REPLIES_DIR).
 * With --intents or --replies the files come from elsewhere than the pack folder, so the pack's test
 * sentences are not taken unless --tests says where they are: they would test another pack.
 */
export function resolvePackDirs(location: PackLocation): PackDirs {
  const folder = packFolder(location.pack ?? ".");
  const elsewhere = location.intents !== undefined || location.replies !== undefined;
  return {
    intentsDir: location.intents ?? folder.intentsDir,
    repliesDir: location.replies ?? folder.repliesDir,
    testsDir: location.tests ?? (elsewhere ? undefined : folder.testsDir),
  };
}
