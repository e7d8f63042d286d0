/**
 * The feature vocabulary (feature key → index) and the vectorizer that turns normalized text into a
 * sparse, L2-normalized vector over it. The vocabulary is fixed once built (from the training texts, or
 * restored from a snapshot); features a mention brings that are not in it are dropped.
 *
 * Looking features up is the hot path of classification, so the vectorizer avoids building key strings:
 * Hangul n-grams are looked up by character codes (HangulFeatureIndex), Latin words once per word
 * (LatinWordFeatures), and counts are summed in scratch arrays instead of a map per text.
 */
import {
  type FeatureSink,
  type FeatureWeights,
  forEachFeature,
  HANGUL_FAMILIES,
  HANGUL_FAMILY_LENGTH,
  type HangulFamily,
  hangulFeatureKey,
  hasWordTrigrams,
  latinWords,
  wordKey,
  wordTrigramKeys,
} from "../features.js";

export interface SparseVector {
  idx: Int32Array;
  val: Float64Array;
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
export class CodeTable {
  /** Slot i's key at 2i (-1: empty) and value at 2i + 1: one cache line per probe. */
  private slots: Float64Array = new Float64Array(16).fill(-1);
  private size = 0;
  /** 32 − log2(number of slots): slot() keeps the product's top bits. */
  private shift = 29;

  /** The table whose `slots` these are (as built by set; shared, not copied). */
  static fromSlots(slots: Float64Array): CodeTable {
    const table = new CodeTable();
    const count = slots.length >> 1;
    if (count < 8 || (count & (count - 1)) !== 0)
      throw new Error("model snapshot: a code table's size is not a power of two");
    table.slots = slots;
    table.shift = Math.clz32(count) + 1;
    for (let i = 0; i < slots.length; i += 2) if (slots[i] !== -1) table.size++;
    return table;
  }

  /** The slots, for a snapshot (never written once the vocabulary is built). */
  get data(): Float64Array {
    return this.slots;
  }

  /** Empties the table, keeping its capacity (for a table reused text after text). */
  clear(): void {
    if (this.size === 0) return;
    this.slots.fill(-1);
    this.size = 0;
  }

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
  private readonly h1: Int32Array;
  private readonly h2: CodeTable;
  private readonly h3: CodeTable;
  private readonly j3: Int32Array;

  /**
   * From the vocabulary's keys (`otherKeys` receives the index of every key it does not number), or
   * from the tables a snapshot carries.
   */
  constructor(source: readonly string[] | FeatureTables, otherKeys: number[] = []) {
    if (!Array.isArray(source)) {
      const tables = source as FeatureTables;
      if (tables.h1.length !== HANGUL_SPAN || tables.j3.length !== JAMO_SPAN ** 3)
        throw new Error("model snapshot: the Hangul feature tables have the wrong size");
      this.h1 = tables.h1;
      this.h2 = CodeTable.fromSlots(tables.h2);
      this.h3 = CodeTable.fromSlots(tables.h3);
      this.j3 = tables.j3;
      return;
    }
    this.h1 = new Int32Array(HANGUL_SPAN).fill(-1);
    this.h2 = new CodeTable();
    this.h3 = new CodeTable();
    this.j3 = new Int32Array(JAMO_SPAN ** 3).fill(-1);
    for (const [index, key] of (source as readonly string[]).entries()) {
      const family = HANGUL_FAMILIES.indexOf(key.slice(0, 2) as (typeof HANGUL_FAMILIES)[number]);
      const code =
        family >= 0 && key[2] === ":" && key.length === 3 + (HANGUL_FAMILY_LENGTH[family] as number)
          ? this.code(family as HangulFamily, key, 3)
          : -1;
      if (code >= 0) this.set(family as HangulFamily, code, index);
      else otherKeys.push(index);
    }
  }

  /** The tables without the vocabulary's other keys (see FeatureTables). */
  tables(otherKeys: Int32Array): FeatureTables {
    return { h1: this.h1, h2: this.h2.data, h3: this.h3.data, j3: this.j3, otherKeys };
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

/** A Latin word's features in the vocabulary, looked up once per word (see FeatureIndex.latinWord). */
interface LatinWordFeatures {
  /** The index of the word's own feature (`w:`), -1 when it is not in the vocabulary. */
  feature: number;
  /** The indices of its in-word 3-grams, in order (-1: not in the vocabulary); empty when it has none. */
  trigrams: Int32Array;
  /** The index of the pair feature (`b:`) of this word and the next one, by the next one. */
  pairs?: Map<string, number>;
}

/** How many words outside the vocabulary's own words latinWord remembers before starting over. */
const OTHER_WORDS_KEPT = 5000;

/**
 * FeatureIndex's lookup tables as built, carried in the model snapshot so that restoring it (on the
 * main thread, while the app serves requests) wraps the transferred buffers instead of rebuilding
 * them from the keys: rebuilding the Hangul tables and a string map of every key took 35 ms for the
 * default pack and over 100 ms for a 10,000-example pack. Only the keys the Hangul tables do not
 * number (`otherKeys`: Latin words, pairs and 3-grams, cues; a small share) still go into a string
 * map at restore.
 */
export interface FeatureTables {
  /** HangulFeatureIndex's tables: 1-grams and jamo 3-grams by code, 2- and 3-grams as CodeTable slots. */
  h1: Int32Array;
  h2: Float64Array;
  h3: Float64Array;
  j3: Int32Array;
  /** The indices of the keys not in those tables, in index order. */
  otherKeys: Int32Array;
}

export class FeatureIndex {
  /** The vocabulary's keys, by index. */
  readonly keys: readonly string[];
  /** The keys the Hangul tables do not number, by index (see FeatureTables.otherKeys). */
  private readonly index = new Map<string, number>();
  private readonly otherKeys: Int32Array;
  private readonly hangulIndex: HangulFeatureIndex;
  /**
   * The Latin words with a `w:` feature, each with the pair features (`b:`) it starts: a pair exists
   * only for two words that followed each other in a training text.
   */
  private readonly vocabularyWords = new Map<string, LatinWordFeatures>();
  /** Other Latin words, as mentions bring them (their own features are never in the vocabulary). */
  private readonly otherWords = new Map<string, LatinWordFeatures>();
  private lastLatinWord: string | undefined;
  private lastLatinWordFeatures: LatinWordFeatures | undefined;
  /** Scratch space for vectorize, sized to the vocabulary. */
  private readonly counts: Float64Array;
  private readonly seenAt: Int32Array;
  private readonly order: Int32Array;
  private stamp = 0;
  private total = 0;

  /**
   * `keys`: the vocabulary in index order (each key once); `tables`: its lookup tables as `tables()`
   * gave them (from a snapshot), not checked against the keys beyond their sizes.
   */
  constructor(
    keys: readonly string[],
    private readonly weights: FeatureWeights,
    tables?: FeatureTables,
  ) {
    this.keys = keys;
    // `index` holds only the keys the Hangul tables do not number: those are all it is asked about.
    let otherKeys: Int32Array;
    if (tables) {
      this.hangulIndex = new HangulFeatureIndex(tables);
      otherKeys = tables.otherKeys;
    } else {
      const others: number[] = [];
      this.hangulIndex = new HangulFeatureIndex(keys, others);
      otherKeys = Int32Array.from(others);
    }
    this.otherKeys = otherKeys;
    for (const i of otherKeys) {
      const key = keys[i];
      if (key === undefined)
        throw new Error("model snapshot: a feature table names a feature that is not there");
      this.index.set(key, i);
    }
    for (const key of this.index.keys()) if (key.startsWith("w:")) this.vocabularyWord(key.slice(2));
    for (const [key, i] of this.index) {
      if (!key.startsWith("b:")) continue;
      // Words are letters and digits, so the one `_` separates the two words of a pair.
      const [first, second] = key.slice(2).split("_") as [string, string];
      const features = this.vocabularyWord(first);
      features.pairs ??= new Map();
      features.pairs.set(second, i);
    }
    this.counts = new Float64Array(keys.length);
    this.seenAt = new Int32Array(keys.length);
    this.order = new Int32Array(keys.length);
  }

  get size(): number {
    return this.keys.length;
  }

  /** The lookup tables, for a snapshot: shared, never written once built. */
  tables(): FeatureTables {
    return this.hangulIndex.tables(this.otherKeys);
  }

  /**
   * The text's feature vector. With `into` (arrays as long as the vocabulary), the vector is written
   * there and returned as views of it, valid until the next call with the same arrays: a mention's
   * vector is only needed while it is scored.
   */
  vectorize(normalized: string, into?: SparseVector, latin = latinWords(normalized)): SparseVector {
    // Counts are summed per feature index in scratch arrays, in the order features first occur
    // (the order extractFeatures' map would have), so the vector is the same without a map per text.
    this.stamp++;
    this.total = 0;
    forEachFeature(normalized, this.weights, this.sink, latin);
    const n = this.total;
    const counts = this.counts;
    const order = this.order;
    const idx = into ? into.idx.subarray(0, n) : new Int32Array(n);
    const val = into ? into.val.subarray(0, n) : new Float64Array(n);
    let norm = 0;
    for (let j = 0; j < n; j++) {
      const index = order[j] as number;
      const value = Math.log1p(counts[index] as number);
      idx[j] = index;
      val[j] = value;
      norm += value * value;
    }
    norm = Math.sqrt(norm) || 1;
    for (let j = 0; j < n; j++) val[j] = (val[j] as number) / norm;
    return { idx, val };
  }

  /** Scratch arrays for vectorize's `into`. */
  scratchVector(): SparseVector {
    return { idx: new Int32Array(this.size), val: new Float64Array(this.size) };
  }

  private count(index: number, weight: number): void {
    const counts = this.counts;
    if (this.seenAt[index] !== this.stamp) {
      this.seenAt[index] = this.stamp;
      counts[index] = 0;
      this.order[this.total++] = index;
    }
    counts[index] = (counts[index] as number) + weight;
  }

  /** Where vectorize's features go: looked up in the vocabulary (Hangul ones by character codes) and counted. */
  private readonly sink: FeatureSink = {
    hangul: (family, text, start, weight) => {
      let index = this.hangulIndex.lookup(family, text, start);
      if (index === NOT_NUMBERED) index = this.index.get(hangulFeatureKey(family, text, start)) ?? -1;
      if (index >= 0) this.count(index, weight);
    },
    word: (word, weight) => {
      const index = this.latinWord(word).feature;
      if (index >= 0) this.count(index, weight);
    },
    wordPair: (first, second, weight) => {
      const index = this.latinWord(first).pairs?.get(second);
      if (index !== undefined) this.count(index, weight);
    },
    wordTrigrams: (word, weight) => {
      for (const index of this.latinWord(word).trigrams) if (index >= 0) this.count(index, weight);
    },
    cue: (key, weight) => {
      const index = this.index.get(key);
      if (index !== undefined) this.count(index, weight);
    },
  };

  /** A Latin word's feature indices, without building its feature keys again. */
  private latinWord(word: string): LatinWordFeatures {
    // The sink asks about the same word up to three times in a row (word, pair, 3-grams).
    if (word === this.lastLatinWord) return this.lastLatinWordFeatures as LatinWordFeatures;
    let features = this.vocabularyWords.get(word) ?? this.otherWords.get(word);
    if (features === undefined) {
      features = this.lookUpLatinWord(word);
      if (this.otherWords.size >= OTHER_WORDS_KEPT) this.otherWords.clear();
      this.otherWords.set(word, features);
    }
    this.lastLatinWord = word;
    this.lastLatinWordFeatures = features;
    return features;
  }

  private vocabularyWord(word: string): LatinWordFeatures {
    let features = this.vocabularyWords.get(word);
    if (features === undefined) {
      features = this.lookUpLatinWord(word);
      this.vocabularyWords.set(word, features);
    }
    return features;
  }

  private lookUpLatinWord(word: string): LatinWordFeatures {
    return {
      feature: this.index.get(wordKey(word)) ?? -1,
      trigrams: hasWordTrigrams(word)
        ? Int32Array.from(wordTrigramKeys(word), (key) => this.index.get(key) ?? -1)
        : new Int32Array(0),
    };
  }
}
