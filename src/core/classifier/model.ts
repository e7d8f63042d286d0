/**
 * The softmax (multinomial logistic regression) model over feature vectors, trained by seeded SGD on
 * the pack's examples and pushed away from each intent's negative examples. Deterministic: the same
 * samples and options always give the same weights.
 */
import { FEATURE_WEIGHTS, type FeatureWeights } from "../features.js";
import type { SparseVector } from "./feature-index.js";

export interface ClassifierOptions {
  epochs: number;
  learningRate: number;
  l2: number;
  /** Weight of the nearest-examples vote against the softmax model. */
  neighbourBlend: number;
  /**
   * The similarity of the nearest example from which its vote counts in full; below it, the vote
   * counts in proportion, so that a mention like no example (chit-chat) is not made confident by it.
   */
  neighbourConfidence: number;
  neighbours: number;
  /**
   * Features that more than this share of the examples have are left out of the nearest-example
   * search (see neighbourVectors in trained.ts); 1 keeps them all.
   */
  neighbourFeatureShare: number;
  /** How much one unit of keyword weight adds to an intent's logit. */
  keywordBoost: number;
  /** Weight of a negative example's push relative to a positive example. */
  negativeWeight: number;
  /** Weight, relative to an example, of an intent's title, description sentences and keywords as samples. */
  metadataWeight: number;
  /** Weight, relative to an example, of the example mentions of an intent's reply situations. */
  situationWeight: number;
  /**
   * Weight, relative to an example, of each built-in off-topic mention (general-texts.ts) as an
   * example of the pack's fallback intent, at most (a small pack gets less, see trainState); 0 leaves
   * them out.
   */
  offTopicWeight: number;
  /**
   * The share of the other real intents' probability a mention that only praises gives the pack's
   * praise-like intent, in a pack of up to 24 examples an intent (less above): praise-prior.ts; 0 off.
   */
  praiseShift: number;
  /**
   * The share of the praise-like intent's and the fallback intent's probability a sarcastic mention
   * ("덕분에 비행기 놓쳤어요^^ 감사합니다") gives the other real intents: praise-prior.ts; 0 off. The
   * praise-like intent is the one the praise prior found: with praiseShift 0, only the fallback gives.
   */
  sarcasmShift: number;
  /**
   * The share of the real intents' probability a mention that tags another company's handle (and
   * nothing the pack names) gives the fallback intent: other-companies.ts; 0 off.
   */
  otherCompanyShift: number;
  /**
   * The share of the real intents' probability advertising and follower spam (the `spam` request cue:
   * 맞팔, 부업, "DM 주세요", follow back, crypto) gives the fallback intent; 0 off. Spam is written
   * around the pack's own words (#소라항공 #비행기샷), which the examples cannot outweigh alone.
   */
  spamShift: number;
  /**
   * The share of the real intents' probability a playful mention that asks for nothing gives the
   * fallback intent (cues.ts playfulAndAsksNothing: ㅋㅋ, 😂, 설레 and no request, problem, question,
   * thanks or praise: "월급날 = 모아몰 장바구니 비우는 날 ㅋㅋㅋ"); 0 off.
   */
  playfulShift: number;
  seed: number;
  /** Relative strength of each feature family: finite and >= 0 (checked by the classifier). */
  featureWeights: FeatureWeights;
}

// Chosen by cross-validation on examples (eval --cv 5 and --few-shot 12 on the default pack, --cv 5 on
// the airline fixture pack), never on test sentences; see README "What the figures mean".
export const DEFAULT_CLASSIFIER_OPTIONS: Readonly<ClassifierOptions> = Object.freeze({
  epochs: 30,
  learningRate: 1.5,
  l2: 1e-4,
  neighbourBlend: 0.3,
  neighbourConfidence: 0.5,
  neighbours: 5,
  neighbourFeatureShare: 0.1,
  keywordBoost: 0.8,
  negativeWeight: 0.5,
  metadataWeight: 0.35,
  situationWeight: 0.35,
  offTopicWeight: 0.35,
  praiseShift: 0.5,
  sarcasmShift: 1,
  otherCompanyShift: 0.5,
  spamShift: 0.5,
  playfulShift: 0.3,
  seed: 20091128,
  featureWeights: FEATURE_WEIGHTS,
});

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

export interface TrainingSample {
  x: SparseVector;
  label: number;
  /** A negative example: push its intent's probability down instead of up. */
  negative: boolean;
  /** How much the sample counts (1 for an example; less for an intent's title, description, keywords). */
  weight: number;
}

/** Weights are feature-major: feature f's weight for intent c is weights[f * intents + c]. */
export class SoftmaxModel {
  constructor(
    readonly intents: number,
    readonly weights: Float64Array,
    readonly bias: Float64Array,
  ) {}

  static train(
    samples: readonly TrainingSample[],
    intents: number,
    features: number,
    options: Pick<ClassifierOptions, "epochs" | "learningRate" | "l2" | "negativeWeight" | "seed">,
  ): SoftmaxModel {
    const k = intents;
    const model = new SoftmaxModel(k, new Float64Array(features * k), new Float64Array(k));
    const { weights, bias } = model;
    const random = mulberry32(options.seed);
    const order = samples.map((_, i) => i);
    const probs = new Float64Array(k);
    const grad = new Float64Array(k);
    const { epochs, learningRate, l2, negativeWeight } = options;
    for (let epoch = 0; epoch < epochs; epoch++) {
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j] as number, order[i] as number];
      }
      const rate = learningRate / (1 + epoch / 10);
      for (const s of order) {
        const sample = samples[s] as TrainingSample;
        model.probabilities(sample.x, probs);
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
        if (sample.weight !== 1) for (let c = 0; c < k; c++) grad[c] = (grad[c] as number) * sample.weight;
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
    return model;
  }

  /** Softmax of bias + extra + weights · x, into `out` (one entry per intent). */
  probabilities(x: SparseVector, out: Float64Array, extra?: Float64Array): void {
    const k = this.intents;
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
}
