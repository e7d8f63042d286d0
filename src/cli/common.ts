import { type ParseArgsConfig, parseArgs } from "node:util";
import { createEngine, type Engine } from "../core/engine.js";
import { formatProblem } from "../core/problems.js";
import { type PackLocation, resolvePackDirs } from "../pack/dirs.js";
import { loadPack, type PackDirs } from "../pack/load.js";

/** Thrown for anything the user can fix; printed as one line, never a stack trace. */
export class UsageError extends Error {}

export const PACK_OPTIONS = {
  pack: { type: "string" },
  intents: { type: "string" },
  replies: { type: "string" },
  tests: { type: "string" },
  json: { type: "boolean", default: false },
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

/** Loads and validates the pack, or stops with the problems listed as file:line: message. */
export function loadEngineOrExit(dirs: PackDirs): Engine {
  const build = loadPack(dirs);
  if (!build.pack) {
    for (const p of build.problems.filter((x) => x.severity === "error"))
      process.stderr.write(`${formatProblem(p)}\n`);
    process.stderr.write("The intent pack has errors; run `sincerely validate` after fixing them.\n");
    process.exit(1);
  }
  return createEngine(build.pack);
}

/** Reads standard input as lines without holding more than one line at a time. */
export async function* stdinLines(): AsyncGenerator<string> {
  const { createInterface } = await import("node:readline");
  const rl = createInterface({ input: process.stdin, crlfDelay: Number.POSITIVE_INFINITY });
  for await (const line of rl) yield line;
}
