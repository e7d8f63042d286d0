/**
 * The intent classifier. Three signals, each explainable on the case card:
 * 1. a softmax (multinomial logistic) model over character/jamo/word n-grams, trained at load on the
 *    pack's examples (and pushed away from each intent's negative examples);
 * 2. the most similar example sentences (cosine over the same features), blended in as a vote;
 * 3. the maintainers' weighted keywords, matched exactly or, for misspelled words, with fuse.js.
 * Training is deterministic (seeded), so the same pack always gives the same answers.
 */
import Fuse from "fuse.js";
import { extractFeatures, FEATURE_WEIGHTS, type FeatureWeights, latinWords } from "./features.js";
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
  /** feature → examples containing it, for nearest-example search without a scan. */
  private readonly postings = new Map<number, Array<[number, number]>>();
  private readonly keywords: CompiledKeyword[] = [];
  private readonly fuzzyKeywords: Fuse<CompiledKeyword>;
  private readonly fuzzyCache = new Map<string, CompiledKeyword | null>();
  private readonly vocabulary = new Set<string>();
  private idf: Float64Array = new Float64Array(0);

  constructor(
    intents: Pick<Intent, "id" | "examples" | "negativeExamples" | "keywords">[],
    private readonly settings: Pick<PackSettings, "threshold" | "ambiguity_threshold" | "fallback_intent">,
    private readonly options: ClassifierOptions = DEFAULT_CLASSIFIER_OPTIONS,
  ) {
    this.intents = intents.map((i) => i.id);
    this.intents.forEach((id, i) => this.intentIndex.set(id, i));
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
          : new RegExp(`(?:^|\\s)${escapeRegExp(term)}(?=\\s|$)`);
        this.keywords.push({ intent: i, term, weight: keyword.weight, pattern });
      }
    });
  }

  private vectorize(normalized: string): SparseVector {
    const counts = extractFeatures(normalized, this.options.featureWeights);
    const idx: number[] = [];
    const val: number[] = [];
    let norm = 0;
    for (const [key, count] of counts) {
      const index = this.featureIndex.get(key);
      if (index === undefined) continue;
      const value = Math.log1p(count) * (this.idf[index] ?? 1);
      idx.push(index);
      val.push(value);
      norm += value * value;
    }
    norm = Math.sqrt(norm) || 1;
    return { idx: Int32Array.from(idx), val: Float64Array.from(val, (v) => v / norm) };
  }

  private train(intents: Pick<Intent, "id" | "examples" | "negativeExamples">[]): void {
    type Sample = { x: SparseVector; label: number; negative: boolean };
    const texts: Array<{ text: string; normalized: string; label: number; negative: boolean }> = [];
    intents.forEach((intent, label) => {
      for (const text of intent.examples) texts.push({ text, normalized: normalizeForMatching(text), label, negative: false });
    });
    intents.forEach((intent, label) => {
      for (const text of intent.negativeExamples) texts.push({ text, normalized: normalizeForMatching(text), label, negative: true });
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
    this.idf = Float64Array.from(documentFrequency, (df) => (this.options.idf ? Math.log((1 + texts.length) / (1 + df)) + 1 : 1));
    const samples: Sample[] = texts.map(({ text, normalized, label, negative }) => {
      const x = this.vectorize(normalized);
      if (!negative) {
        this.exampleVectors.push(x);
        this.exampleLabels.push(label);
        this.exampleTexts.push(text);
      }
      return { x, label, negative };
    });
    this.exampleVectors.forEach((x, e) => {
      for (let j = 0; j < x.idx.length; j++) {
        const f = x.idx[j] as number;
        let list = this.postings.get(f);
        if (!list) this.postings.set(f, (list = []));
        list.push([e, x.val[j] as number]);
      }
    });

    const k = this.intents.length;
    this.weights = new Float64Array(this.featureIndex.size * k);
    const random = mulberry32(this.options.seed);
    const order = samples.map((_, i) => i);
    const probs = new Float64Array(k);
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
        // Gradient of the loss with respect to each logit.
        const grad = new Float64Array(k);
        if (!sample.negative) {
          for (let c = 0; c < k; c++) grad[c] = (probs[c] as number) - (c === sample.label ? 1 : 0);
        } else {
          // Push this intent's probability down: loss = -log(1 - p_label).
          const p = probs[sample.label] as number;
          const factor = (negativeWeight * p) / Math.max(1 - p, 1e-6);
          for (let c = 0; c < k; c++) grad[c] = factor * ((c === sample.label ? 1 : 0) - (probs[c] as number));
        }
        for (let c = 0; c < k; c++) this.bias[c] = (this.bias[c] as number) - rate * 0.1 * (grad[c] as number);
        const { idx, val } = sample.x;
        for (let j = 0; j < idx.length; j++) {
          const base = (idx[j] as number) * k;
          const v = val[j] as number;
          for (let c = 0; c < k; c++) {
            const w = this.weights[base + c] as number;
            this.weights[base + c] = w - rate * ((grad[c] as number) * v + l2 * w);
          }
        }
      }
    }
  }

  private softmax(x: SparseVector, out: Float64Array, extra?: Float64Array): void {
    const k = this.intents.length;
    for (let c = 0; c < k; c++) out[c] = (this.bias[c] as number) + (extra ? (extra[c] as number) : 0);
    for (let j = 0; j < x.idx.length; j++) {
      const base = (x.idx[j] as number) * k;
      const v = x.val[j] as number;
      for (let c = 0; c < k; c++) out[c] = (out[c] as number) + (this.weights[base + c] as number) * v;
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
    for (const keyword of this.keywords) {
      const hit =
        typeof keyword.pattern === "string" ? compact.includes(keyword.pattern) : keyword.pattern.test(padded);
      if (hit) seen.add(keyword);
    }
    // A misspelled word ("refnd", "cancle") that is not in the examples' vocabulary gets a fuzzy lookup.
    for (const word of latinWords(normalized)) {
      if (word.length < 4 || this.vocabulary.has(word)) continue;
      let match = this.fuzzyCache.get(word);
      if (match === undefined) {
        match = this.fuzzyKeywords.search(word, { limit: 1 })[0]?.item ?? null;
        if (this.fuzzyCache.size > 5000) this.fuzzyCache.clear();
        this.fuzzyCache.set(word, match);
      }
      if (match && !seen.has(match)) {
        seen.add(match);
        evidence.push({ kind: "keyword", intent: this.intents[match.intent] as string, value: `${match.term} (~${word})`, score: match.weight * 0.7 });
        scores[match.intent] = (scores[match.intent] as number) + match.weight * 0.7;
      }
    }
    for (const keyword of seen) {
      if (evidence.some((e) => e.value.startsWith(`${keyword.term} (~`))) continue;
      scores[keyword.intent] = (scores[keyword.intent] as number) + keyword.weight;
      evidence.push({ kind: "keyword", intent: this.intents[keyword.intent] as string, value: keyword.term, score: keyword.weight });
    }
    return { scores, evidence };
  }

  private nearestExamples(x: SparseVector): Array<{ example: number; similarity: number }> {
    const similarity = new Map<number, number>();
    for (let j = 0; j < x.idx.length; j++) {
      const list = this.postings.get(x.idx[j] as number);
      if (!list) continue;
      const v = x.val[j] as number;
      for (const [example, value] of list) similarity.set(example, (similarity.get(example) ?? 0) + v * value);
    }
    return [...similarity]
      .map(([example, sim]) => ({ example, similarity: sim }))
      .sort((a, b) => b.similarity - a.similarity)
      .slice(0, this.options.neighbours);
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
      return { intent: fallback, confidence: 0, alternatives: [], evidence, ambiguous: false, bestGuess: fallback, language };
    }
    const ranked: Scored[] = this.intents
      .map((intent, c) => ({ intent, confidence: round(probabilities[c] as number) }))
      .sort((a, b) => b.confidence - a.confidence);
    const [top, second] = ranked as [Scored, Scored | undefined];
    const belowThreshold = top.confidence < this.settings.threshold;
    const ambiguous =
      !belowThreshold && second !== undefined && top.confidence - second.confidence < this.settings.ambiguity_threshold;
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
