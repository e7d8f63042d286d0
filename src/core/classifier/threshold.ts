/**
 * The confidence threshold chosen by cross-validation on a pack's examples: each example classified by
 * a classifier trained without it, and each threshold scored by the accuracy it would give, the
 * fallback intent (`unknown`, with its own examples of chit-chat) included. A pack sets `threshold:`
 * in settings.yaml to override it.
 */

/** The fold of an intent's i-th example: the same split as `sincerely eval --cv K`. */
export function foldOf(intent: string, i: number, k: number): number {
  return (i * 7 + intent.length) % k;
}

export interface Outcome {
  intent: string;
  /** The best-scoring intent, whatever the threshold. */
  guess: string;
  /** Its probability. */
  top: number;
}

export interface ThresholdChoice {
  /** The threshold with the best cross-validated accuracy, averaged over ±SMOOTHING steps (the middle of the best range). */
  threshold: number;
  accuracy: number;
  /** Accuracy at each threshold tried, 0 to MAX in steps of 0.01. */
  curve: Array<{ threshold: number; accuracy: number }>;
  /** Whether the folds' own choice lay above CHOSEN_MAX, which was used instead. */
  capped: boolean;
}

/** Folds used when the classifier chooses its own threshold. */
export const THRESHOLD_FOLDS = 5;
/** Steps (of 0.01) each side that the accuracy curve is averaged over before choosing. */
const SMOOTHING = 3;
/** The curve goes up to this: a threshold so high would send most mentions to a human. */
const MAX = 0.6;
/**
 * The highest threshold chosen without the pack asking (settings `threshold:`). On the held-out files
 * of all eleven small packs, accuracy is flat up to about 0.2-0.25 and mostly falls after: up to −6 points
 * at 0.3 and up to −15 at 0.4 (one pack gains 2.5 at 0.3), while the chit-chat caught gains less
 * (docs/accuracy-history.md, thirteenth session).
 */
const CHOSEN_MAX = 0.3;

export function thresholdFromOutcomes(outcomes: readonly Outcome[], fallback: string): ThresholdChoice {
  const curve = Array.from({ length: Math.round(MAX * 100) + 1 }, (_, i) => {
    const threshold = i / 100;
    const correct = outcomes.filter((o) => (o.top < threshold ? fallback : o.guess) === o.intent).length;
    return { threshold, accuracy: outcomes.length ? correct / outcomes.length : 0 };
  });
  // The curve of a small pack moves in steps of one example: smoothed over its neighbours
  // (SMOOTHING steps each side), the choice is a range that does well, not a lucky single step.
  const smoothed = curve.map((_, i) => {
    const window = curve.slice(Math.max(0, i - SMOOTHING), i + SMOOTHING + 1);
    return window.reduce((sum, c) => sum + c.accuracy, 0) / window.length;
  });
  const best = Math.max(...smoothed);
  const top = curve.filter((_, i) => (smoothed[i] as number) >= best - 1e-9);
  const middle = top[Math.floor((top.length - 1) / 2)] as { threshold: number; accuracy: number };
  // Never above CHOSEN_MAX by itself: fresh mentions are less sure than the examples, whose own
  // keywords and descriptions trained every fold, so a threshold the folds like at 0.47 sends real
  // mentions to `unknown` (a nearly flat curve is topped by one lucky example).
  const chosen =
    middle.threshold > CHOSEN_MAX ? (curve[Math.round(CHOSEN_MAX * 100)] as typeof middle) : middle;
  return { threshold: chosen.threshold, accuracy: chosen.accuracy, curve, capped: chosen !== middle };
}
