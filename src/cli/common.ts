import path from "node:path";
import { type ParseArgsConfig, parseArgs } from "node:util";
import type { Engine } from "../core/engine.js";
import { buildPack } from "../core/pack.js";
import { formatProblem, type Problem } from "../core/problems.js";
import type { Pack } from "../core/types.js";
import { buildEngine } from "../pack/build-engine.js";
import { type CacheUse, checkedPack, packCacheDir } from "../pack/cache.js";
import { type PackLocation, resolvePackDirs } from "../pack/dirs.js";
import { type PackDirs, readPackSources } from "../pack/load.js";

/** Thrown for anything the user can fix; printed as one line, never a stack trace. */
export class UsageError extends Error {}

/** The pack options every pack-reading command takes, for its --help. */
export const PACK_OPTIONS_HELP = `Pack: --pack DIR (a folder with intents/, replies/ and optional tests/; default PACK_DIR, else the
current folder), or --intents DIR --replies DIR [--tests DIR]. Trained models are kept in
DATA_DIR/cache (default ./data/cache, from where you run it) and reused while the pack is unchanged;
--no-cache trains afresh and writes nothing.`;

/**
 * How to run this CLI from the current folder, for the commands it suggests: the npm script from the
 * project folder, else node with the entry file's absolute path (the script only works where
 * package.json is).
 */
export function cliCommand(): string {
  const entry = path.resolve(process.argv[1] ?? "bin/sincerely.js");
  if (path.resolve(process.cwd()) === path.resolve(path.dirname(entry), ".."))
    return "npm run --silent sincerely --";
  return `node ${entry}`;
}

export const PACK_OPTIONS = {
  pack: { type: "string" },
  intents: { type: "string" },
  replies: { type: "string" },
  tests: { type: "string" },
  json: { type: "boolean", default: false },
  /** Train the model afresh instead of using (and writing) DATA_DIR/cache. */
  "no-cache": { type: "boolean", default: false },
  help: { type: "boolean", short: "h", default: false },
} as const satisfies ParseArgsConfig["options"];

export function parse<O extends ParseArgsConfig["options"]>(args: string[], options: O) {
  try {
    return parseArgs({
      args,
      options: { ...PACK_OPTIONS, ...options },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** The pack the options name: --pack DIR (else PACK_DIR, else the current folder), --intents/--replies/--tests. */
export function packDirs(values: PackLocation): PackDirs {
  return resolvePackDirs({ ...values, pack: values.pack ?? (process.env.PACK_DIR || undefined) });
}

/**
 * Where the CLI keeps trained models: the app's cache in DATA_DIR (default ./data), so that the CLI
 * and the app train a pack once between them. None with --no-cache.
 */
export function cliCacheDir(values: { "no-cache"?: boolean }, dataDir?: string): string | undefined {
  if (values["no-cache"]) return undefined;
  return packCacheDir(dataDir ?? (process.env.DATA_DIR || "./data"));
}

function exitWithProblems(problems: Problem[]): never {
  for (const p of problems.filter((x) => x.severity === "error"))
    process.stderr.write(`${formatProblem(p)}\n`);
  process.stderr.write("The intent pack has errors; run `sincerely validate` after fixing them.\n");
  process.exit(1);
}

function warnCacheWrite(use: CacheUse): void {
  if (use.writeError)
    process.stderr.write(`sincerely: warning: could not write the cache: ${use.writeError}\n`);
}

/** Loads and validates the pack, or stops with the problems listed as file:line: message. */
export function loadPackOrExit(dirs: PackDirs, cacheDir?: string): Pack {
  const { build, use } = checkedPack(readPackSources(dirs), cacheDir, buildPack);
  if (!build.pack) exitWithProblems(build.problems);
  warnCacheWrite(use);
  return build.pack;
}

/**
 * loadPackOrExit, and the engine over it. The checked pack and the model come from `cacheDir` when
 * it holds this pack's (see pack/cache.ts), else are built (and cached there).
 */
export function loadEngineOrExit(dirs: PackDirs, cacheDir: string | undefined): Engine {
  const build = buildEngine(dirs, cacheDir ? { cacheDir } : {});
  if (!build.ok || !build.trained) exitWithProblems(build.problems);
  warnCacheWrite(build.origin.pack);
  warnCacheWrite(build.origin.model);
  return build.trained.engine;
}

/** Reads standard input as lines without holding more than one line at a time. */
export async function* stdinLines(): AsyncGenerator<string> {
  const { createInterface } = await import("node:readline");
  const rl = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of rl) yield line;
}
