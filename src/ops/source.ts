/**
 * What the report and `suggest` read: cases and small kv documents. From a running app this is the
 * runtime's store; from the command line it is a read-only view of DATA_DIR that takes no lock.
 *
 * Reading without the lock is safe here: lowdb (steno) writes every file to a temp file and renames it
 * over the old one, so a reader sees either the old or the new version of a file, never half of one.
 * The read-only view never writes, so it cannot undo the app's changes, which is what the lock is for.
 */
import fs from "node:fs";
import path from "node:path";
import type { Case } from "../cases/types.js";
import type { Runtime } from "../runtime.js";
import { type CaseFilter, CaseStore } from "../store/index.js";

export interface OpsSource {
  listCases(filter?: CaseFilter): Promise<Case[]>;
  /** A copy of `DATA_DIR/<name>.json` (the defaults when it does not exist yet). */
  readKv<T extends object>(name: string, defaults: T): Promise<T>;
  close(): Promise<void>;
}

export class NoDataError extends Error {
  override readonly name = "NoDataError";
}

export const sourceMessages = {
  noData: (dataDir: string) =>
    `DATA_DIR ${dataDir} has no cases yet (no ${path.join(dataDir, "cases")} folder). Set DATA_DIR to the folder the app uses.`,
  malformed: (file: string, detail: string) =>
    `${file} is not valid JSON (${detail}); fix or move it, then try again.`,
} as const;

/** The running app's store (through the runtime, so reads see the app's own unflushed state). */
export function runtimeSource(runtime: Pick<Runtime, "cases" | "store">): OpsSource {
  return {
    listCases: (filter) => runtime.cases.list(filter),
    readKv: (name, defaults) => runtime.store.kv(name, defaults).read(),
    close: async () => {},
  };
}

/** A read-only view of DATA_DIR that does not take the lock: for `report` and `suggest` next to a running app. */
export async function openReadOnlySource(dataDir: string): Promise<OpsSource> {
  const root = path.resolve(dataDir);
  if (!fs.existsSync(path.join(root, "cases"))) throw new NoDataError(sourceMessages.noData(dataDir));
  const cases = await CaseStore.open(root);
  return {
    listCases: (filter) => cases.list(filter),
    async readKv<T extends object>(name: string, defaults: T): Promise<T> {
      const file = path.join(root, `${name}.json`);
      let text: string;
      try {
        text = await fs.promises.readFile(file, "utf8");
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") return structuredClone(defaults);
        throw err;
      }
      let data: unknown;
      try {
        data = JSON.parse(text);
      } catch (err) {
        throw new Error(sourceMessages.malformed(file, (err as Error).message));
      }
      if (typeof data !== "object" || data === null || Array.isArray(data)) {
        throw new Error(sourceMessages.malformed(file, "expected a JSON object"));
      }
      return { ...structuredClone(defaults), ...(data as T) };
    },
    close: () => cases.close(),
  };
}
