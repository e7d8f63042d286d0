/**
 * The vectors behind situation ranking: each `when.examples` sentence as count × idf over the
 * features.ts features (default weights), and a mention's dot product with every example sentence.
 *
 * This is the hot path of drafting, so it works as the classifier's FeatureIndex does: feature ids
 * in typed tables (Hangul n-grams, most of a Korean mention's features, by character codes, with no
 * key string built), postings in one flat list, and scratch arrays reused from call to call instead
 * of a map per mention. A mention's features that no example has still count in its norm, at the
 * idf of an unseen feature, summed per feature as a map would: the same figures, in the same order
 * of additions, as counting into a map.
 */
import { CodeTable } from "./classifier/feature-index.js";
import {
  FEATURE_WEIGHTS,
  type FeatureSink,
  forEachFeature,
  HANGUL_FAMILY_LENGTH,
  type HangulFamily,
  hasWordTrigrams,
  latinWords,
  wordKey,
  wordPairKey,
  wordTrigramKeys,
} from "./features.js";

/** How many keys only mentions have (and their words) are remembered before starting over. */
const MENTION_KEYS_KEPT = 20_000;

/** A Hangul n-gram as one number: the family, then up to three UTF-16 code units (below 2^53). */
function hangulCode(family: HangulFamily, text: string, start: number): number {
  let code: number = family;
  const length = HANGUL_FAMILY_LENGTH[family] as number;
  for (let i = 0; i < 3; i++) code = code * 65536 + (i < length ? text.charCodeAt(start + i) : 0);
  return code;
}

/** Growable scratch arrays: one entry per distinct feature of the text being read, in first-seen order. */
class FeatureTally {
  /** The feature's id in the vocabulary, or -1 for one the vocabulary does not have. */
  ids = new Int32Array(64);
  counts = new Float64Array(64);
  size = 0;

  /** A new entry for a feature first seen now; returns its position. */
  add(id: number): number {
    if (this.size === this.ids.length) {
      const ids = new Int32Array(this.size * 2);
      ids.set(this.ids);
      this.ids = ids;
      const counts = new Float64Array(this.size * 2);
      counts.set(this.counts);
      this.counts = counts;
    }
    this.ids[this.size] = id;
    this.counts[this.size] = 0;
    return this.size++;
  }
}

export class ExampleVectors {
  /** How many example sentences. */
  readonly count: number;
  /** Each example's L2 norm (1 for an example without features). */
  readonly norms: Float64Array;
  /** After `dots`: the mention's dot product with each example (valid until the next call). */
  readonly dots: Float64Array;

  private readonly hangulIds = new CodeTable();
  private readonly otherIds = new Map<string, number>();
  private readonly idf: Float64Array;
  private readonly unknownIdf: number;
  /** Feature f's examples and weights are at start[f] … start[f + 1] − 1, in example order. */
  private readonly start: Int32Array;
  private readonly examples: Int32Array;
  private readonly weights: Float64Array;

  // Scratch for reading one text: the tally, and where each vocabulary feature sits in it.
  private readonly tally = new FeatureTally();
  private readonly seenAt: Int32Array;
  private readonly positionOf: Int32Array;
  private stamp = 0;
  /** Positions of this text's features the vocabulary lacks (codes and keys are per text). */
  private readonly otherHangul = new CodeTable();
  private readonly otherKeys = new Map<number, number>();
  /** While building: new features get ids; while ranking, the vocabulary is fixed. */
  private building = true;
  private vocabulary = 0;

  /** `texts`: the example sentences, normalized (normalizeForMatching). */
  constructor(texts: readonly string[]) {
    this.count = texts.length;
    // Each example's distinct features and counts, in first-seen order.
    const perExample = texts.map((text) => {
      this.read(text, latinWords(text));
      return {
        ids: this.tally.ids.slice(0, this.tally.size),
        counts: this.tally.counts.slice(0, this.tally.size),
      };
    });
    this.building = false;
    const features = this.vocabulary;
    const df = new Int32Array(features);
    for (const e of perExample) for (const id of e.ids) df[id] = (df[id] as number) + 1;
    const n = Math.max(texts.length, 1);
    this.idf = new Float64Array(features);
    for (let f = 0; f < features; f++) this.idf[f] = Math.log(1 + n / (df[f] as number));
    this.unknownIdf = Math.log(1 + n);

    this.start = new Int32Array(features + 1);
    for (let f = 0; f < features; f++) this.start[f + 1] = (this.start[f] as number) + (df[f] as number);
    const total = this.start[features] as number;
    this.examples = new Int32Array(total);
    this.weights = new Float64Array(total);
    const fill = this.start.slice(0, features);
    this.norms = new Float64Array(texts.length);
    perExample.forEach(({ ids, counts }, example) => {
      let norm = 0;
      for (let j = 0; j < ids.length; j++) {
        const id = ids[j] as number;
        const weight = (counts[j] as number) * (this.idf[id] as number);
        norm += weight * weight;
        const at = fill[id] as number;
        this.examples[at] = example;
        this.weights[at] = weight;
        fill[id] = at + 1;
      }
      this.norms[example] = Math.sqrt(norm) || 1;
    });
    this.seenAt = new Int32Array(features);
    this.positionOf = new Int32Array(features);
    this.dots = new Float64Array(texts.length);
  }

  /**
   * The mention's dot product with every example, into `dots`; returns the mention's norm (1 when
   * it has no features).
   */
  dotsWith(normalized: string, latin: readonly string[]): number {
    this.read(normalized, latin);
    const dots = this.dots.fill(0);
    const { ids, counts, size } = this.tally;
    let norm = 0;
    for (let j = 0; j < size; j++) {
      const id = ids[j] as number;
      const weight = (counts[j] as number) * (id >= 0 ? (this.idf[id] as number) : this.unknownIdf);
      norm += weight * weight;
      if (id < 0) continue;
      const end = this.start[id + 1] as number;
      for (let p = this.start[id] as number; p < end; p++) {
        const e = this.examples[p] as number;
        dots[e] = (dots[e] as number) + weight * (this.weights[p] as number);
      }
    }
    return Math.sqrt(norm) || 1;
  }

  /** Tallies the text's features (see FeatureTally). */
  private read(normalized: string, latin: readonly string[]): void {
    this.tally.size = 0;
    this.stamp++;
    if (this.building) this.buildPositions.clear();
    // Only between texts: ids above the vocabulary must mean one key for the whole of a text.
    else if (this.mentionOnly.size >= MENTION_KEYS_KEPT) this.forgetMentionKeys();
    if (this.otherHangul.count) this.otherHangul.clear();
    if (this.otherKeys.size) this.otherKeys.clear();
    forEachFeature(normalized, FEATURE_WEIGHTS, this.sink, latin);
  }

  /** Counts one occurrence of a vocabulary feature (id ≥ 0). */
  private countKnown(id: number, weight: number): void {
    let at: number;
    if (this.building) {
      // Building: seenAt and positionOf are not allocated yet; per-example maps stand in.
      at = this.buildPositions.get(id) ?? -1;
      if (at < 0) {
        at = this.tally.add(id);
        this.buildPositions.set(id, at);
      }
    } else if (this.seenAt[id] === this.stamp) at = this.positionOf[id] as number;
    else {
      at = this.tally.add(id);
      this.seenAt[id] = this.stamp;
      this.positionOf[id] = at;
    }
    this.tally.counts[at] = (this.tally.counts[at] as number) + weight;
  }

  private readonly buildPositions = new Map<number, number>();

  private countHangul(family: HangulFamily, text: string, start: number, weight: number): void {
    const code = hangulCode(family, text, start);
    let id = this.hangulIds.get(code);
    if (id < 0 && this.building) {
      id = this.vocabulary++;
      this.hangulIds.set(code, id);
    }
    if (id >= 0) {
      this.countKnown(id, weight);
      return;
    }
    let at = this.otherHangul.get(code);
    if (at < 0) {
      at = this.tally.add(-1);
      this.otherHangul.set(code, at);
    }
    this.tally.counts[at] = (this.tally.counts[at] as number) + weight;
  }

  /**
   * The id of a feature named by its key: a vocabulary id, or (ranking) an id above the vocabulary
   * for a key only mentions have, kept so that a word's keys are built once, not per mention.
   */
  private keyId(key: string): number {
    let id = this.otherIds.get(key);
    if (id === undefined) {
      if (this.building) id = this.vocabulary++;
      else {
        id = this.mentionOnly.get(key);
        if (id === undefined) {
          id = this.vocabulary + this.mentionOnly.size;
          this.mentionOnly.set(key, id);
        }
        return id;
      }
      this.otherIds.set(key, id);
    }
    return id;
  }

  /** Counts one occurrence of the feature with this keyId. */
  private countId(id: number, weight: number): void {
    if (id < this.vocabulary || this.building) {
      this.countKnown(id, weight);
      return;
    }
    let at = this.otherKeys.get(id);
    if (at === undefined) {
      at = this.tally.add(-1);
      this.otherKeys.set(id, at);
    }
    this.tally.counts[at] = (this.tally.counts[at] as number) + weight;
  }

  /** A Latin word's feature ids (its `w:` feature, then its in-word 3-grams), looked up once. */
  private wordIds(word: string): Int32Array {
    let ids = this.latinWords.get(word);
    if (ids === undefined) {
      const trigrams = hasWordTrigrams(word) ? wordTrigramKeys(word) : [];
      ids = Int32Array.from([wordKey(word), ...trigrams], (key) => this.keyId(key));
      if (!this.building) this.latinWords.set(word, ids);
    }
    return ids;
  }

  /** Mention-only keys and the words that reached them are forgotten together (bounded memory). */
  private forgetMentionKeys(): void {
    this.mentionOnly.clear();
    this.latinWords.clear();
  }

  private readonly mentionOnly = new Map<string, number>();
  private readonly latinWords = new Map<string, Int32Array>();

  private readonly sink: FeatureSink = {
    hangul: (family, text, start, weight) => this.countHangul(family, text, start, weight),
    word: (word, weight) => this.countId(this.wordIds(word)[0] as number, weight),
    wordPair: (first, second, weight) => this.countId(this.keyId(wordPairKey(first, second)), weight),
    wordTrigrams: (word, weight) => {
      const ids = this.wordIds(word);
      for (let i = 1; i < ids.length; i++) this.countId(ids[i] as number, weight);
    },
    cue: (key, weight) => this.countId(this.keyId(key), weight),
  };
}
