/**
 * Turns normalized text into sparse features that survive how people actually write:
 * - Hangul is read without spaces (요금제 언제 = 요금제언제) as character 1-3-grams, so missing or
 *   extra spaces and particles (요금제가/요금제는) share most features;
 * - Hangul is also read as jamo 3-grams, so a one-letter typo (요굼제) still overlaps 요금제;
 * - Latin words give word unigrams, bigrams and in-word character 3-grams (refund/refunds/refnd).
 */
import { disassemble } from "es-hangul";

export type FeatureCounts = Map<string, number>;

const HANGUL_RUN = /[\uAC00-\uD7A3ㄱ-ㅎㅏ-ㅣ]+(?:\s+[\uAC00-\uD7A3ㄱ-ㅎㅏ-ㅣ]+)*/g;
const WORD = /[\p{L}\p{N}]+|\p{Extended_Pictographic}/gu;
const HAS_HANGUL = /[\uAC00-\uD7A3ㄱ-ㅎㅏ-ㅣ]/;

// Relative strength of each feature family; chosen with `sincerely eval --cv`.
export type FeatureWeights = Record<
  "hangul1" | "hangul2" | "hangul3" | "jamo3" | "word" | "wordPair" | "latin3",
  number
>;

export const FEATURE_WEIGHTS: Readonly<FeatureWeights> = {
  hangul1: 0.4,
  hangul2: 1,
  hangul3: 1,
  jamo3: 0.35,
  word: 1,
  wordPair: 0.6,
  latin3: 0.45,
};

/** The Hangul feature families, by number: character 1-, 2- and 3-grams, and jamo 3-grams. */
export const HANGUL_FAMILIES = ["h1", "h2", "h3", "j3"] as const;
export type HangulFamily = 0 | 1 | 2 | 3;
/** How many characters a feature of each Hangul family spans. */
export const HANGUL_FAMILY_LENGTH: readonly number[] = [1, 2, 3, 3];

/** Receives every feature occurrence, in text order, with its family's weight. */
export interface FeatureSink {
  /**
   * A Hangul n-gram: the HANGUL_FAMILY_LENGTH[family] characters of `text` from `start`, each one UTF-16
   * code unit. Its key is hangulFeatureKey(family, text, start) (`h2:요금`); passing the characters
   * lets a caller look features up by character codes without building the key.
   */
  hangul(family: HangulFamily, text: string, start: number, weight: number): void;
  /** Any other feature, by key: `w:refund`, `b:my_refund`, `c3:^re`. */
  other(key: string, weight: number): void;
}

export function hangulFeatureKey(family: HangulFamily, text: string, start: number): string {
  return `${HANGUL_FAMILIES[family]}:${text.slice(start, start + (HANGUL_FAMILY_LENGTH[family] as number))}`;
}

// Jamo of each Hangul character, computed once per character: disassemble() works character by
// character, so joining these is the same as disassembling the whole run.
const JAMO = new Map<number, string>();

function jamoOf(chars: string): string {
  let out = "";
  for (let i = 0; i < chars.length; i++) {
    const code = chars.charCodeAt(i);
    let jamo = JAMO.get(code);
    if (jamo === undefined) {
      jamo = disassemble(chars.charAt(i));
      JAMO.set(code, jamo);
    }
    out += jamo;
  }
  return out;
}

function hangulFeatures(run: string, sink: FeatureSink, weights: FeatureWeights): void {
  // Every character HANGUL_RUN matches is one UTF-16 code unit, so the run is indexed directly.
  const chars = run.replace(/\s+/g, "");
  const n = chars.length;
  for (let i = 0; i < n; i++) {
    sink.hangul(0, chars, i, weights.hangul1);
    if (i + 1 < n) sink.hangul(1, chars, i, weights.hangul2);
    if (i + 2 < n) sink.hangul(2, chars, i, weights.hangul3);
  }
  const jamo = jamoOf(chars);
  for (let i = 0; i + 2 < jamo.length; i++) sink.hangul(3, jamo, i, weights.jamo3);
}

function latinFeatures(words: string[], sink: FeatureSink, weights: FeatureWeights): void {
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    sink.other(`w:${word}`, weights.word);
    if (i + 1 < words.length) sink.other(`b:${word}_${words[i + 1]}`, weights.wordPair);
    if (word.length >= 4 && !/^\d+$/.test(word)) {
      const padded = `^${word}$`;
      for (let j = 0; j + 3 <= padded.length; j++) sink.other(`c3:${padded.slice(j, j + 3)}`, weights.latin3);
    }
  }
}

/** Sparse features of already-normalized text (see normalizeForMatching). */
export function extractFeatures(
  normalized: string,
  weights: FeatureWeights = FEATURE_WEIGHTS,
): FeatureCounts {
  const counts: FeatureCounts = new Map();
  const add = (key: string, weight: number) => counts.set(key, (counts.get(key) ?? 0) + weight);
  forEachFeature(normalized, weights, {
    hangul: (family, text, start, weight) => add(hangulFeatureKey(family, text, start), weight),
    other: add,
  });
  return counts;
}

/**
 * Tells `sink` every feature occurrence of already-normalized text, in a fixed order (Hangul runs
 * first, then the other words): extractFeatures' map, without building it.
 */
export function forEachFeature(normalized: string, weights: FeatureWeights, sink: FeatureSink): void {
  for (const match of normalized.matchAll(HANGUL_RUN)) hangulFeatures(match[0], sink, weights);
  const others = (normalized.match(WORD) ?? []).filter((w) => !HAS_HANGUL.test(w));
  latinFeatures(others, sink, weights);
}

/** Words of the text that are not Hangul, for fuzzy keyword lookup. */
export function latinWords(normalized: string): string[] {
  return (normalized.match(WORD) ?? []).filter((w) => !HAS_HANGUL.test(w));
}
