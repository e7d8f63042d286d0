/**
 * Cross-validation figures for the intents page. Training k classifiers takes seconds, so it runs
 * only when the page is first opened for a loaded pack, and the result is kept for that pack
 * object: a reload builds a new pack, which gets its own figures on the next visit.
 */
import { crossValidate, type Evaluation } from "../core/evaluate.js";
import type { Pack } from "../core/types.js";

/** The same k the README uses for `sincerely eval --cv 5`. */
export const CV_FOLDS = 5;

const cache = new WeakMap<Pack, Evaluation>();

export function crossValidation(
  pack: Pack,
  compute: (p: Pack, k: number) => Evaluation = crossValidate,
): Evaluation {
  let evaluation = cache.get(pack);
  if (!evaluation) {
    evaluation = compute(pack, CV_FOLDS);
    cache.set(pack, evaluation);
  }
  return evaluation;
}
