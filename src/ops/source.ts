/**
 * What the report and `suggest` read: cases and small kv documents. From a running app this is the
 * runtime's store; from the command line it is the same database opened by another process, which
 * SQLite (WAL: readers never block the writer) and PostgreSQL both allow.
 */
import fs from "node:fs";
import path from "node:path";
import type { Case } from "../cases/types.js";
import type { Runtime } from "../runtime.js";
import type { ReportFigures, ReportQuery } from "../store/case-figures.js";
import { SQLITE_FILE } from "../store/db.js";
import { type CaseFilter, openStore } from "../store/index.js";
import type { SurgeData } from "./surge.js";

export interface OpsSource {
  listCases(filter?: CaseFilter): Promise<Case[]>;
  /** The daily report's aggregates, computed by the database. */
  reportFigures(query: ReportQuery): Promise<ReportFigures>;
  /** Decided cases per classified intent, and how many kept it (precision). */
  decisionCounts(query: {
    createdSince: Date;
    from: Date;
    to: Date;
  }): Promise<Array<{ intent: string; decided: number; kept: number }>>;
  /** The surges (active and recently ended), as the monitor stores them. */
  readSurges(): Promise<SurgeData>;
  /** A copy of the kv document `name` (the defaults when it does not exist yet). */
  readKv<T extends object>(name: string, defaults: T): Promise<T>;
  close(): Promise<void>;
}

export class NoDataError extends Error {
  override readonly name = "NoDataError";
}

export const sourceMessages = {
  noData: (dataDir: string) =>
    `DATA_DIR ${dataDir} has no cases yet (no ${path.join(dataDir, SQLITE_FILE)}). Set DATA_DIR to the folder the app uses, or DATABASE_URL to its database.`,
} as const;

/** The running app's store. */
export function runtimeSource(runtime: Pick<Runtime, "cases" | "store">): OpsSource {
  return {
    listCases: (filter) => runtime.cases.list(filter),
    reportFigures: (query) => runtime.store.figures.reportFigures(query),
    readSurges: () => runtime.store.surges.read(),
    decisionCounts: (query) => runtime.store.figures.decisionCounts(query),
    readKv: (name, defaults) => runtime.store.kv(name, defaults).read(),
    close: async () => {},
  };
}

/** The app's database opened from the command line (`report`, `suggest`), next to a running app. */
export async function openReadOnlySource(dataDir: string, databaseUrl?: string): Promise<OpsSource> {
  if (!databaseUrl && !fs.existsSync(path.join(path.resolve(dataDir), SQLITE_FILE)))
    throw new NoDataError(sourceMessages.noData(dataDir));
  const store = await openStore(dataDir, { databaseUrl });
  return {
    listCases: (filter) => store.cases.list(filter),
    reportFigures: (query) => store.figures.reportFigures(query),
    readSurges: () => store.surges.read(),
    decisionCounts: (query) => store.figures.decisionCounts(query),
    readKv: (name, defaults) => store.kv(name, defaults).read(),
    close: () => store.close(),
  };
}
