/**
 * Turns normalized text into sparse features that survive how people actually write:
 * - Hangul is read without spaces (요금제 언제 = 요금제언제) as character 1-3-grams, so missing or
 *   extra spaces and particles (요금제가/요금제는) share most features;
 * - Hangul is also read as jamo 3-grams, so a one-letter typo (요굼제) still overlaps 요금제;
 * - Latin words give word unigrams, bigrams and in-word character 3-grams (refund/refunds/refnd).
 */
import { disassemble } from "es-hangul";
import { lexiconKeys } from "./concept-matcher.js";
import { cueFeatures } from "./cues.js";

export type FeatureCounts = Map<string, number>;

/** A character Hangul features read: a syllable, or a compatibility jamo ㄱ-ㅎ, ㅏ-ㅣ (U+3131–U+3163). */
function isHangul(code: number): boolean {
  return (code >= 0xac00 && code <= 0xd7a3) || (code >= 0x3131 && code <= 0x3163);
}

/** What a regex's \s matches (ECMAScript WhiteSpace and LineTerminator). */
function isWhitespace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

function containsHangul(word: string): boolean {
  for (let i = 0; i < word.length; i++) if (isHangul(word.charCodeAt(i))) return true;
  return false;
}

// Relative strength of each feature family; chosen with `sincerely eval --cv`.
export type FeatureWeights = Record<
  "hangul1" | "hangul2" | "hangul3" | "jamo3" | "word" | "wordPair" | "latin3" | "cue" | "concept" | "stance",
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
  cue: 1,
  concept: 0.5,
  stance: 1,
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
  /** A word that is not Hangul: the feature wordKey(word) (`w:refund`). */
  word(word: string, weight: number): void;
  /** Two such words in a row: the feature wordPairKey(first, second) (`b:my_refund`). */
  wordPair(first: string, second: string, weight: number): void;
  /**
   * The in-word character 3-grams of a word that has them (hasWordTrigrams): the features
   * wordTrigramKeys(word) (`c3:^re`), in order, each with this weight. One call per word, so that a
   * caller can look a word's 3-grams up once and remember them.
   */
  wordTrigrams(word: string, weight: number): void;
  /** A feature named by its key (`q:cancel`): request and sarcasm cues (see cues.ts). */
  cue(key: string, weight: number): void;
}

export const wordKey = (word: string): string => `w:${word}`;
export const wordPairKey = (first: string, second: string): string => `b:${first}_${second}`;

/** Words of four or more characters that are not numbers also give in-word 3-grams (refnd ~ refund). */
export function hasWordTrigrams(word: string): boolean {
  return word.length >= 4 && !/^\d+$/.test(word);
}

/** The keys of a word's in-word 3-grams, in order: `c3:^re`, `c3:ref`, … `c3:nd$`. */
export function wordTrigramKeys(word: string): string[] {
  const padded = `^${word}$`;
  const keys: string[] = [];
  for (let j = 0; j + 3 <= padded.length; j++) keys.push(`c3:${padded.slice(j, j + 3)}`);
  return keys;
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

/** Features of a run of Hangul read without its spaces (`chars`: every character one UTF-16 code unit). */
function hangulFeatures(chars: string, sink: FeatureSink, weights: FeatureWeights): void {
  const n = chars.length;
  // A family of weight 0 is not read at all (situation ranking leaves jamo 3-grams out).
  const { hangul1, hangul2, hangul3, jamo3 } = weights;
  for (let i = 0; i < n; i++) {
    if (hangul1 > 0) sink.hangul(0, chars, i, hangul1);
    if (hangul2 > 0 && i + 1 < n) sink.hangul(1, chars, i, hangul2);
    if (hangul3 > 0 && i + 2 < n) sink.hangul(2, chars, i, hangul3);
  }
  if (!(jamo3 > 0)) return;
  const jamo = jamoOf(chars);
  for (let i = 0; i + 2 < jamo.length; i++) sink.hangul(3, jamo, i, jamo3);
}

function latinFeatures(words: readonly string[], sink: FeatureSink, weights: FeatureWeights): void {
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    sink.word(word, weights.word);
    if (i + 1 < words.length) sink.wordPair(word, words[i + 1] as string, weights.wordPair);
    if (hasWordTrigrams(word)) sink.wordTrigrams(word, weights.latin3);
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
    word: (word, weight) => add(wordKey(word), weight),
    wordPair: (first, second, weight) => add(wordPairKey(first, second), weight),
    wordTrigrams: (word, weight) => {
      for (const key of wordTrigramKeys(word)) add(key, weight);
    },
    cue: add,
  });
  return counts;
}

/**
 * Tells `sink` every feature occurrence of already-normalized text, in a fixed order (Hangul runs
 * first, then the other words): extractFeatures' map, without building it. `latin` is the text's
 * latinWords, for a caller that has them already.
 */
export function forEachFeature(
  normalized: string,
  weights: FeatureWeights,
  sink: FeatureSink,
  latin: readonly string[] = latinWords(normalized),
): void {
  // Hangul runs, found by hand as /[Hangul]+(?:\s+[Hangul]+)*/g would find them: Hangul characters,
  // continued by more after whitespace (요금제 언제), read without the whitespace (요금제언제).
  const n = normalized.length;
  let i = 0;
  while (i < n) {
    if (!isHangul(normalized.charCodeAt(i))) {
      i++;
      continue;
    }
    let chars = "";
    let start = i;
    for (;;) {
      let end = start + 1;
      while (end < n && isHangul(normalized.charCodeAt(end))) end++;
      chars += normalized.slice(start, end);
      let next = end;
      while (next < n && isWhitespace(normalized.charCodeAt(next))) next++;
      i = end;
      if (next === end || next === n || !isHangul(normalized.charCodeAt(next))) break;
      start = next;
    }
    hangulFeatures(chars, sink, weights);
  }
  latinFeatures(latin, sink, weights);
  cueFeatures(normalized, sink, weights);
  if (weights.concept > 0 || weights.stance > 0)
    for (const key of lexiconKeys(normalized)) {
      // Topics (k:) and stances (s:) come from one pass over the text, each at its family's weight.
      const weight = key.charCodeAt(0) === 0x6b ? weights.concept : weights.stance;
      if (weight > 0) sink.cue(key, weight);
    }
}

/**
 * The words of normalized text. Normalized text is words separated by single spaces, each word a run
 * of letters and digits or a single pictograph, so splitting it at spaces finds exactly what
 * /[\p{L}\p{N}]+|\p{Extended_Pictographic}/gu would, without the regex.
 */
export function splitWords(normalized: string): string[] {
  return normalized === "" ? [] : normalized.split(" ");
}

/** The words (of splitWords) that are not Hangul, i.e. have no Hangul character. */
export function latinWordsOf(words: readonly string[]): string[] {
  const latin: string[] = [];
  for (const word of words) if (!containsHangul(word)) latin.push(word);
  return latin;
}

/** Words of the text that are not Hangul, for Latin features and fuzzy keyword lookup. */
export function latinWords(normalized: string): string[] {
  return latinWordsOf(splitWords(normalized));
}
