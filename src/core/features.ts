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
export type FeatureWeights = Record<"hangul1" | "hangul2" | "hangul3" | "jamo3" | "word" | "wordPair" | "latin3", number>;

export const FEATURE_WEIGHTS: Readonly<FeatureWeights> = {
  hangul1: 0.4,
  hangul2: 1,
  hangul3: 1,
  jamo3: 0.35,
  word: 1,
  wordPair: 0.6,
  latin3: 0.45,
};

function add(counts: FeatureCounts, key: string, weight: number): void {
  counts.set(key, (counts.get(key) ?? 0) + weight);
}

function hangulFeatures(run: string, counts: FeatureCounts, weights: FeatureWeights): void {
  const chars = Array.from(run.replace(/\s+/g, ""));
  for (let i = 0; i < chars.length; i++) {
    const c1 = chars[i] as string;
    add(counts, `h1:${c1}`, weights.hangul1);
    if (i + 1 < chars.length) add(counts, `h2:${c1}${chars[i + 1]}`, weights.hangul2);
    if (i + 2 < chars.length) add(counts, `h3:${c1}${chars[i + 1]}${chars[i + 2]}`, weights.hangul3);
  }
  const jamo = Array.from(disassemble(chars.join("")));
  for (let i = 0; i + 2 < jamo.length; i++) {
    add(counts, `j3:${jamo[i]}${jamo[i + 1]}${jamo[i + 2]}`, weights.jamo3);
  }
}

function latinFeatures(words: string[], counts: FeatureCounts, weights: FeatureWeights): void {
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    add(counts, `w:${word}`, weights.word);
    if (i + 1 < words.length) add(counts, `b:${word}_${words[i + 1]}`, weights.wordPair);
    if (word.length >= 4 && !/^\d+$/.test(word)) {
      const padded = `^${word}$`;
      for (let j = 0; j + 3 <= padded.length; j++) add(counts, `c3:${padded.slice(j, j + 3)}`, weights.latin3);
    }
  }
}

/** Sparse features of already-normalized text (see normalizeForMatching). */
export function extractFeatures(normalized: string, weights: FeatureWeights = FEATURE_WEIGHTS): FeatureCounts {
  const counts: FeatureCounts = new Map();
  for (const match of normalized.matchAll(HANGUL_RUN)) hangulFeatures(match[0], counts, weights);
  const others = (normalized.match(WORD) ?? []).filter((w) => !HAS_HANGUL.test(w));
  latinFeatures(others, counts, weights);
  return counts;
}

/** Words of the text that are not Hangul, for fuzzy keyword lookup. */
export function latinWords(normalized: string): string[] {
  return (normalized.match(WORD) ?? []).filter((w) => !HAS_HANGUL.test(w));
}
