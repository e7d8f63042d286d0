/**
 * The nearest training examples to a mention (the dot product of L2-normalized vectors over the
 * model's features, less those most examples share; see neighbourVectors in trained.ts): an inverted
 * index from feature to the examples containing it, so a query touches only examples that share a
 * feature with it.
 */
import type { SparseVector } from "./feature-index.js";

/**
 * feature → examples containing it (and the feature's value there). One flat list for all features
 * (feature f's part runs from start[f] to start[f + 1]), in example order: contiguous memory instead
 * of an array per feature.
 */
export interface Postings {
  start: Int32Array;
  examples: Int32Array;
  values: Float64Array;
}

export function buildPostings(vectors: readonly SparseVector[], features: number): Postings {
  const start = new Int32Array(features + 1);
  for (const x of vectors) {
    for (let j = 0; j < x.idx.length; j++) {
      const f = x.idx[j] as number;
      start[f + 1] = (start[f + 1] as number) + 1;
    }
  }
  for (let f = 0; f < features; f++) start[f + 1] = (start[f + 1] as number) + (start[f] as number);
  const examples = new Int32Array(start[features] as number);
  const values = new Float64Array(start[features] as number);
  const fill = start.slice(0, features);
  vectors.forEach((x, e) => {
    for (let j = 0; j < x.idx.length; j++) {
      const f = x.idx[j] as number;
      const at = fill[f] as number;
      examples[at] = e;
      values[at] = x.val[j] as number;
      fill[f] = at + 1;
    }
  });
  return { start, examples, values };
}

export class NearestExamples {
  /** Scratch space: similarity per example. */
  private readonly similarity: Float64Array;
  /**
   * The last query's answer, best first: example, similarity, and the first query feature that reached
   * the example (-1 until a tie needs it).
   */
  readonly examples: Int32Array;
  readonly similarities: Float64Array;
  private readonly firstFeatures: Int32Array;
  private count = 0;

  constructor(
    readonly postings: Postings,
    exampleCount: number,
    neighbours: number,
  ) {
    this.similarity = new Float64Array(exampleCount);
    const limit = Math.max(0, Math.min(Math.floor(neighbours), exampleCount));
    this.examples = new Int32Array(limit);
    this.similarities = new Float64Array(limit);
    this.firstFeatures = new Int32Array(limit);
  }

  /**
   * The `neighbours` most similar examples to x, best first, into `examples` and `similarities`;
   * returns how many there are. The candidates are the examples that share a feature with x; among
   * equal similarities, the one x reached first (through an earlier feature of x; in example order
   * within one feature) comes first: what a stable sort of the candidates, in the order reached, would
   * give.
   *
   * Similarities are summed over x's features in order, as the dot product would be, into one slot per
   * example. Feature weights are finite and non-negative, so every value is >= 0 and the examples can
   * be scanned in plain order keeping those with similarity > 0: a candidate reached only through zero
   * values has similarity 0, adds nothing to the vote (nor to its total) and is never the evidence, so
   * leaving it out changes no answer.
   */
  query(x: SparseVector): number {
    const limit = this.examples.length;
    this.count = 0;
    if (limit === 0) return 0;
    const similarity = this.similarity.fill(0);
    const { start, examples, values } = this.postings;
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
    // 0 until `limit` examples are kept, then the similarity of the last one kept: most examples are
    // below it, or not reached at all (0), and skipped without a closer look.
    let floor = 0;
    for (let example = 0; example < similarity.length; example++) {
      const sim = similarity[example] as number;
      if (sim < floor || sim === 0) continue;
      this.keepIfNear(x, example, sim);
      if (this.count === limit) floor = this.similarities[limit - 1] as number;
    }
    return this.count;
  }

  /**
   * Puts the example among the nearest if it belongs there: before every kept neighbour that is less
   * similar, or as similar but reached later by x (the comparisons of a stable sort).
   */
  private keepIfNear(x: SparseVector, example: number, sim: number): void {
    const limit = this.examples.length;
    const size = this.count;
    const bestExamples = this.examples;
    const bestSimilarities = this.similarities;
    const bestFirst = this.firstFeatures;
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
    if (size < limit) this.count = size + 1;
  }

  /** The first of x's features whose postings hold the example (each feature's are in example order). */
  private firstFeature(x: SparseVector, example: number): number {
    const { start, examples } = this.postings;
    for (let j = 0; j < x.idx.length; j++) {
      const f = x.idx[j] as number;
      let low = start[f] as number;
      let high = (start[f + 1] as number) - 1;
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
}
