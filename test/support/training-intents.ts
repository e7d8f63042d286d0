import type { TrainingIntent } from "../../src/core/classifier.js";

/** A training intent of examples alone (no negative examples, no keywords): a small in-test pack's. */
export function examplesOnly(id: string, examples: string[]): TrainingIntent {
  return { id, examples, negativeExamples: [], keywords: [] };
}
