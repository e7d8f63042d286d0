/**
 * The vectors behind situation ranking: each `when.examples` sentence as count × idf over the
 * features.ts features (default weights but three families, see SITUATION_FEATURE_WEIGHTS), and a
 * mention's dot product with every example sentence.
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
  type FeatureWeights,
  forEachFeature,
  HANGUL_FAMILY_LENGTH,
  type HangulFamily,
  hasWordTrigrams,
  latinWords,
  wordKey,
  wordPairKey,
  wordTrigramKeys,
} from "./features.js";

/**
 * Situation ranking reads the classifier's features but three families: not the concept and stance
 * lexicons' (within one intent, situations are told apart by their own words, a delayed parcel from a delayed
 * technician, which the lexicon's broad topics would blur) and not jamo 3-grams (a fifth of the
 * ranking's time; leaving them out changed 4 of 4,926 situation choices over three packs, and no
 * labelled one).
 */
const SITUATION_FEATURE_WEIGHTS: FeatureWeights = { ...FEATURE_WEIGHTS, concept: 0, stance: 0, jamo3: 0 };

/** How many Latin keys only mentions have (and their words) are remembered before starting over. */
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
  /** The feature's id (at or above the vocabulary's size: a feature no example has). */
  ids = new Int32Array(64);
  counts = new Float64Array(64);
  size = 0;
  /** Per feature id: the stamp of the text it was last seen in, and its position in the tally. */
  private seenAt = new Int32Array(1024);
  private positionOf = new Int32Array(1024);
  private stamp = 0;
  /** This text's unseen Hangul n-grams: code → position. */
  private readonly unseen = new CodeTable();

  /** Starts a new text. */
  reset(): void {
    this.size = 0;
    this.stamp++;
    this.unseen.clear();
  }

  /**
   * Counts one occurrence of a Hangul n-gram no example has, by its code: a position of its own in
   * the tally (id -1), found again through a table emptied with each text, so that such features
   * (most of a mention's) never enter the persistent id tables.
   */
  countUnseen(code: number, weight: number): void {
    let at = this.unseen.get(code);
    if (at < 0) {
      if (this.size === this.ids.length) this.growEntries();
      at = this.size++;
      this.ids[at] = -1;
      this.counts[at] = 0;
      this.unseen.set(code, at);
    }
    this.counts[at] = (this.counts[at] as number) + weight;
  }

  /** Counts one occurrence of feature `id`. */
  count(id: number, weight: number): void {
    if (id >= this.seenAt.length) this.growIds(id);
    let at: number;
    if (this.seenAt[id] === this.stamp) at = this.positionOf[id] as number;
    else {
      if (this.size === this.ids.length) this.growEntries();
      at = this.size++;
      this.ids[at] = id;
      this.counts[at] = 0;
      this.seenAt[id] = this.stamp;
      this.positionOf[id] = at;
    }
    this.counts[at] = (this.counts[at] as number) + weight;
  }

  private growEntries(): void {
    const ids = new Int32Array(this.ids.length * 2);
    ids.set(this.ids);
    this.ids = ids;
    const counts = new Float64Array(this.counts.length * 2);
    counts.set(this.counts);
    this.counts = counts;
  }

  private growIds(id: number): void {
    let length = this.seenAt.length;
    while (length <= id) length *= 2;
    const seenAt = new Int32Array(length);
    seenAt.set(this.seenAt);
    this.seenAt = seenAt;
    const positionOf = new Int32Array(length);
    positionOf.set(this.positionOf);
    this.positionOf = positionOf;
  }
}

export class ExampleVectors {
  /** Each example's L2 norm (1 for an example without features). */
  readonly norms: Float64Array;
  /** After `dotsWith`: the mention's dot product with each example (valid until the next call). */
  readonly dots: Float64Array;

  /**
   * Feature ids: below `vocabulary` the features of the example sentences; from it on, Latin-word
   * and cue features only mentions have, numbered as they come (kept so a word's keys are built
   * once, not per mention; forgotten together past MENTION_KEYS_KEPT). A Hangul n-gram no example
   * has gets no id: it is tallied for the one text it is in (FeatureTally#countUnseen).
   */
  private readonly hangulIds = new CodeTable();
  private readonly keyIds = new Map<string, number>();
  private readonly latinWords = new Map<string, Int32Array>();
  private vocabulary = 0;
  private nextId = 0;
  /** While building, new features join the vocabulary; once built it is fixed. */
  private building = true;

  private readonly idf: Float64Array;
  private readonly unknownIdf: number;
  /** Feature f's examples and weights are at start[f] … start[f + 1] − 1, in example order. */
  private readonly start: Int32Array;
  private readonly examples: Int32Array;
  private readonly weights: Float64Array;
  private readonly tally = new FeatureTally();

  /** `texts`: the example sentences, normalized (normalizeForMatching). */
  constructor(texts: readonly string[]) {
    // Each example's distinct features and counts, in first-seen order.
    const perExample = texts.map((text) => {
      this.read(text, latinWords(text));
      return {
        ids: this.tally.ids.slice(0, this.tally.size),
        counts: this.tally.counts.slice(0, this.tally.size),
      };
    });
    this.building = false;
    this.vocabulary = this.nextId;
    // Words looked up while building named only vocabulary features; mentions start afresh.
    this.latinWords.clear();
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
    const vocabulary = this.vocabulary;
    let norm = 0;
    for (let j = 0; j < size; j++) {
      const id = ids[j] as number;
      const known = id >= 0 && id < vocabulary;
      const weight = (counts[j] as number) * (known ? (this.idf[id] as number) : this.unknownIdf);
      norm += weight * weight;
      if (!known) continue;
      const end = this.start[id + 1] as number;
      for (let p = this.start[id] as number; p < end; p++) {
        const e = this.examples[p] as number;
        dots[e] = (dots[e] as number) + weight * (this.weights[p] as number);
      }
    }
    return Math.sqrt(norm) || 1;
  }

  /** Tallies the text's features. */
  private read(normalized: string, latin: readonly string[]): void {
    // Only between texts: an id must mean one feature for the whole of a text.
    if (!this.building && this.nextId - this.vocabulary >= MENTION_KEYS_KEPT) this.forgetMentionFeatures();
    this.tally.reset();
    forEachFeature(normalized, SITUATION_FEATURE_WEIGHTS, this.sink, latin);
  }

  private countHangul(family: HangulFamily, text: string, start: number, weight: number): void {
    const code = hangulCode(family, text, start);
    let id = this.hangulIds.get(code);
    if (id < 0) {
      if (!this.building) {
        this.tally.countUnseen(code, weight);
        return;
      }
      id = this.nextId++;
      this.hangulIds.set(code, id);
    }
    this.tally.count(id, weight);
  }

  private keyId(key: string): number {
    let id = this.keyIds.get(key);
    if (id === undefined) {
      id = this.nextId++;
      this.keyIds.set(key, id);
    }
    return id;
  }

  /** A Latin word's feature ids (its `w:` feature, then its in-word 3-grams), looked up once. */
  private wordIds(word: string): Int32Array {
    let ids = this.latinWords.get(word);
    if (ids === undefined) {
      const trigrams = hasWordTrigrams(word) ? wordTrigramKeys(word) : [];
      ids = Int32Array.from([wordKey(word), ...trigrams], (key) => this.keyId(key));
      this.latinWords.set(word, ids);
    }
    return ids;
  }

  /** Drops the features only mentions had (and the words that reached them): bounded memory. */
  private forgetMentionFeatures(): void {
    const vocabulary = this.vocabulary;
    for (const [key, id] of this.keyIds) if (id >= vocabulary) this.keyIds.delete(key);
    this.latinWords.clear();
    this.nextId = vocabulary;
  }

  private readonly sink: FeatureSink = {
    hangul: (family, text, start, weight) => this.countHangul(family, text, start, weight),
    word: (word, weight) => this.tally.count(this.wordIds(word)[0] as number, weight),
    wordPair: (first, second, weight) => this.tally.count(this.keyId(wordPairKey(first, second)), weight),
    wordTrigrams: (word, weight) => {
      const ids = this.wordIds(word);
      for (let i = 1; i < ids.length; i++) this.tally.count(ids[i] as number, weight);
    },
    cue: (key, weight) => this.tally.count(this.keyId(key), weight),
  };
}
