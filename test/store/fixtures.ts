import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { Case } from "../../src/cases/types.js";
import { caseRow, newCaseId } from "../../src/store/case-store.js";
import type { CasesTable } from "../../src/store/schema.js";

/** A fresh, real temp directory (removed by the returned cleanup). */
export function tempDir(prefix = "sincerely-store-"): { dir: string; cleanup: () => void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  return { dir, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/** A minimal pending case created at `createdAt`. */
export function makeCase(createdAt: string, overrides: Partial<Case> = {}): Case {
  const at = new Date(createdAt);
  return {
    id: newCaseId(at),
    version: 1,
    createdAt: at.toISOString(),
    source: { kind: "console" },
    mention: { text: "아이폰 언제 와요?", handle: "kim" },
    classification: {
      intent: "delivery-delay",
      confidence: 0.8,
      alternatives: [],
      evidence: [],
      ambiguous: false,
      bestGuess: "delivery-delay",
      language: "ko",
    },
    intent: "delivery-delay",
    department: "logistics",
    draft: {
      text: "확인 후 연락드리겠습니다.",
      length: 26,
      language: "ko",
      variant: "default#0",
      edited: false,
    },
    state: "pending",
    events: [{ at: at.toISOString(), actor: { id: "U1", via: "console" }, type: "created" }],
    ...overrides,
  };
}

/**
 * A cases row as the schema had it before migration 0007 (no classified_intent), for tests that
 * start from an older schema and migrate.
 */
export function caseRowBefore0007(c: Case, seq: number, now: string): Omit<CasesTable, "classified_intent"> {
  const { classified_intent: _, ...row } = caseRow(c, seq, now);
  return row;
}
