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
  latinWords,
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
  intent: number;
  term: string;
  weight: number;
  /** Hangul keywords are matched without spaces; Latin ones on word boundaries. */
  pattern: RegExp | string;
  /** A UTF-16 code unit any match must contain: the pattern's first (-1: no such filter). */
  first: number;
}

export interface TrainingExample {
  text: string;
  intent: string;
}

function mulberry32(seed: number): () => number {
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
 * The Hangul entries of the feature vocabulary, keyed by character codes instead of strings: the
 * same feature → index mapping as the vocabulary's string keys, so vectorize builds no key strings.
 */
class HangulFeatureIndex {
  private readonly h1 = new Int32Array(HANGUL_SPAN).fill(-1);
  private readonly h2 = new Map<number, number>();
  private readonly h3 = new Map<number, number>();
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
        return this.h2.get(code) ?? -1;
      case 2:
        return this.h3.get(code) ?? -1;
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
const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

export class IntentClassifier {
  readonly intents: string[];
  private readonly intentIndex = new Map<string, number>();
  private readonly featureIndex = new Map<string, number>();
  private weights: Float64Array = new Float64Array(0);
  private bias: Float64Array;
  private readonly exampleVectors: SparseVector[] = [];
  private readonly exampleLabels: number[] = [];
  private readonly exampleTexts: string[] = [];
  /** feature → examples containing it (and the feature's value there), for nearest-example search without a scan. */
  private postingExamples: Int32Array[] = [];
  private postingValues: Float64Array[] = [];
  /** Scratch space for nearestExamples: similarity per example, and which examples the query touched. */
  private similarity: Float64Array = new Float64Array(0);
  private touchedAt: Int32Array = new Int32Array(0);
  private touched: Int32Array = new Int32Array(0);
  private query = 0;
  private readonly keywords: CompiledKeyword[] = [];
  private readonly fuzzyKeywords: Fuse<CompiledKeyword>;
  private readonly fuzzyCache = new Map<string, CompiledKeyword | null>();
  private readonly vocabulary = new Set<string>();
  private idf: Float64Array = new Float64Array(0);
  /** Scratch space for vectorize, sized to the feature vocabulary once it is known. */
  private featureCounts: Float64Array = new Float64Array(0);
  private featureSeenAt: Int32Array = new Int32Array(0);
  private featureOrder: Int32Array = new Int32Array(0);
  private vectorizeStamp = 0;
  private featureTotal = 0;
  private hangulIndex: HangulFeatureIndex | undefined;
  /** Scratch space for matchKeywords: the code units seen in the current text. */
  private readonly charSeenAt = new Int32Array(65536);
  private keywordStamp = 0;

  constructor(
    intents: Pick<Intent, "id" | "examples" | "negativeExamples" | "keywords">[],
    private readonly settings: Pick<PackSettings, "threshold" | "ambiguity_threshold" | "fallback_intent">,
    private readonly options: ClassifierOptions = DEFAULT_CLASSIFIER_OPTIONS,
  ) {
    this.intents = intents.map((i) => i.id);
    for (const [i, id] of this.intents.entries()) this.intentIndex.set(id, i);
    this.bias = new Float64Array(this.intents.length);
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
        const pattern = HANGUL.test(term)
          ? term.replace(/\s+/g, "")
          : // English inflections (refund → refunds, refunded, refunding) match the same keyword.
            new RegExp(`(?:^|\\s)${escapeRegExp(term)}(?:s|es|d|ed|ing)?(?=\\s|$)`);
        const text = typeof pattern === "string" ? pattern : term;
        const first = text.length > 0 ? text.charCodeAt(0) : -1;
        this.keywords.push({ intent: i, term, weight: keyword.weight, pattern, first });
      }
    });
  }

  private vectorize(normalized: string): SparseVector {
    // Counts are summed per feature index in scratch arrays, in the order features first occur
    // (the order extractFeatures' map would have), so the vector is the same without a map per text.
    this.vectorizeStamp++;
    this.featureTotal = 0;
    forEachFeature(normalized, this.options.featureWeights, this.featureSink);
    const n = this.featureTotal;
    const counts = this.featureCounts;
    const order = this.featureOrder;
    const idx = new Int32Array(n);
    const val = new Float64Array(n);
    let norm = 0;
    for (let j = 0; j < n; j++) {
      const index = order[j] as number;
      const value = Math.log1p(counts[index] as number) * (this.idf[index] ?? 1);
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
    other: (key, weight) => {
      const index = this.featureIndex.get(key);
      if (index !== undefined) this.countFeature(index, weight);
    },
  };

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
    this.hangulIndex = new HangulFeatureIndex(this.featureIndex);
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

  private matchKeywords(normalized: string): { scores: Float64Array; evidence: Evidence[] } {
    const scores = new Float64Array(this.intents.length);
    const evidence: Evidence[] = [];
    const compact = normalized.replace(/\s+/g, "");
    const padded = ` ${normalized} `;
    const seen = new Set<CompiledKeyword>();
    // Which UTF-16 code units the text has: a keyword whose first one is missing cannot match.
    const charSeenAt = this.charSeenAt;
    const stamp = ++this.keywordStamp;
    for (let i = 0; i < normalized.length; i++) charSeenAt[normalized.charCodeAt(i)] = stamp;
    for (const keyword of this.keywords) {
      if (keyword.first >= 0 && charSeenAt[keyword.first] !== stamp) continue;
      const hit =
        typeof keyword.pattern === "string"
          ? compact.includes(keyword.pattern)
          : // The regex can only match where the term itself occurs: a cheap test first.
            padded.includes(keyword.term) && keyword.pattern.test(padded);
      if (hit) seen.add(keyword);
    }
    // A misspelled word ("refnd", "cancle") that is not in the examples' vocabulary gets a fuzzy lookup.
    for (const word of latinWords(normalized)) {
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
      if (match && !seen.has(match)) {
        seen.add(match);
        evidence.push({
          kind: "keyword",
          intent: this.intents[match.intent] as string,
          value: `${match.term} (~${word})`,
          score: match.weight * 0.7,
        });
        scores[match.intent] = (scores[match.intent] as number) + match.weight * 0.7;
      }
    }
    for (const keyword of seen) {
      if (evidence.some((e) => e.value.startsWith(`${keyword.term} (~`))) continue;
      scores[keyword.intent] = (scores[keyword.intent] as number) + keyword.weight;
      evidence.push({
        kind: "keyword",
        intent: this.intents[keyword.intent] as string,
        value: keyword.term,
        score: keyword.weight,
      });
    }
    return { scores, evidence };
  }

  private buildPostings(): void {
    const sizes = new Int32Array(this.featureIndex.size);
    for (const x of this.exampleVectors) {
      for (let j = 0; j < x.idx.length; j++) {
        const f = x.idx[j] as number;
        sizes[f] = (sizes[f] as number) + 1;
      }
    }
    this.postingExamples = Array.from(sizes, (n) => new Int32Array(n));
    this.postingValues = Array.from(sizes, (n) => new Float64Array(n));
    const fill = new Int32Array(this.featureIndex.size);
    this.exampleVectors.forEach((x, e) => {
      for (let j = 0; j < x.idx.length; j++) {
        const f = x.idx[j] as number;
        const at = fill[f] as number;
        (this.postingExamples[f] as Int32Array)[at] = e;
        (this.postingValues[f] as Float64Array)[at] = x.val[j] as number;
        fill[f] = at + 1;
      }
    });
    const n = this.exampleVectors.length;
    this.similarity = new Float64Array(n);
    this.touchedAt = new Int32Array(n);
    this.touched = new Int32Array(n);
  }

  /**
   * The `neighbours` most similar examples, best first; equal similarities keep the order in which the
   * examples were first reached (the order a stable sort of every candidate would give).
   */
  private nearestExamples(x: SparseVector): Array<{ example: number; similarity: number }> {
    const similarity = this.similarity;
    const touchedAt = this.touchedAt;
    const touched = this.touched;
    const query = ++this.query;
    let count = 0;
    for (let j = 0; j < x.idx.length; j++) {
      const f = x.idx[j] as number;
      const examples = this.postingExamples[f];
      if (!examples || examples.length === 0) continue;
      const values = this.postingValues[f] as Float64Array;
      const v = x.val[j] as number;
      for (let p = 0; p < examples.length; p++) {
        const example = examples[p] as number;
        if (touchedAt[example] !== query) {
          touchedAt[example] = query;
          similarity[example] = 0;
          touched[count++] = example;
        }
        similarity[example] = (similarity[example] as number) + v * (values[p] as number);
      }
    }
    const limit = this.options.neighbours;
    const best: Array<{ example: number; similarity: number }> = [];
    if (limit <= 0) return best;
    for (let t = 0; t < count; t++) {
      const example = touched[t] as number;
      const sim = similarity[example] as number;
      if (best.length >= limit && !(sim > (best[best.length - 1] as { similarity: number }).similarity))
        continue;
      // After every kept neighbour at least as similar: ties stay in first-reached order.
      let at = best.length;
      while (at > 0 && (best[at - 1] as { similarity: number }).similarity < sim) at--;
      best.splice(at, 0, { example, similarity: sim });
      if (best.length > limit) best.pop();
    }
    return best;
  }

  /** Probabilities per intent (same order as `intents`), with the evidence behind them. */
  scores(text: string): { probabilities: Float64Array; evidence: Evidence[]; known: boolean } {
    const normalized = normalizeForMatching(text);
    const k = this.intents.length;
    const x = this.vectorize(normalized);
    const { scores: keywordScores, evidence } = this.matchKeywords(normalized);
    const probabilities = new Float64Array(k);
    if (x.idx.length === 0 && evidence.length === 0) return { probabilities, evidence, known: false };

    const boost = new Float64Array(k);
    for (let c = 0; c < k; c++) boost[c] = (keywordScores[c] as number) * this.options.keywordBoost;
    this.softmax(x, probabilities, boost);

    const neighbours = this.nearestExamples(x);
    const vote = new Float64Array(k);
    let total = 0;
    for (const n of neighbours) {
      const label = this.exampleLabels[n.example] as number;
      vote[label] = (vote[label] as number) + n.similarity;
      total += n.similarity;
    }
    if (total > 0) {
      const blend = this.options.neighbourBlend;
      for (let c = 0; c < k; c++) {
        probabilities[c] = (1 - blend) * (probabilities[c] as number) + (blend * (vote[c] as number)) / total;
      }
    }
    const best = neighbours[0];
    if (best && best.similarity > 0.2) {
      evidence.push({
        kind: "example",
        intent: this.intents[this.exampleLabels[best.example] as number] as string,
        value: this.exampleTexts[best.example] as string,
        score: Math.round(best.similarity * 100) / 100,
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
