/**
 * The intent classifier. Three signals, each explainable on the case card:
 * 1. a softmax (multinomial logistic) model over character/jamo/word n-grams, trained at load on the
 *    pack's examples (and pushed away from each intent's negative examples);
 * 2. the most similar example sentences (cosine over the same features), blended in as a vote;
 * 3. the maintainers' weighted keywords, matched exactly or, for misspelled words, with fuse.js.
 * Training is deterministic (seeded), so the same pack always gives the same answers.
 */
import Fuse from "fuse.js";
import {
  extractFeatures,
  FEATURE_WEIGHTS,
  type FeatureSink,
  type FeatureWeights,
  forEachFeature,
  HANGUL_FAMILIES,
  HANGUL_FAMILY_LENGTH,
  type HangulFamily,
  hangulFeatureKey,
  hasWordTrigrams,
  latinWords,
  latinWordsOf,
  splitWords,
  wordKey,
  wordPairKey,
  wordTrigramKeys,
} from "./features.js";
import { detectLanguage, normalizeForMatching } from "./normalize.js";
import type { Classification, Evidence, Intent, PackSettings, Scored } from "./types.js";

export interface ClassifierOptions {
  epochs: number;
  learningRate: number;
  l2: number;
  /** Weight of the nearest-examples vote against the softmax model. */
  neighbourBlend: number;
  neighbours: number;
  /** How much one unit of keyword weight adds to an intent's logit. */
  keywordBoost: number;
  /** Weight of a negative example's push relative to a positive example. */
  negativeWeight: number;
  seed: number;
  featureWeights: FeatureWeights;
  /** Scale features by inverse document frequency, so words in every mention ("kt", "요") count less. */
  idf: boolean;
}

// Chosen with `sincerely eval --cv 5` and the per-intent test sentences; see README.
export const DEFAULT_CLASSIFIER_OPTIONS: Readonly<ClassifierOptions> = Object.freeze({
  epochs: 30,
  learningRate: 1.5,
  l2: 1e-4,
  neighbourBlend: 0.3,
  neighbours: 5,
  keywordBoost: 0.6,
  negativeWeight: 0.5,
  seed: 20091128,
  featureWeights: FEATURE_WEIGHTS,
  idf: false,
});

interface SparseVector {
  idx: Int32Array;
  val: Float64Array;
}

interface CompiledKeyword {
  /** Position in IntentClassifier.keywords: matches are reported in this order. */
  index: number;
  intent: number;
  term: string;
  weight: number;
  /**
   * Hangul keywords are matched without spaces: the term without them. Other keywords match whole
   * words, the last one with an English inflection allowed: the term's words.
   */
  pattern: { hangul: string } | { words: string[] };
}

/** English inflections (refund → refunds, refunded, refunding) match the same keyword. */
const INFLECTIONS = ["s", "es", "d", "ed", "ing"];

/** A Latin word's features in the vocabulary, looked up once per word (see IntentClassifier.latinWord). */
interface LatinWordFeatures {
  /** The index of the word's own feature (`w:`), -1 when it is not in the vocabulary. */
  feature: number;
  /** The indices of its in-word 3-grams, in order (-1: not in the vocabulary); empty when it has none. */
  trigrams: Int32Array;
  /** The index of the pair feature (`b:`) of this word and the next one, by the next one. */
  pairs?: Map<string, number>;
}

/** How many words outside the training texts latinWord remembers before starting over. */
const OTHER_WORDS_KEPT = 5000;

export interface TrainingExample {
  text: string;
  intent: string;
}

/** A small seeded PRNG: training shuffles the same way every time, so results are reproducible. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Compatibility jamo (ㄱ 0x3131 … ㅣ 0x3163) and syllables (가 0xAC00 … 힣 0xD7A3): every character a
// Hangul feature can hold, numbered from 0 so that n-grams of them fit in small integer keys.
const HANGUL_FIRST = 0x3131;
const HANGUL_SPAN = 0xd7a3 - HANGUL_FIRST + 1;
const JAMO_SPAN = 0x3163 - HANGUL_FIRST + 1;
/** HangulFeatureIndex.lookup: the characters are outside the numbered range; look up the key instead. */
const NOT_NUMBERED = -2;

/**
 * A map from whole numbers below 2^53 to feature indices (-1: absent), for Hangul 2- and 3-gram codes
 * (up to 42,611^3): open addressing in typed arrays, as V8's Map is slow with keys beyond small
 * integers.
 */
class CodeTable {
  /** Slot i's key at 2i (-1: empty) and value at 2i + 1: one cache line per probe. */
  private slots = new Float64Array(16).fill(-1);
  private size = 0;
  /** 32 − log2(number of slots): slot() keeps the product's top bits. */
  private shift = 29;

  get(code: number): number {
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    for (let slot = this.slot(code); ; slot = (slot + 1) & mask) {
      const key = slots[2 * slot] as number;
      if (key === code) return slots[2 * slot + 1] as number;
      if (key === -1) return -1;
    }
  }

  set(code: number, value: number): void {
    if ((this.size + 1) * 4 > this.slots.length) this.grow();
    const slots = this.slots;
    const mask = (slots.length >> 1) - 1;
    let slot = this.slot(code);
    while (slots[2 * slot] !== -1 && slots[2 * slot] !== code) slot = (slot + 1) & mask;
    if (slots[2 * slot] === -1) this.size++;
    slots[2 * slot] = code;
    slots[2 * slot + 1] = value;
  }

  private slot(code: number): number {
    // The high bits folded into the low 32, then multiplicative (Fibonacci) hashing.
    const folded = (code >>> 0) ^ Math.imul((code / 4294967296) | 0, 0x85ebca6b);
    return Math.imul(folded, 0x9e3779b1) >>> this.shift;
  }

  /** Twice the slots, so that at most half are full. */
  private grow(): void {
    const slots = this.slots;
    this.slots = new Float64Array(slots.length * 2).fill(-1);
    this.shift--;
    this.size = 0;
    for (let i = 0; i < slots.length; i += 2) {
      if (slots[i] !== -1) this.set(slots[i] as number, slots[i + 1] as number);
    }
  }
}

/**
 * The Hangul entries of the feature vocabulary, keyed by character codes instead of strings: the
 * same feature → index mapping as the vocabulary's string keys, so vectorize builds no key strings.
 */
class HangulFeatureIndex {
  private readonly h1 = new Int32Array(HANGUL_SPAN).fill(-1);
  private readonly h2 = new CodeTable();
  private readonly h3 = new CodeTable();
  private readonly j3 = new Int32Array(JAMO_SPAN ** 3).fill(-1);

  constructor(featureIndex: ReadonlyMap<string, number>) {
    for (const [key, index] of featureIndex) {
      const family = HANGUL_FAMILIES.indexOf(key.slice(0, 2) as (typeof HANGUL_FAMILIES)[number]);
      if (family < 0 || key[2] !== ":") continue;
      if (key.length !== 3 + (HANGUL_FAMILY_LENGTH[family] as number)) continue;
      const code = this.code(family as HangulFamily, key, 3);
      if (code >= 0) this.set(family as HangulFamily, code, index);
    }
  }

  /** The feature's index, -1 if it is not in the vocabulary, or NOT_NUMBERED. */
  lookup(family: HangulFamily, text: string, start: number): number {
    const code = this.code(family, text, start);
    if (code < 0) return NOT_NUMBERED;
    switch (family) {
      case 0:
        return this.h1[code] as number;
      case 1:
        return this.h2.get(code);
      case 2:
        return this.h3.get(code);
      default:
        return this.j3[code] as number;
    }
  }

  private set(family: HangulFamily, code: number, index: number): void {
    if (family === 0) this.h1[code] = index;
    else if (family === 1) this.h2.set(code, index);
    else if (family === 2) this.h3.set(code, index);
    else this.j3[code] = index;
  }

  /** A number for the n-gram, unique within its family, or -1 when a character is out of range. */
  private code(family: HangulFamily, text: string, start: number): number {
    const span = family === 3 ? JAMO_SPAN : HANGUL_SPAN;
    const length = HANGUL_FAMILY_LENGTH[family] as number;
    let code = 0;
    for (let i = 0; i < length; i++) {
      const c = text.charCodeAt(start + i) - HANGUL_FIRST;
      if (!(c >= 0 && c < span)) return -1;
      code = code * span + c;
    }
    return code;
  }
}

const HANGUL = /[\uAC00-\uD7A3]/;

export class IntentClassifier {
  readonly intents: string[];
  private readonly intentIndex = new Map<string, number>();
  private readonly featureIndex = new Map<string, number>();
  private weights: Float64Array = new Float64Array(0);
  private bias: Float64Array;
  private readonly exampleVectors: SparseVector[] = [];
  private readonly exampleLabels: number[] = [];
  private readonly exampleTexts: string[] = [];
  /**
   * feature → examples containing it (and the feature's value there), for nearest-example search without
   * a scan. One flat list for all features (feature f's part runs from postingStart[f] to
   * postingStart[f + 1]), in example order: contiguous memory instead of an array per feature.
   */
  private postingStart: Int32Array = new Int32Array(1);
  private postingExamples: Int32Array = new Int32Array(0);
  private postingValues: Float64Array = new Float64Array(0);
  /** Scratch space for nearestExamples: similarity per example, and which examples the query reached. */
  private similarity: Float64Array = new Float64Array(0);
  private reachedAt: Int32Array = new Int32Array(0);
  private reachedOrder: Int32Array = new Int32Array(0);
  private query = 0;
  /**
   * nearestExamples' answer, best first: example, similarity, and the first query feature that reached
   * the example (-1 until a tie needs it).
   */
  private neighbourExamples: Int32Array = new Int32Array(0);
  private neighbourSimilarities: Float64Array = new Float64Array(0);
  private neighbourFirstFeatures: Int32Array = new Int32Array(0);
  private neighbourCount = 0;
  /** Whether some feature weight is negative or not finite, so that a vector value may be < 0 or NaN. */
  private readonly signedValues: boolean;
  private readonly keywords: CompiledKeyword[] = [];
  private readonly fuzzyKeywords: Fuse<CompiledKeyword>;
  private readonly fuzzyCache = new Map<string, CompiledKeyword | null>();
  private readonly vocabulary = new Set<string>();
  private idf: Float64Array = new Float64Array(0);
  /** Scratch space for vectorize, sized to the feature vocabulary once it is known. */
  private featureCounts: Float64Array = new Float64Array(0);
  private featureSeenAt: Int32Array = new Int32Array(0);
  private featureOrder: Int32Array = new Int32Array(0);
  /** Scratch space for scores: the mention's vector, keyword scores, keyword boosts, neighbour votes. */
  private queryVector: SparseVector = { idx: new Int32Array(0), val: new Float64Array(0) };
  private keywordScores: Float64Array;
  private keywordBoosts: Float64Array;
  private neighbourVotes: Float64Array;
  private vectorizeStamp = 0;
  private featureTotal = 0;
  private hangulIndex: HangulFeatureIndex | undefined;
  /**
   * The Latin words of the training texts, with every word pair of the vocabulary: a pair feature
   * exists only for two words that followed each other in a training text.
   */
  private readonly trainingWords = new Map<string, LatinWordFeatures>();
  /** Other Latin words, as mentions bring them (their own features are never in the vocabulary). */
  private readonly otherWords = new Map<string, LatinWordFeatures>();
  private lastLatinWord: string | undefined;
  private lastLatinWordFeatures: LatinWordFeatures | undefined;
  /** Hangul keywords (indices into keywords, in order) by the first code unit of their pattern. */
  private readonly hangulKeywords = new Map<number, number[]>();
  /** The other keywords (indices into keywords, in order) by their first word. */
  private readonly wordKeywords = new Map<string, number[]>();
  /** Scratch space for matchKeywords: keywordHitAt[k] === keywordStamp when keyword k matched this text. */
  private keywordHitAt: Int32Array = new Int32Array(0);
  private keywordStamp = 0;

  constructor(
    intents: Pick<Intent, "id" | "examples" | "negativeExamples" | "keywords">[],
    private readonly settings: Pick<PackSettings, "threshold" | "ambiguity_threshold" | "fallback_intent">,
    private readonly options: ClassifierOptions = DEFAULT_CLASSIFIER_OPTIONS,
  ) {
    this.intents = intents.map((i) => i.id);
    for (const [i, id] of this.intents.entries()) this.intentIndex.set(id, i);
    this.bias = new Float64Array(this.intents.length);
    this.keywordScores = new Float64Array(this.intents.length);
    this.keywordBoosts = new Float64Array(this.intents.length);
    this.neighbourVotes = new Float64Array(this.intents.length);
    this.signedValues = Object.values(options.featureWeights).some((w) => !(Number.isFinite(w) && w >= 0));
    this.compileKeywords(intents);
    this.fuzzyKeywords = new Fuse(
      this.keywords.filter((k) => !HANGUL.test(k.term) && !k.term.includes(" ") && k.term.length >= 4),
      { keys: ["term"], threshold: 0.3, includeScore: true, ignoreLocation: true, minMatchCharLength: 3 },
    );
    this.train(intents);
  }

  private compileKeywords(intents: Pick<Intent, "id" | "keywords">[]): void {
    intents.forEach((intent, i) => {
      for (const keyword of intent.keywords) {
        const term = normalizeForMatching(keyword.term);
        if (!term) continue;
        const index = this.keywords.length;
        const compiled = { index, intent: i, term, weight: keyword.weight };
        if (HANGUL.test(term)) {
          const hangul = term.replace(/\s+/g, "");
          this.keywords.push({ ...compiled, pattern: { hangul } });
          addToList(this.hangulKeywords, hangul.charCodeAt(0), index);
        } else {
          // A normalized term is words separated by single spaces, like the text it is matched in.
          const words = term.split(" ");
          this.keywords.push({ ...compiled, pattern: { words } });
          addToList(this.wordKeywords, words[0] as string, index);
        }
      }
    });
    this.keywordHitAt = new Int32Array(this.keywords.length);
  }

  /**
   * The keywords whose pattern occurs in normalized text (words separated by single spaces), in the
   * order of `keywords`. A Hangul pattern may start wherever its first code unit is in the text without
   * spaces. A word pattern must match whole words from a word equal to its first one (or, for a
   * one-word pattern, a word that is it plus an inflection): the same as the regex
   * `(?:^|\s)term(?:s|es|d|ed|ing)?(?=\s|$)` on the text, looked up by word instead of tried per keyword.
   */
  private exactKeywordMatches(normalized: string, words: readonly string[], stamp: number): number[] {
    const hitAt = this.keywordHitAt;
    const hits: number[] = [];
    const hit = (k: number) => {
      hitAt[k] = stamp;
      hits.push(k);
    };
    const compact = normalized.replaceAll(" ", "");
    for (let i = 0; i < compact.length; i++) {
      const candidates = this.hangulKeywords.get(compact.charCodeAt(i));
      if (!candidates) continue;
      for (const k of candidates) {
        const pattern = (this.keywords[k] as CompiledKeyword).pattern as { hangul: string };
        if (hitAt[k] !== stamp && compact.startsWith(pattern.hangul, i)) hit(k);
      }
    }
    for (let i = 0; i < words.length; i++) {
      const word = words[i] as string;
      for (const k of this.wordKeywords.get(word) ?? []) {
        if (hitAt[k] !== stamp && wordsMatchAt((this.keywords[k] as CompiledKeyword).pattern, words, i))
          hit(k);
      }
      // Every inflection ends in s, d or g: other words (all Hangul ones) need no look at them.
      const last = word.charCodeAt(word.length - 1);
      if (last !== 0x73 && last !== 0x64 && last !== 0x67) continue;
      for (const ending of INFLECTIONS) {
        if (!word.endsWith(ending)) continue;
        for (const k of this.wordKeywords.get(word.slice(0, -ending.length)) ?? []) {
          const pattern = (this.keywords[k] as CompiledKeyword).pattern as { words: string[] };
          if (hitAt[k] !== stamp && pattern.words.length === 1) hit(k);
        }
      }
    }
    return hits.sort((a, b) => a - b);
  }

  /**
   * The text's feature vector. With `into` (scratch arrays as long as the vocabulary), the vector is
   * written there and returned as views of it, valid until the next call with the same arrays: a
   * mention's vector is only needed while it is scored.
   */
  private vectorize(normalized: string, into?: SparseVector, latin = latinWords(normalized)): SparseVector {
    // Counts are summed per feature index in scratch arrays, in the order features first occur
    // (the order extractFeatures' map would have), so the vector is the same without a map per text.
    this.vectorizeStamp++;
    this.featureTotal = 0;
    forEachFeature(normalized, this.options.featureWeights, this.featureSink, latin);
    const n = this.featureTotal;
    const counts = this.featureCounts;
    const order = this.featureOrder;
    const idx = into ? into.idx.subarray(0, n) : new Int32Array(n);
    const val = into ? into.val.subarray(0, n) : new Float64Array(n);
    // Without idf every factor is 1: skip reading it (x * 1 is x).
    const idf = this.options.idf ? this.idf : undefined;
    let norm = 0;
    for (let j = 0; j < n; j++) {
      const index = order[j] as number;
      const logCount = Math.log1p(counts[index] as number);
      const value = idf ? logCount * (idf[index] as number) : logCount;
      idx[j] = index;
      val[j] = value;
      norm += value * value;
    }
    norm = Math.sqrt(norm) || 1;
    for (let j = 0; j < n; j++) val[j] = (val[j] as number) / norm;
    return { idx, val };
  }

  private countFeature(index: number, weight: number): void {
    const counts = this.featureCounts;
    if (this.featureSeenAt[index] !== this.vectorizeStamp) {
      this.featureSeenAt[index] = this.vectorizeStamp;
      counts[index] = 0;
      this.featureOrder[this.featureTotal++] = index;
    }
    counts[index] = (counts[index] as number) + weight;
  }

  /** Where vectorize's features go: looked up in the vocabulary (Hangul ones by character codes) and counted. */
  private readonly featureSink: FeatureSink = {
    hangul: (family, text, start, weight) => {
      let index = (this.hangulIndex as HangulFeatureIndex).lookup(family, text, start);
      if (index === NOT_NUMBERED) index = this.featureIndex.get(hangulFeatureKey(family, text, start)) ?? -1;
      if (index >= 0) this.countFeature(index, weight);
    },
    word: (word, weight) => {
      const index = this.latinWord(word).feature;
      if (index >= 0) this.countFeature(index, weight);
    },
    wordPair: (first, second, weight) => {
      const index = this.latinWord(first).pairs?.get(second);
      if (index !== undefined) this.countFeature(index, weight);
    },
    wordTrigrams: (word, weight) => {
      for (const index of this.latinWord(word).trigrams) if (index >= 0) this.countFeature(index, weight);
    },
  };

  /** A Latin word's feature indices, without building its feature keys again. */
  private latinWord(word: string): LatinWordFeatures {
    // The sink asks about the same word up to three times in a row (word, pair, 3-grams).
    if (word === this.lastLatinWord) return this.lastLatinWordFeatures as LatinWordFeatures;
    let features = this.trainingWords.get(word) ?? this.otherWords.get(word);
    if (features === undefined) {
      features = this.lookUpLatinWord(word);
      if (this.otherWords.size >= OTHER_WORDS_KEPT) this.otherWords.clear();
      this.otherWords.set(word, features);
    }
    this.lastLatinWord = word;
    this.lastLatinWordFeatures = features;
    return features;
  }

  private lookUpLatinWord(word: string): LatinWordFeatures {
    return {
      feature: this.featureIndex.get(wordKey(word)) ?? -1,
      trigrams: hasWordTrigrams(word)
        ? Int32Array.from(wordTrigramKeys(word), (key) => this.featureIndex.get(key) ?? -1)
        : new Int32Array(0),
    };
  }

  /** Fills trainingWords once the vocabulary is known, before any text is vectorized. */
  private indexTrainingWords(normalizedTexts: readonly string[]): void {
    for (const normalized of normalizedTexts) {
      const words = latinWords(normalized);
      for (let i = 0; i < words.length; i++) {
        const word = words[i] as string;
        let features = this.trainingWords.get(word);
        if (features === undefined) {
          features = this.lookUpLatinWord(word);
          this.trainingWords.set(word, features);
        }
        const next = words[i + 1];
        if (next === undefined) continue;
        const pair = this.featureIndex.get(wordPairKey(word, next));
        if (pair === undefined) continue;
        features.pairs ??= new Map();
        features.pairs.set(next, pair);
      }
    }
  }

  private train(intents: Pick<Intent, "id" | "examples" | "negativeExamples">[]): void {
    type Sample = { x: SparseVector; label: number; negative: boolean };
    const texts: Array<{ text: string; normalized: string; label: number; negative: boolean }> = [];
    intents.forEach((intent, label) => {
      for (const text of intent.examples)
        texts.push({ text, normalized: normalizeForMatching(text), label, negative: false });
    });
    intents.forEach((intent, label) => {
      for (const text of intent.negativeExamples)
        texts.push({ text, normalized: normalizeForMatching(text), label, negative: true });
    });
    // First pass: the feature vocabulary and, for idf, how many texts contain each feature.
    const documentFrequency: number[] = [];
    for (const { normalized, negative } of texts) {
      if (!negative) for (const w of normalized.split(" ")) this.vocabulary.add(w);
      for (const key of extractFeatures(normalized, this.options.featureWeights).keys()) {
        let index = this.featureIndex.get(key);
        if (index === undefined) {
          index = this.featureIndex.size;
          this.featureIndex.set(key, index);
        }
        documentFrequency[index] = (documentFrequency[index] ?? 0) + 1;
      }
    }
    this.idf = Float64Array.from(documentFrequency, (df) =>
      this.options.idf ? Math.log((1 + texts.length) / (1 + df)) + 1 : 1,
    );
    this.featureCounts = new Float64Array(this.featureIndex.size);
    this.featureSeenAt = new Int32Array(this.featureIndex.size);
    this.featureOrder = new Int32Array(this.featureIndex.size);
    this.queryVector = {
      idx: new Int32Array(this.featureIndex.size),
      val: new Float64Array(this.featureIndex.size),
    };
    this.hangulIndex = new HangulFeatureIndex(this.featureIndex);
    this.indexTrainingWords(texts.map((t) => t.normalized));
    const samples: Sample[] = texts.map(({ text, normalized, label, negative }) => {
      const x = this.vectorize(normalized);
      if (!negative) {
        this.exampleVectors.push(x);
        this.exampleLabels.push(label);
        this.exampleTexts.push(text);
      }
      return { x, label, negative };
    });
    this.buildPostings();

    const k = this.intents.length;
    this.weights = new Float64Array(this.featureIndex.size * k);
    const random = mulberry32(this.options.seed);
    const order = samples.map((_, i) => i);
    const probs = new Float64Array(k);
    const grad = new Float64Array(k);
    const weights = this.weights;
    const bias = this.bias;
    const { epochs, learningRate, l2, negativeWeight } = this.options;
    for (let epoch = 0; epoch < epochs; epoch++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j] as number, order[i] as number];
      }
      const rate = learningRate / (1 + epoch / 10);
      for (const s of order) {
        const sample = samples[s] as Sample;
        this.softmax(sample.x, probs);
        // Gradient of the loss with respect to each logit (every entry is set below).
        if (!sample.negative) {
          for (let c = 0; c < k; c++) grad[c] = (probs[c] as number) - (c === sample.label ? 1 : 0);
        } else {
          // Push this intent's probability down: loss = -log(1 - p_label).
          const p = probs[sample.label] as number;
          const factor = (negativeWeight * p) / Math.max(1 - p, 1e-6);
          for (let c = 0; c < k; c++)
            grad[c] = factor * ((c === sample.label ? 1 : 0) - (probs[c] as number));
        }
        for (let c = 0; c < k; c++) bias[c] = (bias[c] as number) - rate * 0.1 * (grad[c] as number);
        const { idx, val } = sample.x;
        for (let j = 0; j < idx.length; j++) {
          const base = (idx[j] as number) * k;
          const v = val[j] as number;
          for (let c = 0; c < k; c++) {
            const w = weights[base + c] as number;
            weights[base + c] = w - rate * ((grad[c] as number) * v + l2 * w);
          }
        }
      }
    }
  }

  private softmax(x: SparseVector, out: Float64Array, extra?: Float64Array): void {
    const k = this.intents.length;
    const weights = this.weights;
    const bias = this.bias;
    for (let c = 0; c < k; c++) out[c] = (bias[c] as number) + (extra ? (extra[c] as number) : 0);
    for (let j = 0; j < x.idx.length; j++) {
      const base = (x.idx[j] as number) * k;
      const v = x.val[j] as number;
      for (let c = 0; c < k; c++) out[c] = (out[c] as number) + (weights[base + c] as number) * v;
    }
    let max = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < k; c++) max = Math.max(max, out[c] as number);
    let sum = 0;
    for (let c = 0; c < k; c++) {
      out[c] = Math.exp((out[c] as number) - max);
      sum += out[c] as number;
    }
    for (let c = 0; c < k; c++) out[c] = (out[c] as number) / sum;
  }

  /** Keyword evidence for the text; adds each matched keyword's weight to its intent in `scores`. */
  private matchKeywords(
    normalized: string,
    words: readonly string[],
    latin: readonly string[],
    scores: Float64Array,
  ): Evidence[] {
    const evidence: Evidence[] = [];
    const stamp = ++this.keywordStamp;
    const hitAt = this.keywordHitAt;
    // Exact matches first, in keyword order; then fuzzy ones, in word order.
    const seen = this.exactKeywordMatches(normalized, words, stamp).map(
      (k) => this.keywords[k] as CompiledKeyword,
    );
    // A misspelled word ("refnd", "cancle") that is not in the examples' vocabulary gets a fuzzy lookup.
    for (const word of latin) {
      if (word.length < 4 || this.vocabulary.has(word)) continue;
      let match = this.fuzzyCache.get(word);
      if (match === undefined) {
        // Fuse proposes candidates; a whole-word edit distance confirms them, because Fuse alone also
        // matches a word against part of a longer keyword (train → transferred).
        match =
          this.fuzzyKeywords
            .search(word, { limit: 5 })
            .map((r) => r.item)
            .find((k) => isTypoOf(word, k.term)) ?? null;
        if (this.fuzzyCache.size > 5000) this.fuzzyCache.clear();
        this.fuzzyCache.set(word, match);
      }
      if (match && hitAt[match.index] !== stamp) {
        hitAt[match.index] = stamp;
        seen.push(match);
        evidence.push({
          kind: "keyword",
          intent: this.intents[match.intent] as string,
          value: `${match.term} (~${word})`,
          score: match.weight * 0.7,
        });
        scores[match.intent] = (scores[match.intent] as number) + match.weight * 0.7;
      }
    }
    // Only fuzzy evidence can start with "term (~": a (normalized) term has no parenthesis.
    const fuzzy = evidence.length > 0;
    for (const keyword of seen) {
      if (fuzzy && evidence.some((e) => e.value.startsWith(`${keyword.term} (~`))) continue;
      scores[keyword.intent] = (scores[keyword.intent] as number) + keyword.weight;
      evidence.push({
        kind: "keyword",
        intent: this.intents[keyword.intent] as string,
        value: keyword.term,
        score: keyword.weight,
      });
    }
    return evidence;
  }

  private buildPostings(): void {
    const features = this.featureIndex.size;
    const start = new Int32Array(features + 1);
    for (const x of this.exampleVectors) {
      for (let j = 0; j < x.idx.length; j++) {
        const f = x.idx[j] as number;
        start[f + 1] = (start[f + 1] as number) + 1;
      }
    }
    for (let f = 0; f < features; f++) start[f + 1] = (start[f + 1] as number) + (start[f] as number);
    const examples = new Int32Array(start[features] as number);
    const values = new Float64Array(start[features] as number);
    const fill = start.slice(0, features);
    this.exampleVectors.forEach((x, e) => {
      for (let j = 0; j < x.idx.length; j++) {
        const f = x.idx[j] as number;
        const at = fill[f] as number;
        examples[at] = e;
        values[at] = x.val[j] as number;
        fill[f] = at + 1;
      }
    });
    this.postingStart = start;
    this.postingExamples = examples;
    this.postingValues = values;
    const n = this.exampleVectors.length;
    this.similarity = new Float64Array(n);
    this.reachedAt = new Int32Array(n);
    this.reachedOrder = new Int32Array(n);
    const limit = Math.max(0, Math.min(Math.floor(this.options.neighbours), n));
    this.neighbourExamples = new Int32Array(limit);
    this.neighbourSimilarities = new Float64Array(limit);
    this.neighbourFirstFeatures = new Int32Array(limit);
  }

  /**
   * The `neighbours` most similar examples to x, best first, into neighbourExamples and
   * neighbourSimilarities; returns how many there are. The candidates are the examples that share a
   * feature with x; among equal similarities, the one x reached first (through an earlier feature of
   * x; in example order within one feature) comes first: what a stable sort of the candidates, in the
   * order reached, would give.
   *
   * Similarities are summed over x's features in order, as the dot product would be, into one slot per
   * example. With finite, non-negative feature weights every value is >= 0, so the examples can be
   * scanned in plain order and those with similarity > 0 kept: a candidate reached only through zero
   * values has similarity 0, adds nothing to the vote (nor to its total) and is never the evidence, so
   * leaving it out changes no answer. Other weights take the candidates in the order reached.
   */
  private nearestExamples(x: SparseVector): number {
    const limit = this.neighbourExamples.length;
    this.neighbourCount = 0;
    if (limit === 0) return 0;
    const similarity = this.similarity.fill(0);
    const start = this.postingStart;
    const examples = this.postingExamples;
    const values = this.postingValues;
    const { idx, val } = x;
    for (let j = 0; j < idx.length; j++) {
      const f = idx[j] as number;
      const v = val[j] as number;
      const end = start[f + 1] as number;
      for (let p = start[f] as number; p < end; p++) {
        const example = examples[p] as number;
        similarity[example] = (similarity[example] as number) + v * (values[p] as number);
      }
    }
    if (this.signedValues) {
      const reached = this.listReached(x);
      for (let r = 0; r < reached; r++) {
        const example = this.reachedOrder[r] as number;
        this.keepIfNear(x, example, similarity[example] as number);
      }
      return this.neighbourCount;
    }
    // 0 until `limit` examples are kept, then the similarity of the last one kept: most examples are
    // below it, or not reached at all (0), and skipped without a closer look.
    let floor = 0;
    for (let example = 0; example < similarity.length; example++) {
      const sim = similarity[example] as number;
      if (sim < floor || sim === 0) continue;
      this.keepIfNear(x, example, sim);
      if (this.neighbourCount === limit) floor = this.neighbourSimilarities[limit - 1] as number;
    }
    return this.neighbourCount;
  }

  /**
   * Puts the example among the nearest if it belongs there: before every kept neighbour that is less
   * similar, or as similar but reached later by x. (The comparisons are those of a stable sort; a NaN
   * similarity, from a weight that makes no sense, goes where that sort would leave it.)
   */
  private keepIfNear(x: SparseVector, example: number, sim: number): void {
    const limit = this.neighbourExamples.length;
    const size = this.neighbourCount;
    const bestExamples = this.neighbourExamples;
    const bestSimilarities = this.neighbourSimilarities;
    const bestFirst = this.neighbourFirstFeatures;
    let first = -1;
    let at = size;
    while (at > 0) {
      const other = bestSimilarities[at - 1] as number;
      if (other === sim) {
        // A tie (rare): the first feature of x that reached each of the two decides.
        if (first < 0) first = this.firstFeature(x, example);
        if (bestFirst[at - 1] === -1)
          bestFirst[at - 1] = this.firstFeature(x, bestExamples[at - 1] as number);
        const otherFirst = bestFirst[at - 1] as number;
        if (otherFirst < first || (otherFirst === first && (bestExamples[at - 1] as number) < example)) break;
      } else if (!(other < sim)) break;
      at--;
    }
    if (at === limit) return;
    // Make room (a handful of entries: a loop is cheaper than copyWithin's calls); the last may drop.
    for (let i = Math.min(size, limit - 1); i > at; i--) {
      bestExamples[i] = bestExamples[i - 1] as number;
      bestSimilarities[i] = bestSimilarities[i - 1] as number;
      bestFirst[i] = bestFirst[i - 1] as number;
    }
    bestExamples[at] = example;
    bestSimilarities[at] = sim;
    bestFirst[at] = first;
    if (size < limit) this.neighbourCount = size + 1;
  }

  /** Lists the examples that share a feature with x in reachedOrder, in the order reached; returns how many. */
  private listReached(x: SparseVector): number {
    const query = ++this.query;
    const start = this.postingStart;
    const examples = this.postingExamples;
    let count = 0;
    for (let j = 0; j < x.idx.length; j++) {
      const f = x.idx[j] as number;
      const end = start[f + 1] as number;
      for (let p = start[f] as number; p < end; p++) {
        const example = examples[p] as number;
        if (this.reachedAt[example] === query) continue;
        this.reachedAt[example] = query;
        this.reachedOrder[count++] = example;
      }
    }
    return count;
  }

  /** The first of x's features whose postings hold the example (each feature's are in example order). */
  private firstFeature(x: SparseVector, example: number): number {
    const examples = this.postingExamples;
    for (let j = 0; j < x.idx.length; j++) {
      const f = x.idx[j] as number;
      let low = this.postingStart[f] as number;
      let high = (this.postingStart[f + 1] as number) - 1;
      while (low <= high) {
        const mid = (low + high) >>> 1;
        const e = examples[mid] as number;
        if (e === example) return j;
        if (e < example) low = mid + 1;
        else high = mid - 1;
      }
    }
    return x.idx.length;
  }

  /** Probabilities per intent (same order as `intents`), with the evidence behind them. */
  scores(text: string): { probabilities: Float64Array; evidence: Evidence[]; known: boolean } {
    const normalized = normalizeForMatching(text);
    const k = this.intents.length;
    const words = splitWords(normalized);
    const latin = latinWordsOf(words);
    const x = this.vectorize(normalized, this.queryVector, latin);
    const keywordScores = this.keywordScores.fill(0);
    const evidence = this.matchKeywords(normalized, words, latin, keywordScores);
    const probabilities = new Float64Array(k);
    if (x.idx.length === 0 && evidence.length === 0) return { probabilities, evidence, known: false };

    const boost = this.keywordBoosts;
    for (let c = 0; c < k; c++) boost[c] = (keywordScores[c] as number) * this.options.keywordBoost;
    this.softmax(x, probabilities, boost);

    const neighbours = this.nearestExamples(x);
    const vote = this.neighbourVotes.fill(0);
    let total = 0;
    for (let i = 0; i < neighbours; i++) {
      const label = this.exampleLabels[this.neighbourExamples[i] as number] as number;
      const similarity = this.neighbourSimilarities[i] as number;
      vote[label] = (vote[label] as number) + similarity;
      total += similarity;
    }
    if (total > 0) {
      const blend = this.options.neighbourBlend;
      for (let c = 0; c < k; c++) {
        probabilities[c] = (1 - blend) * (probabilities[c] as number) + (blend * (vote[c] as number)) / total;
      }
    }
    const best = this.neighbourExamples[0] as number;
    const bestSimilarity = this.neighbourSimilarities[0] as number;
    if (neighbours > 0 && bestSimilarity > 0.2) {
      evidence.push({
        kind: "example",
        intent: this.intents[this.exampleLabels[best] as number] as string,
        value: this.exampleTexts[best] as string,
        score: Math.round(bestSimilarity * 100) / 100,
      });
    }
    return { probabilities, evidence, known: true };
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
    const belowThreshold = top.confidence < this.settings.threshold;
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

function addToList<K>(map: Map<K, number[]>, key: K, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Whether a word pattern's words are the text's words from `at` on, the last one maybe inflected. */
function wordsMatchAt(pattern: CompiledKeyword["pattern"], words: readonly string[], at: number): boolean {
  if (!("words" in pattern)) return false;
  const terms = pattern.words;
  const last = terms.length - 1;
  if (at + last >= words.length) return false;
  for (let j = 0; j < last; j++) if (words[at + j] !== terms[j]) return false;
  const word = words[at + last] as string;
  const term = terms[last] as string;
  return word === term || (word.startsWith(term) && INFLECTIONS.includes(word.slice(term.length)));
}

/** Whether `word` is a misspelling of `term`: one edit for short words, two from seven letters. */
export function isTypoOf(word: string, term: string): boolean {
  const allowed = term.length >= 7 ? 2 : 1;
  if (word === term || Math.abs(word.length - term.length) > allowed) return false;
  return editDistance(word, term) <= allowed;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const cols = b.length + 1;
  const d = Array.from({ length: rows }, (_, i) =>
    Array.from({ length: cols }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const row = d[i] as number[];
      const prev = d[i - 1] as number[];
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      row[j] = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        row[j] = Math.min(row[j] as number, ((d[i - 2] as number[])[j - 2] as number) + 1);
      }
    }
  }
  return (d[a.length] as number[])[b.length] as number;
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
