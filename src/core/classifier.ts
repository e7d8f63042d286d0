/**
 * The intent classifier. Three signals, each explainable on the case card:
 * 1. a softmax (multinomial logistic) model over character/jamo/word n-grams, trained at load on the
 *    pack's examples (and pushed away from each intent's negative examples): classifier/model.ts;
 * 2. the most similar example sentences (cosine over the same features), blended in as a vote:
 *    classifier/neighbours.ts;
 * 3. the maintainers' weighted keywords, matched exactly or, for misspelled words, with fuse.js:
 *    classifier/keywords.ts.
 * Features are in features.ts, the vocabulary and vectorizer in classifier/feature-index.ts, training and
 * the model snapshot in classifier/trained.ts. Training is deterministic (seeded), so the same pack
 * always gives the same answers.
 */

import type { SparseVector } from "./classifier/feature-index.js";
import { KeywordMatcher } from "./classifier/keywords.js";
import { type ClassifierOptions, DEFAULT_CLASSIFIER_OPTIONS } from "./classifier/model.js";
import { NearestExamples } from "./classifier/neighbours.js";
import {
  addressedElsewhere,
  applyOtherCompanyPrior,
  type PackAddresseeSets,
} from "./classifier/other-companies.js";
import { applyPraisePrior, applySarcasmPrior, moveShareTo } from "./classifier/praise-prior.js";
import { foldOf, type Outcome, THRESHOLD_FOLDS, thresholdFromOutcomes } from "./classifier/threshold.js";
import {
  type ModelSnapshot,
  snapshotOf,
  stateOf,
  type TrainedState,
  type TrainingIntent,
  trainState,
} from "./classifier/trained.js";
import {
  cueKeys,
  isSarcastic,
  playfulAndAsksNothing,
  thanksThenProblem,
  withoutNegatedTopics,
  withoutSarcasticThanks,
} from "./cues.js";
import { latinWordsOf, splitWords } from "./features.js";
import { detectLanguage, handleKey, normalizeForMatching } from "./normalize.js";
import type { Classification, Evidence, PackSettings, Scored } from "./types.js";

export { isNumber, isTypoOf, numberMayBeTypoOf } from "./classifier/keywords.js";
export { type ClassifierOptions, DEFAULT_CLASSIFIER_OPTIONS, mulberry32 } from "./classifier/model.js";
export {
  MODEL_SNAPSHOT_VERSION,
  type ModelSnapshot,
  type TrainingIntent,
  trainingInput,
  trainingIntents,
} from "./classifier/trained.js";

/** `threshold` undefined: chosen by cross-validation on the examples when training (see threshold.ts). */
export type ClassifierSettings = Pick<PackSettings, "threshold" | "ambiguity_threshold" | "fallback_intent"> &
  Partial<Pick<PackSettings, "own_handles" | "other_handles">>;

/** Nearest examples at least this similar are shown as evidence. */
const EXAMPLE_EVIDENCE_SIMILARITY = 0.2;

export class IntentClassifier {
  readonly intents: string[];
  /** Below this confidence the answer is the fallback intent: the pack's, or chosen by cross-validation. */
  readonly threshold: number;
  private readonly state: TrainedState;
  private readonly keywords: KeywordMatcher;
  private readonly nearest: NearestExamples;
  /** Scratch space for scores: the mention's vector, keyword scores, keyword boosts, neighbour votes. */
  private readonly queryVector: SparseVector;
  private readonly keywordScores: Float64Array;
  private readonly keywordBoosts: Float64Array;
  private readonly neighbourVotes: Float64Array;
  /** The fallback intent's index, or -1 when it is not one of the intents. */
  private readonly fallbackLabel: number;
  /** The companies and handles the pack names, its own handles included (other-companies.ts). */
  private readonly addressees: PackAddresseeSets;

  /** A classifier rebuilt from `snapshot()`'s data, without training: the same answers as the original. */
  static fromSnapshot(snapshot: ModelSnapshot, settings: ClassifierSettings): IntentClassifier {
    return new IntentClassifier(stateOf(snapshot), settings);
  }

  /** Trains on the intents (or takes an already trained state). */
  constructor(
    source: readonly TrainingIntent[] | TrainedState,
    private readonly settings: ClassifierSettings,
    options: ClassifierOptions = DEFAULT_CLASSIFIER_OPTIONS,
  ) {
    let state: TrainedState;
    if (Array.isArray(source)) {
      state = trainState(source, options, settings.fallback_intent);
      if (settings.threshold === undefined)
        state.threshold = crossValidatedThreshold(source, settings, options);
    } else state = source as TrainedState;
    const threshold = settings.threshold ?? state.threshold;
    if (threshold === undefined)
      throw new Error(
        "the model snapshot has no threshold chosen by cross-validation; train the classifier again",
      );
    this.threshold = threshold;
    this.state = state;
    this.intents = state.intents;
    const k = this.intents.length;
    this.keywords = new KeywordMatcher(state.keywords, state.knownWords, this.intents);
    this.nearest = new NearestExamples(state.postings, state.exampleLabels.length, state.options.neighbours);
    this.queryVector = state.features.scratchVector();
    this.keywordScores = new Float64Array(k);
    this.keywordBoosts = new Float64Array(k);
    this.neighbourVotes = new Float64Array(k);
    this.fallbackLabel = this.intents.indexOf(settings.fallback_intent);
    // A handle the settings call another company's is never the pack's, even where an example tags
    // it ("@rivalair 는 무료던데요").
    const others = new Set((settings.other_handles ?? []).map(handleKey));
    this.addressees = {
      companies: new Set(state.addressees.companies),
      handles: new Set(
        [...state.addressees.handles, ...(settings.own_handles ?? []).map(handleKey)].filter(
          (h) => !others.has(h),
        ),
      ),
      others,
    };
  }

  /** The trained state as plain data (see ModelSnapshot); shares the arrays, which are never written. */
  snapshot(): ModelSnapshot {
    return snapshotOf(this.state);
  }

  /** Probabilities per intent (same order as `intents`), with the evidence behind them. */
  scores(text: string): { probabilities: Float64Array; evidence: Evidence[]; known: boolean } {
    const { features, model, options, exampleLabels, exampleTexts, praisePrior } = this.state;
    const plain = normalizeForMatching(text);
    // Sarcastic thanks, and thanks followed by a problem, are a complaint: the thanks do not decide.
    const sarcastic = isSarcastic(plain, text) || thanksThenProblem(plain);
    const normalized = withoutNegatedTopics(withoutSarcasticThanks(plain, text, sarcastic));
    const k = this.intents.length;
    const words = splitWords(normalized);
    const latin = latinWordsOf(words);
    const x = features.vectorize(normalized, this.queryVector, latin);
    const keywordScores = this.keywordScores.fill(0);
    const evidence = this.keywords.match(normalized, words, latin, keywordScores);
    const probabilities = new Float64Array(k);
    if (x.idx.length === 0 && evidence.length === 0) return { probabilities, evidence, known: false };

    const boost = this.keywordBoosts;
    for (let c = 0; c < k; c++) boost[c] = (keywordScores[c] as number) * options.keywordBoost;
    model.probabilities(x, probabilities, boost);

    const nearest = this.nearest;
    const neighbours = nearest.query(x);
    const vote = this.neighbourVotes.fill(0);
    let total = 0;
    for (let i = 0; i < neighbours; i++) {
      const label = exampleLabels[nearest.examples[i] as number] as number;
      const similarity = nearest.similarities[i] as number;
      vote[label] = (vote[label] as number) + similarity;
      total += similarity;
    }
    if (total > 0) {
      // A vote of far-off examples says little: below neighbourConfidence it counts in proportion.
      const closeness = Math.min(1, (nearest.similarities[0] as number) / options.neighbourConfidence);
      const blend = options.neighbourBlend * closeness;
      for (let c = 0; c < k; c++) {
        probabilities[c] = (1 - blend) * (probabilities[c] as number) + (blend * (vote[c] as number)) / total;
      }
    }
    if (praisePrior) applyPraisePrior(probabilities, praisePrior, this.fallbackLabel, normalized, text);
    if (sarcastic)
      applySarcasmPrior(probabilities, praisePrior?.intent ?? -1, this.fallbackLabel, options.sarcasmShift);
    const elsewhere =
      options.otherCompanyShift > 0 && this.fallbackLabel >= 0
        ? addressedElsewhere(text, plain, this.addressees)
        : undefined;
    if (options.playfulShift > 0 && this.fallbackLabel >= 0 && playfulAndAsksNothing(normalized, text))
      moveShareTo(probabilities, this.fallbackLabel, options.playfulShift);
    if (options.spamShift > 0 && this.fallbackLabel >= 0 && cueKeys(normalized).includes("q:spam"))
      moveShareTo(probabilities, this.fallbackLabel, options.spamShift);
    if (elsewhere !== undefined) {
      applyOtherCompanyPrior(probabilities, this.fallbackLabel, options.otherCompanyShift);
      evidence.push({
        kind: "company",
        intent: this.intents[this.fallbackLabel] as string,
        value: `@${elsewhere}`,
        score: options.otherCompanyShift,
      });
    }
    const best = nearest.examples[0] as number;
    const bestSimilarity = nearest.similarities[0] as number;
    if (neighbours > 0 && bestSimilarity > EXAMPLE_EVIDENCE_SIMILARITY) {
      evidence.push({
        kind: "example",
        intent: this.intents[exampleLabels[best] as number] as string,
        value: exampleTexts[best] as string,
        score: Math.round(bestSimilarity * 100) / 100,
      });
    }
    return { probabilities, evidence, known: true };
  }

  /** The best-scoring intent and its probability, whatever the threshold. */
  bestGuess(text: string): { guess: string; top: number } {
    const { probabilities, known } = this.scores(text);
    if (!known) return { guess: this.settings.fallback_intent, top: 0 };
    let best = 0;
    for (let c = 1; c < probabilities.length; c++)
      if ((probabilities[c] as number) > (probabilities[best] as number)) best = c;
    return { guess: this.intents[best] as string, top: round(probabilities[best] as number) };
  }

  classify(text: string): Classification {
    const language = detectLanguage(text);
    const fallback = this.settings.fallback_intent;
    const { probabilities, evidence, known } = this.scores(text);
    if (!known) {
      return {
        intent: fallback,
        confidence: 0,
        alternatives: [],
        evidence,
        ambiguous: false,
        bestGuess: fallback,
        language,
      };
    }
    const ranked: Scored[] = this.intents
      .map((intent, c) => ({ intent, confidence: round(probabilities[c] as number) }))
      .sort((a, b) => b.confidence - a.confidence);
    const [top, second] = ranked as [Scored, Scored | undefined];
    const belowThreshold = top.confidence < this.threshold;
    const ambiguous =
      !belowThreshold &&
      second !== undefined &&
      top.confidence - second.confidence < this.settings.ambiguity_threshold;
    const intent = belowThreshold ? fallback : top.intent;
    const topEvidence = evidence
      .filter((e) => e.intent === top.intent || (ambiguous && e.intent === second?.intent))
      .sort((a, b) => b.score - a.score)
      .slice(0, 6);
    return {
      intent,
      confidence: belowThreshold ? round(1 - top.confidence) : top.confidence,
      alternatives: ranked.filter((r) => r.intent !== intent).slice(0, 3),
      evidence: topEvidence,
      ambiguous,
      bestGuess: top.intent,
      language,
    };
  }
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** The threshold with the best accuracy over THRESHOLD_FOLDS folds of the examples. */
function crossValidatedThreshold(
  intents: readonly TrainingIntent[],
  settings: ClassifierSettings,
  options: ClassifierOptions,
): number {
  const k = THRESHOLD_FOLDS;
  const outcomes: Outcome[] = [];
  for (let fold = 0; fold < k; fold++) {
    const training = intents.map((intent) => ({
      ...intent,
      examples: intent.examples.filter((_, i) => foldOf(intent.id, i, k) !== fold),
    }));
    const classifier = new IntentClassifier(training, { ...settings, threshold: 0 }, options);
    intents.forEach((intent) => {
      intent.examples.forEach((text, i) => {
        if (foldOf(intent.id, i, k) === fold)
          outcomes.push({ intent: intent.id, ...classifier.bestGuess(text) });
      });
    });
  }
  return thresholdFromOutcomes(outcomes, settings.fallback_intent).threshold;
}
