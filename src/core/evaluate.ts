/** Accuracy, macro-F1, per-intent precision/recall and a confusion matrix; k-fold cross-validation. */
import { foldOf, type ThresholdChoice, thresholdFromOutcomes } from "./classifier/threshold.js";
import { type ClassifierOptions, IntentClassifier, mulberry32, trainingIntents } from "./classifier.js";
import type { Engine } from "./engine.js";
import type { Pack } from "./types.js";

export type { ThresholdChoice } from "./classifier/threshold.js";

export interface Labeled {
  text: string;
  intent: string;
}

export interface IntentMetrics {
  intent: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface Evaluation {
  total: number;
  accuracy: number;
  macroF1: number;
  perIntent: IntentMetrics[];
  /** confusion[expected][predicted] = count */
  confusion: Record<string, Record<string, number>>;
  labels: string[];
  mistakes: Array<Classified>;
}

/**
 * A labelled mention as classified. `belowThreshold` when the answer is the fallback only because the
 * best intent's confidence was under the threshold: which intent that was, and how sure.
 */
export type Classified = Labeled & {
  predicted: string;
  confidence: number;
  belowThreshold?: { guess: string; confidence: number };
};

export function score(results: Array<Classified>, labels: string[]): Evaluation {
  const all = [...new Set([...labels, ...results.map((r) => r.intent), ...results.map((r) => r.predicted)])];
  const confusion: Record<string, Record<string, number>> = {};
  for (const a of all) confusion[a] = Object.fromEntries(all.map((b) => [b, 0]));
  for (const r of results) {
    const row = confusion[r.intent] as Record<string, number>;
    row[r.predicted] = (row[r.predicted] ?? 0) + 1;
  }
  const perIntent = all
    .filter((intent) => results.some((r) => r.intent === intent))
    .map((intent) => {
      const tp = confusion[intent]?.[intent] ?? 0;
      const predicted = all.reduce((sum, other) => sum + (confusion[other]?.[intent] ?? 0), 0);
      const support = results.filter((r) => r.intent === intent).length;
      const precision = predicted ? tp / predicted : 0;
      const recall = support ? tp / support : 0;
      const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
      return { intent, precision, recall, f1, support };
    });
  const correct = results.filter((r) => r.intent === r.predicted).length;
  return {
    total: results.length,
    accuracy: results.length ? correct / results.length : 0,
    macroF1: perIntent.length ? perIntent.reduce((s, m) => s + m.f1, 0) / perIntent.length : 0,
    perIntent,
    confusion,
    labels: all,
    mistakes: results.filter((r) => r.intent !== r.predicted),
  };
}

/** Deterministic stratified folds: example i of each intent goes to fold (i mod k) after a seeded shuffle. */
export function stratifiedFolds(pack: Pack, k: number): Labeled[][] {
  const folds: Labeled[][] = Array.from({ length: k }, () => []);
  for (const intent of pack.intents) {
    intent.examples.forEach((text, i) => {
      (folds[foldOf(intent.id, i, k)] as Labeled[]).push({ text, intent: intent.id });
    });
  }
  return folds;
}

export function classifyAll(classifier: Pick<IntentClassifier, "classify">, items: Labeled[]): Classified[] {
  return items.map((item) => {
    const c = classifier.classify(item.text);
    const result: Classified = { ...item, predicted: c.intent, confidence: c.confidence };
    const guess = c.intent !== c.bestGuess ? c.alternatives.find((a) => a.intent === c.bestGuess) : undefined;
    if (guess) result.belowThreshold = { guess: guess.intent, confidence: guess.confidence };
    return result;
  });
}

export interface CrossValidation extends Evaluation {
  /** The threshold the figures use: settings.yaml's, or the one these folds choose. */
  threshold: number;
  thresholdFrom: "settings" | "cross-validation";
  /** What these folds would choose (see classifier/threshold.ts), whatever settings.yaml says. */
  chosen: ThresholdChoice;
}

/**
 * k-fold cross-validation. Each fold's classifier answers without a threshold; the pack's threshold
 * (or, when settings.yaml has none, the one the folds' answers choose) is applied afterwards, so one
 * run gives both the figures and the threshold cross-validation would choose.
 */
export function crossValidate(pack: Pack, k: number, options?: ClassifierOptions): CrossValidation {
  if (!Number.isInteger(k) || k < 2)
    throw new Error(`--cv needs a whole number of folds of at least 2, got ${k}`);
  const fallback = pack.settings.fallback_intent;
  const folds = stratifiedFolds(pack, k);
  const outcomes = folds.flatMap((testFold) => {
    const held = new Set(testFold.map((t) => `${t.intent}\u0000${t.text}`));
    const training = trainingIntents(pack.intents, pack.replies).map((intent) => ({
      ...intent,
      examples: intent.examples.filter((text) => !held.has(`${intent.id}\u0000${text}`)),
    }));
    const classifier = new IntentClassifier(training, { ...pack.settings, threshold: 0 }, options);
    return testFold.map((item) => ({ ...item, guess: classifier.classify(item.text) }));
  });
  const chosen = thresholdFromOutcomes(
    outcomes.map((o) => ({
      intent: o.intent,
      guess: o.guess.bestGuess,
      top: o.guess.intent === fallback && o.guess.bestGuess !== fallback ? 0 : o.guess.confidence,
    })),
    fallback,
  );
  const threshold = pack.settings.threshold ?? chosen.threshold;
  const results = outcomes.map(({ guess, ...item }): Classified => {
    const below = guess.confidence < threshold;
    if (!below) return { ...item, predicted: guess.intent, confidence: guess.confidence };
    return {
      ...item,
      predicted: fallback,
      confidence: Math.round((1 - guess.confidence) * 1000) / 1000,
      ...(guess.intent !== fallback
        ? { belowThreshold: { guess: guess.intent, confidence: guess.confidence } }
        : {}),
    };
  });
  return {
    ...score(
      results,
      pack.intents.map((i) => i.id),
    ),
    threshold,
    thresholdFrom: pack.settings.threshold === undefined ? "cross-validation" : "settings",
    chosen,
  };
}

export interface FewShotEvaluation extends Evaluation {
  shots: number;
  seeds: number[];
  /** Accuracy of each seed's split, in seed order. */
  accuracyBySeed: number[];
  /** Intents with `shots` examples or fewer: all of them train, none is tested, so they are not in the figure. */
  untested: string[];
}

/**
 * "A new team's afternoon": for each seed, train on `shots` random examples per intent (all of an
 * intent's examples when it has no more) and test on the rest; the results of all seeds pooled. The
 * intents' titles, descriptions and keywords stay, as a new pack would have them.
 */
export function fewShot(
  pack: Pack,
  shots: number,
  seeds: number[],
  options?: ClassifierOptions,
): FewShotEvaluation {
  if (!Number.isInteger(shots) || shots < 1)
    throw new Error(`--few-shot needs a whole number of examples per intent of at least 1, got ${shots}`);
  const intents = trainingIntents(pack.intents, pack.replies);
  const untested = intents.filter((intent) => intent.examples.length <= shots).map((intent) => intent.id);
  // Nothing left to test is a wrong N, not a 0% pack: say which N would work instead of printing 0.0%.
  if (untested.length === intents.length) {
    const largest = Math.max(0, ...intents.map((intent) => intent.examples.length));
    throw new Error(
      `--few-shot ${shots} leaves nothing to test: no intent has more than ${largest} examples. ` +
        `Choose N below that${largest > 1 ? ` (for example --few-shot ${Math.max(1, Math.floor((largest * 2) / 3))})` : ""}, or write more examples.`,
    );
  }
  const all: Array<Labeled & { predicted: string; confidence: number }> = [];
  const accuracyBySeed = seeds.map((seed) => {
    const random = mulberry32(seed);
    const held: Labeled[] = [];
    const training = intents.map((intent) => {
      const order = intent.examples.map((_, i) => i);
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j] as number, order[i] as number];
      }
      for (const i of order.slice(shots))
        held.push({ text: intent.examples[i] as string, intent: intent.id });
      return { ...intent, examples: order.slice(0, shots).map((i) => intent.examples[i] as string) };
    });
    const results = classifyAll(new IntentClassifier(training, pack.settings, options), held);
    all.push(...results);
    return results.length ? results.filter((r) => r.predicted === r.intent).length / results.length : 0;
  });
  return {
    ...score(
      all,
      pack.intents.map((i) => i.id),
    ),
    shots,
    seeds,
    accuracyBySeed,
    untested,
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

export function formatEvaluation(evaluation: Evaluation, title: string): string {
  const lines = [
    `${title}: ${evaluation.total} mentions`,
    `accuracy ${pct(evaluation.accuracy)}   macro-F1 ${pct(evaluation.macroF1)}`,
    "",
  ];
  const width = Math.max(...evaluation.labels.map((l) => l.length), 6);
  lines.push(`${"intent".padEnd(width)}  precision  recall     F1  support`);
  for (const m of evaluation.perIntent) {
    lines.push(
      `${m.intent.padEnd(width)}  ${pct(m.precision).padStart(9)}  ${pct(m.recall).padStart(6)}  ${pct(m.f1).padStart(6)}  ${String(m.support).padStart(7)}`,
    );
  }
  lines.push("", "confusion matrix (rows: expected, columns: predicted)");
  const short = evaluation.labels.map((l) => l.slice(0, 5));
  lines.push(`${"".padEnd(width)} ${short.map((s) => s.padStart(5)).join(" ")}`);
  for (const expected of evaluation.labels) {
    const row = evaluation.confusion[expected] ?? {};
    if (!Object.values(row).some((n) => n > 0)) continue;
    lines.push(
      `${expected.padEnd(width)} ${evaluation.labels.map((p) => String(row[p] || ".").padStart(5)).join(" ")}`,
    );
  }
  return lines.join("\n");
}

/** A labelled mention whose draft should come from `situation` (a test sentence or an eval FILE line). */
export interface SituationLabeled extends Labeled {
  situation?: string;
}

export interface SituationEvaluation {
  /** Mentions that name a situation. */
  labelled: number;
  /** Of those whose intent was right: the share drafted from the named situation. */
  situationAccuracy: number;
  /** Of all labelled ones: intent right AND drafted from the named situation (the draft fits). */
  draftFit: number;
  mistakes: Array<{ text: string; intent: string; expected: string; got: string; predictedIntent: string }>;
}

/**
 * How often the draft answers what the mention is about: classify, draft, and compare the draft's
 * situation with the label. Uses the engine's own drafting, so it measures what staff would see.
 */
export function scoreSituations(engine: Engine, items: readonly SituationLabeled[]): SituationEvaluation {
  const ctx = { now: new Date(0), timezone: "UTC" };
  let labelled = 0;
  let situationRight = 0;
  const mistakes: SituationEvaluation["mistakes"] = [];
  for (const item of items) {
    if (!item.situation) continue;
    labelled++;
    const classification = engine.classify(item.text);
    const draft = engine.draft(item.intent, { text: item.text }, classification.language, ctx);
    const got = draft?.situation ?? "(none)";
    const intentOk = classification.intent === item.intent;
    if (got === item.situation && intentOk) situationRight++;
    else if (got !== item.situation)
      mistakes.push({
        text: item.text,
        intent: item.intent,
        expected: item.situation,
        got,
        predictedIntent: classification.intent,
      });
  }
  // Situation accuracy is judged on the labelled intent's replies (a wrong intent is counted once,
  // in the intent figures); draft fit needs both right, as a customer would see it.
  const situationOnLabel = labelled - mistakes.length;
  return {
    labelled,
    situationAccuracy: labelled ? situationOnLabel / labelled : 0,
    draftFit: labelled ? situationRight / labelled : 0,
    mistakes,
  };
}

export function formatSituationEvaluation(evaluation: SituationEvaluation): string {
  if (!evaluation.labelled) return "";
  return [
    `situations: ${evaluation.labelled} mentions name one`,
    `situation accuracy ${pct(evaluation.situationAccuracy)} (draft drawn from the named situation, intent as labelled)`,
    `draft fit ${pct(evaluation.draftFit)} (intent right and draft from the named situation)`,
  ].join("\n");
}
