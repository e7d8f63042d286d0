/**
 * Training a classifier's state from a pack's intents, and the snapshot of that state: plain data
 * (strings, numbers and typed arrays, so structured clone, v8.serialize and worker messages carry it
 * as is) from which a classifier is rebuilt without training again.
 */

import { withoutNegatedTopics } from "../cues.js";
import { extractFeatures } from "../features.js";
import { normalizeForMatching } from "../normalize.js";
import type { Intent } from "../types.js";
import { FeatureIndex, type FeatureTables, type SparseVector } from "./feature-index.js";
import { OFF_TOPIC_TEXTS } from "./general-texts.js";
import type { KeywordSource } from "./keywords.js";
import { type ClassifierOptions, SoftmaxModel, type TrainingSample } from "./model.js";
import { buildPostings, type Postings } from "./neighbours.js";
import { type PackAddressees, packAddresseesOf } from "./other-companies.js";
import { type PraisePrior, praisePriorOf } from "./praise-prior.js";

/**
 * Bump whenever training would give a different state for the same pack (features, options, model,
 * what the snapshot holds, the built-in texts of general-texts.ts): a snapshot of another version is
 * refused, so a cache trains again.
 */
export const MODEL_SNAPSHOT_VERSION = 17;

export type TrainingIntent = Pick<Intent, "id" | "examples" | "negativeExamples" | "keywords"> &
  Partial<Pick<Intent, "title" | "description">> & {
    /**
     * The example mentions of the intent's reply situations (a `when: examples:` list in its reply
     * file): written by the maintainers as mentions of this intent, so training texts too.
     */
    situationExamples?: readonly string[];
  };

/** The pack's intents as training input: each with its reply situations' example mentions. */
export function trainingIntents(
  intents: readonly Intent[],
  replies: ReadonlyMap<string, { situations: ReadonlyArray<{ examples: readonly string[] }> }>,
): TrainingIntent[] {
  return intents.map((intent) => ({
    ...intent,
    situationExamples: (replies.get(intent.id)?.situations ?? []).flatMap((s) => s.examples),
  }));
}

/**
 * What an intent says about itself, as extra training texts: its titles, the sentences of its
 * description that say what belongs, and its keywords. A new pack has few examples; these words are
 * often the best cue it has. Left out: sentences saying what does not belong ("Not here: …", "NOT
 * …", "→ x") and any sentence, or part between semicolons, that names another intent of the pack
 * ("Wanting a refund because it is late is refund-cancel"): it describes that intent's mentions, not
 * this one's. (Training the named intent on it instead gained on cross-validation but lost held-out
 * mentions; docs/accuracy-history.md, eighth session.)
 */
export function metadataTexts(intent: TrainingIntent, intentIds: readonly string[]): string[] {
  const texts: string[] = [];
  if (intent.title) texts.push(intent.title.ko, intent.title.en);
  const others = intentIds.filter((id) => id !== intent.id).map(namedIn);
  for (const sentence of (intent.description ?? "").split(/(?<=[.!?;])\s+|\n+/)) {
    if (/\bnot\b|->|→|아님|아닌|제외/i.test(sentence) || others.some((named) => named.test(sentence)))
      continue;
    if (sentence.trim()) texts.push(sentence);
  }
  for (const keyword of intent.keywords) texts.push(keyword.term);
  return texts;
}

/** A pattern for an intent id written as a word of its own (not inside another id or word). */
function namedIn(id: string): RegExp {
  return new RegExp(`(?<![\\w-])${id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}(?![\\w-])`);
}

/** Everything a classifier needs besides the pack's settings. */
export interface TrainedState {
  intents: string[];
  options: ClassifierOptions;
  features: FeatureIndex;
  model: SoftmaxModel;
  /** The positive examples, in training order: their intents (by index) and texts, for evidence. */
  exampleLabels: Int32Array;
  exampleTexts: string[];
  postings: Postings;
  keywords: KeywordSource[];
  /** Words of the positive examples; these are never looked up as misspelled keywords. */
  knownWords: Set<string>;
  /** The threshold cross-validation chose, when the pack's settings left it to the classifier. */
  threshold?: number;
  /** The pack's praise-like intent and how strongly praise alone leans to it (praise-prior.ts). */
  praisePrior: PraisePrior | null;
  /** The companies and handles the pack names itself (other-companies.ts). */
  addressees: PackAddressees;
}

export interface ModelSnapshot {
  version: number;
  intents: string[];
  options: ClassifierOptions;
  /** The feature vocabulary, by index. */
  features: string[];
  /** Its lookup tables as built (version 3 on), so that restoring does not rebuild them. */
  featureTables: FeatureTables;
  /** Feature-major: feature f's weight for intent c at f * intents.length + c. */
  weights: Float64Array;
  bias: Float64Array;
  exampleLabels: Int32Array;
  exampleTexts: string[];
  postings: Postings;
  keywords: KeywordSource[];
  knownWords: string[];
  /** The threshold chosen by cross-validation, or null when the settings gave one. */
  threshold: number | null;
  praisePrior: PraisePrior | null;
  addressees: PackAddressees;
}

/**
 * `fallback`: the pack's fallback intent, trained also on the built-in off-topic mentions when it is
 * one of the intents.
 */
export function trainState(
  intents: readonly TrainingIntent[],
  options: ClassifierOptions,
  fallback?: string,
): TrainedState {
  for (const [family, weight] of Object.entries(options.featureWeights)) {
    // Nearest-example search relies on every feature value being >= 0 (see NearestExamples.query).
    if (!(Number.isFinite(weight) && weight >= 0))
      throw new Error(`feature weight ${family} must be a finite number >= 0, got ${weight}`);
  }
  type Text = {
    text: string;
    normalized: string;
    label: number;
    negative: boolean;
    weight: number;
    example: boolean;
    offTopic: boolean;
  };
  const texts: Text[] = [];
  const fallbackLabel = intents.findIndex((intent) => intent.id === fallback);
  const weights = {
    example: 1,
    negative: 1,
    metadata: options.metadataWeight,
    situation: options.situationWeight,
    offTopic: fallbackLabel >= 0 ? offTopicWeight(intents, fallbackLabel, options) : 0,
  };
  const add = (text: string, label: number, kind: keyof typeof weights) =>
    texts.push({
      text,
      normalized: withoutNegatedTopics(normalizeForMatching(text)),
      label,
      negative: kind === "negative",
      weight: weights[kind],
      example: kind === "example",
      offTopic: kind === "offTopic",
    });
  intents.forEach((intent, label) => {
    for (const text of intent.examples) add(text, label, "example");
  });
  intents.forEach((intent, label) => {
    for (const text of intent.negativeExamples) add(text, label, "negative");
  });
  if (options.metadataWeight > 0) {
    const ids = intents.map((intent) => intent.id);
    intents.forEach((intent, label) => {
      for (const text of metadataTexts(intent, ids)) add(text, label, "metadata");
    });
  }
  if (options.situationWeight > 0)
    intents.forEach((intent, label) => {
      for (const text of intent.situationExamples ?? []) add(text, label, "situation");
    });
  if (weights.offTopic > 0) for (const text of OFF_TOPIC_TEXTS) add(text, fallbackLabel, "offTopic");
  // The feature vocabulary: every feature of a training text, in the order first seen.
  const keys = new Map<string, number>();
  const knownWords = new Set<string>();
  for (const { normalized, example } of texts) {
    if (example) for (const w of normalized.split(" ")) knownWords.add(w);
    for (const key of extractFeatures(normalized, options.featureWeights).keys())
      if (!keys.has(key)) keys.set(key, keys.size);
  }
  const features = new FeatureIndex([...keys.keys()], options.featureWeights);

  const samples: TrainingSample[] = [];
  const exampleVectors: SparseVector[] = [];
  const exampleLabels: number[] = [];
  const exampleTexts: string[] = [];
  // Features of the texts that say what the pack's intents are about (not its fallback's, not the
  // off-topic mentions'): an off-topic mention teaches the fallback only its other features, so that
  // "날씨", "치킨" or "followers" become signs of chit-chat but the endings and function words every
  // customer uses too do not.
  const vectors = texts.map(({ normalized }) => features.vectorize(normalized));
  const onTopic = new Uint8Array(features.size);
  texts.forEach(({ label, negative, offTopic }, i) => {
    if (!offTopic && !negative && label !== fallbackLabel)
      for (const index of (vectors[i] as SparseVector).idx) onTopic[index] = 1;
  });
  texts.forEach(({ text, label, negative, weight, example, offTopic }, i) => {
    const vector = vectors[i] as SparseVector;
    const x = offTopic ? withoutFeatures(vector, onTopic) : vector;
    if (example) {
      exampleVectors.push(x);
      exampleLabels.push(label);
      exampleTexts.push(text);
    }
    samples.push({ x, label, negative, weight });
  });
  return {
    intents: intents.map((i) => i.id),
    options,
    features,
    model: SoftmaxModel.train(samples, intents.length, features.size, options),
    exampleLabels: Int32Array.from(exampleLabels),
    exampleTexts,
    postings: buildPostings(neighbourVectors(exampleVectors, features.size, options), features.size),
    keywords: intents.flatMap((intent, i) =>
      intent.keywords.map((k) => ({ intent: i, term: k.term, weight: k.weight })),
    ),
    knownWords,
    // What the pack's real intents say (not its fallback's examples, nor negative examples: those
    // name other companies precisely because they are not the pack's).
    addressees: packAddresseesOf(
      texts.filter((t) => !t.offTopic && !t.negative && t.label !== fallbackLabel).map((t) => t.text),
      normalizeForMatching,
    ),
    praisePrior: praisePriorOf(
      exampleTexts,
      exampleLabels,
      intents.length,
      fallbackLabel,
      options.praiseShift,
    ),
  };
}

/**
 * The weight of each built-in off-topic mention: options.offTopicWeight, but all of them together at
 * most an average real intent's examples, so that a hundred mentions of small talk do not outweigh a
 * small pack (a dozen examples an intent).
 */
function offTopicWeight(
  intents: readonly TrainingIntent[],
  fallbackLabel: number,
  options: ClassifierOptions,
): number {
  const real = intents.filter((_, label) => label !== fallbackLabel);
  const perIntent = real.reduce((n, intent) => n + intent.examples.length, 0) / Math.max(1, real.length);
  return Math.min(options.offTopicWeight, perIntent / OFF_TOPIC_TEXTS.length);
}

/**
 * The examples' vectors as the nearest-example search sees them: without the features that more than
 * options.neighbourFeatureShare of the examples have (the endings and particles nearly every mention
 * has). Those add to almost every example's similarity alike, so they barely change which examples
 * are nearest, yet their postings were half of a search's work. The model still uses them.
 */
function neighbourVectors(vectors: SparseVector[], size: number, options: ClassifierOptions): SparseVector[] {
  if (options.neighbourFeatureShare >= 1) return vectors;
  const df = new Int32Array(size);
  for (const x of vectors) for (const f of x.idx) df[f] = (df[f] as number) + 1;
  const common = new Uint8Array(size);
  const limit = options.neighbourFeatureShare * vectors.length;
  for (let f = 0; f < size; f++) if ((df[f] as number) > limit) common[f] = 1;
  return vectors.map((x) => withoutFeatures(x, common));
}

/** The vector without the features marked in `dropped` (not normalized again). */
function withoutFeatures(x: SparseVector, dropped: Uint8Array): SparseVector {
  const keep: number[] = [];
  for (let j = 0; j < x.idx.length; j++) if (!dropped[x.idx[j] as number]) keep.push(j);
  return {
    idx: Int32Array.from(keep, (j) => x.idx[j] as number),
    val: Float64Array.from(keep, (j) => x.val[j] as number),
  };
}

export function snapshotOf(state: TrainedState): ModelSnapshot {
  return {
    version: MODEL_SNAPSHOT_VERSION,
    intents: [...state.intents],
    options: { ...state.options, featureWeights: { ...state.options.featureWeights } },
    features: [...state.features.keys],
    featureTables: state.features.tables(),
    weights: state.model.weights,
    bias: state.model.bias,
    exampleLabels: state.exampleLabels,
    exampleTexts: [...state.exampleTexts],
    postings: state.postings,
    keywords: state.keywords.map((k) => ({ ...k })),
    knownWords: [...state.knownWords],
    threshold: state.threshold ?? null,
    praisePrior: state.praisePrior && { ...state.praisePrior },
    addressees: { companies: [...state.addressees.companies], handles: [...state.addressees.handles] },
  };
}

/** The state a snapshot holds; throws when it is of another version or inconsistent. */
export function stateOf(snapshot: ModelSnapshot): TrainedState {
  if (snapshot?.version !== MODEL_SNAPSHOT_VERSION)
    throw new Error(
      `model snapshot version ${snapshot?.version} is not ${MODEL_SNAPSHOT_VERSION}; train the classifier again`,
    );
  const k = snapshot.intents.length;
  const f = snapshot.features.length;
  const { start, examples, values } = snapshot.postings;
  const consistent =
    snapshot.weights.length === f * k &&
    snapshot.bias.length === k &&
    snapshot.exampleTexts.length === snapshot.exampleLabels.length &&
    start.length === f + 1 &&
    examples.length === values.length &&
    start[f] === examples.length &&
    (snapshot.praisePrior === null ||
      (Number.isInteger(snapshot.praisePrior?.intent) &&
        snapshot.praisePrior.intent >= 0 &&
        snapshot.praisePrior.intent < k &&
        Number.isFinite(snapshot.praisePrior.shift))) &&
    Array.isArray(snapshot.addressees?.companies) &&
    Array.isArray(snapshot.addressees?.handles);
  if (!consistent) throw new Error("model snapshot is inconsistent (array sizes do not match)");
  return {
    intents: [...snapshot.intents],
    options: snapshot.options,
    features: new FeatureIndex(snapshot.features, snapshot.options.featureWeights, snapshot.featureTables),
    model: new SoftmaxModel(k, snapshot.weights, snapshot.bias),
    exampleLabels: snapshot.exampleLabels,
    exampleTexts: snapshot.exampleTexts,
    postings: snapshot.postings,
    keywords: snapshot.keywords,
    knownWords: new Set(snapshot.knownWords),
    praisePrior: snapshot.praisePrior,
    addressees: snapshot.addressees,
    ...(typeof snapshot.threshold === "number" ? { threshold: snapshot.threshold } : {}),
  };
}

/**
 * Everything training reads, as plain data: a model cache keyed by a hash of this never serves a
 * model trained on other input (examples, keywords, titles, descriptions, options, or whether the
 * threshold is left to cross-validation, and the fallback intent that choice depends on).
 */
export function trainingInput(
  intents: readonly TrainingIntent[],
  settings: { threshold?: number; fallback_intent: string },
  options: ClassifierOptions,
): unknown {
  return {
    version: MODEL_SNAPSHOT_VERSION,
    options,
    crossValidatedThreshold: settings.threshold === undefined ? settings.fallback_intent : null,
    intents: intents.map((i) => ({
      id: i.id,
      title: i.title ?? null,
      description: i.description ?? null,
      examples: i.examples,
      negativeExamples: i.negativeExamples,
      keywords: i.keywords.map((k) => [k.term, k.weight]),
      situationExamples: i.situationExamples ?? [],
    })),
  };
}
