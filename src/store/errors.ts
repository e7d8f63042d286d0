/**
 * Every message the store can show a person, in one place so tests can import and compare them.
 * Each says what happened and what to do about it.
 */

export type StoreErrorCode =
  | "locked"
  | "malformed"
  | "closed"
  | "duplicate-id"
  | "invalid-case"
  | "lock-lost"
  | "not-found"
  | "legacy-data";

export class StoreError extends Error {
  override readonly name = "StoreError";
  readonly code: StoreErrorCode;
  /** The file the error is about, when there is one. */
  readonly file?: string;

  constructor(code: StoreErrorCode, message: string, options?: { file?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    if (options?.file !== undefined) this.file = options.file;
  }
}

export const storeMessages = {
  locked: (dataDir: string, owner?: { pid: number; since: string }) =>
    owner
      ? `DATA_DIR ${dataDir} is in use by another Sincerely process (pid ${owner.pid}, since ${owner.since}). Stop it or set DATA_DIR to another folder.`
      : `DATA_DIR ${dataDir} is in use by another Sincerely process. Stop it or set DATA_DIR to another folder.`,
  lockLost: (dataDir: string, detail: string) =>
    `Lost the lock on DATA_DIR ${dataDir} (${detail}). Another process may be writing to it; Sincerely stops here to protect the data. Make sure only one Sincerely process uses ${dataDir}, then start again.`,
  malformed: (file: string, detail: string) =>
    `${file} is not a valid Sincerely data file (${detail}). Sincerely will not overwrite it: fix it by hand or move it out of the way, then start again.`,
  closed: (what: string) => `The ${what} is closed; open the store again before using it.`,
  caseNotFound: (id: string) => `No case with id ${id}.`,
  duplicateId: (id: string) => `A case with id ${id} already exists.`,
  badCaseId: (id: string, createdAt: string) =>
    `Case id ${id} does not match its creation date ${createdAt}: the id must encode the UTC day it was created on.`,
  legacyDataDir: (dataDir: string) =>
    `DATA_DIR ${dataDir} holds cases in the old JSON day files (cases/YYYY-MM-DD.json): run \`npm run --silent sincerely -- db import ${dataDir}\` once to move them into the database, then start again.`,
  badKvName: (name: string) =>
    `"${name}" is not a valid store name: use lowercase letters, digits and dashes (e.g. status, dedupe).`,
} as const;
