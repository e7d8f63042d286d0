/** What the ops commands (triage, report, suggest) share: DATA_DIR, TIMEZONE and the pack folders. */
import { type Config, ConfigError, loadDotEnv, parseConfig } from "../config.js";
import { NoDataError, type OpsSource, openReadOnlySource } from "../ops/source.js";
import { resolvePackDirs } from "../pack/dirs.js";
import type { PackDirs } from "../pack/load.js";
import { UsageError } from "./common.js";

/** The pack options without defaults, so the environment can fill them in. */
export const OPS_PACK_OPTIONS = {
  pack: { type: "string" },
  intents: { type: "string" },
  replies: { type: "string" },
} as const;

/** The app's configuration for a CLI command: `.env`, then the environment; a bad value is a usage error. */
export function cliConfig(): Config {
  loadDotEnv();
  try {
    return parseConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) throw new UsageError(error.message);
    throw error;
  }
}

/** Flag, then environment (.env), then default — validated by the same schema as the app's config. */
export function opsEnvironment(values: { pack?: string; intents?: string; replies?: string }): {
  dataDir: string;
  databaseUrl: string | undefined;
  timezone: string;
  dirs: PackDirs;
} {
  const config = cliConfig();
  return {
    dataDir: config.DATA_DIR,
    databaseUrl: config.DATABASE_URL,
    timezone: config.TIMEZONE,
    dirs:
      values.pack !== undefined
        ? resolvePackDirs(values)
        : {
            intentsDir: values.intents ?? config.INTENTS_DIR,
            repliesDir: values.replies ?? config.REPLIES_DIR,
          },
  };
}

/** Opens the database for reading, next to a running app; a missing database is the user's to fix, not a crash. */
export async function openDataForReading(dataDir: string, databaseUrl?: string): Promise<OpsSource> {
  try {
    return await openReadOnlySource(dataDir, databaseUrl);
  } catch (err) {
    if (err instanceof NoDataError) throw new UsageError(err.message);
    throw err;
  }
}
