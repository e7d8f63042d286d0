/** Reads the pack's data files from disk; all checking happens in core/pack.ts. */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { buildPack, type PackBuild, type PackSources } from "../core/pack.js";
import type { SourceFile } from "../core/yaml-source.js";

import { type PackDirs, resolvePackDirs } from "./dirs.js";

export type { PackDirs } from "./dirs.js";

/** The repository's own pack, from the current folder. */
export const DEFAULT_DIRS: PackDirs = resolvePackDirs({});

function readYamlFiles(dir: string, required: boolean): SourceFile[] {
  if (!existsSync(dir)) {
    if (required)
      throw new Error(
        `${dir}: folder not found. Pass --pack DIR (a folder with intents/ and replies/), or run from the project folder.`,
      );
    return [];
  }
  return readdirSync(dir)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => {
      const path = join(dir, name);
      return { path: relative(process.cwd(), path) || path, text: readFileSync(path, "utf8") };
    });
}

export function readPackSources(dirs: PackDirs): PackSources {
  return {
    intents: readYamlFiles(dirs.intentsDir, true),
    replies: readYamlFiles(dirs.repliesDir, true),
    tests: dirs.testsDir ? readYamlFiles(dirs.testsDir, false) : [],
  };
}

export function loadPack(dirs: PackDirs = DEFAULT_DIRS): PackBuild {
  return buildPack(readPackSources(dirs));
}
