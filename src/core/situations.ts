/**
 * Which situation of an intent a mention is about ("아이폰 예약했는데 2주째 배송이 안 와요" is
 * delay-complaint / device-delivery). Ranked with the classifier's own reading of text, so the same
 * writing survives: normalizeForMatching, spacing-insensitive Hangul (a keyword is found in the text
 * without spaces), English word forms (delivery/deliveries, ship/shipping) and misspellings
 * (isTypoOf), and the features.ts n-grams including jamo 3-grams for one-letter Hangul typos, compared
 * by cosine with each `when.examples` sentence. Pure and built once per pack.
 */
import { isTypoOf } from "./classifier.js";
import {
  FEATURE_WEIGHTS,
  forEachFeature,
  HANGUL_FAMILY_LENGTH,
  type HangulFamily,
  latinWords,
  wordKey,
  wordPairKey,
  wordTrigramKeys,
} from "./features.js";
import { normalizeForMatching } from "./normalize.js";
import type { ReplySet, SituationEvidence } from "./types.js";

export const GENERAL_SITUATION = "general";

/** Relevance of one keyword hit; two or three hits make a situation decisive. */
const KEYWORD_HIT = 0.35;
const MAX_KEYWORD_HITS = 3;

const INFLECTIONS = ["s", "es", "d", "ed", "ing", "ies", "ping", "ting", "ment"];
const HANGUL = /[\uAC00-\uD7A3]/;

/**
 * A feature's key: a number for Hangul n-grams (family and up to three UTF-16 code units packed, far
 * below 2^53), the features.ts key text for the rest. Identical features get identical keys, as with
 * extractFeatures' keys, but the Hangul ones, most of a Korean mention's, need no string built.
 */
type FeatureKey = number | string;
type Features = Map<FeatureKey, number>;

function hangulKey(family: HangulFamily, text: string, start: number): number {
  let key = family;
  const length = HANGUL_FAMILY_LENGTH[family] as number;
  for (let i = 0; i < 3; i++) key = key * 65536 + (i < length ? text.charCodeAt(start + i) : 0);
  return key;
}

/** extractFeatures (default weights), keyed by FeatureKey: the same features, counts and order. */
function situationFeatures(normalized: string, latin: readonly string[]): Features {
  const counts: Features = new Map();
  const add = (key: FeatureKey, weight: number) => counts.set(key, (counts.get(key) ?? 0) + weight);
  forEachFeature(
    normalized,
    FEATURE_WEIGHTS,
    {
      hangul: (family, text, start, weight) => add(hangulKey(family, text, start), weight),
      word: (word, weight) => add(wordKey(word), weight),
      wordPair: (first, second, weight) => add(wordPairKey(first, second), weight),
      wordTrigrams: (word, weight) => {
        for (const key of wordTrigramKeys(word)) add(key, weight);
      },
      cue: add,
    },
    latin,
  );
  return counts;
}

type KeywordPattern = { term: string; hangul: string } | { term: string; words: string[] };

interface CompiledSituation {
  id: string;
  keywords: KeywordPattern[];
  /** For each keyword: its index in SituationIndex.singleWords when it is one Latin word, else -1. */
  singleWord: number[];
  examples: string[];
}

export interface SituationIndex {
  situations: CompiledSituation[];
  /**
   * A mention word → the one-word Latin keywords it matches (exactly, as a word form or a typo), as
   * indices into singleWords. Misspellings cost an edit distance per keyword, so each word is
   * looked up once and remembered (bounded: cleared past 5,000 words).
   */
  wordHits: Map<string, number[]>;
  /** The one-word Latin keywords: [situation, keyword index, term]. */
  singleWords: Array<[number, number, string]>;
  /** feature → postings as [example number, weight] pairs, flattened. */
  postings: Map<FeatureKey, number[]>;
  /** For each example number: its situation (index into situations) and its vector's norm. */
  exampleSituation: number[];
  exampleNorm: number[];
  idf: Map<FeatureKey, number>;
  unknownIdf: number;
}

export interface RankedSituation {
  id: string;
  score: number;
  matched: string[];
}

function compileKeyword(raw: string): KeywordPattern | null {
  const term = normalizeForMatching(raw);
  if (!term) return null;
  if (HANGUL.test(term)) return { term: raw, hangul: term.replaceAll(" ", "") };
  return { term: raw, words: term.split(" ") };
}

function wordForm(word: string, term: string, typos = true): boolean {
  if (word === term) return true;
  if (word.startsWith(term) && INFLECTIONS.includes(word.slice(term.length))) return true;
  // "delivery" ~ "deliveries", "ship" ~ "shipped"
  if (term.endsWith("y") && word === `${term.slice(0, -1)}ies`) return true;
  if (
    term.endsWith("e") &&
    word.startsWith(term.slice(0, -1)) &&
    ["ing", "ed"].includes(word.slice(term.length - 1))
  )
    return true;
  return typos && term.length >= 5 && isTypoOf(word, term);
}

function keywordHits(pattern: KeywordPattern, compact: string, words: readonly string[]): boolean {
  if ("hangul" in pattern) return compact.includes(pattern.hangul);
  const terms = pattern.words;
  for (let i = 0; i + terms.length <= words.length; i++) {
    let all = true;
    // Phrases match word forms but not misspellings: an edit distance per word pair is too dear.
    for (let j = 0; j < terms.length && all; j++)
      all = wordForm(words[i + j] as string, terms[j] as string, false);
    if (all) return true;
  }
  return false;
}

/** Builds the ranking index of one reply set (every situation but `general`). */
export function indexSituations(replies: Pick<ReplySet, "situations">): SituationIndex {
  const situations: CompiledSituation[] = [];
  const vectors: Array<{ situation: number; features: Features }> = [];
  for (const situation of replies.situations) {
    if (situation.id === GENERAL_SITUATION) continue;
    const index = situations.length;
    const keywords = situation.keywords.map(compileKeyword).filter((k): k is KeywordPattern => k !== null);
    situations.push({
      id: situation.id,
      keywords,
      singleWord: keywords.map(() => -1),
      examples: situation.examples,
    });
    for (const example of situation.examples) {
      const normalized = normalizeForMatching(example);
      vectors.push({ situation: index, features: situationFeatures(normalized, latinWords(normalized)) });
    }
  }
  const df = new Map<FeatureKey, number>();
  for (const v of vectors) for (const key of v.features.keys()) df.set(key, (df.get(key) ?? 0) + 1);
  const n = Math.max(vectors.length, 1);
  const idf = new Map<FeatureKey, number>();
  for (const [key, count] of df) idf.set(key, Math.log(1 + n / count));
  const unknownIdf = Math.log(1 + n);
  const postings = new Map<FeatureKey, number[]>();
  const exampleSituation: number[] = [];
  const exampleNorm: number[] = [];
  vectors.forEach((v, e) => {
    let norm = 0;
    for (const [key, count] of v.features) {
      const weight = count * (idf.get(key) as number);
      norm += weight * weight;
      const list = postings.get(key);
      if (list) list.push(e, weight);
      else postings.set(key, [e, weight]);
    }
    exampleSituation.push(v.situation);
    exampleNorm.push(Math.sqrt(norm) || 1);
  });
  const singleWords: Array<[number, number, string]> = [];
  situations.forEach((s, si) => {
    s.keywords.forEach((k, ki) => {
      if (!("words" in k) || k.words.length !== 1) return;
      s.singleWord[ki] = singleWords.length;
      singleWords.push([si, ki, k.words[0] as string]);
    });
  });
  return {
    situations,
    postings,
    exampleSituation,
    exampleNorm,
    idf,
    unknownIdf,
    wordHits: new Map(),
    singleWords,
  };
}

/** The situations by relevance to the mention, best first (only those with any relevance). */
export function rankSituations(index: SituationIndex, text: string): RankedSituation[] {
  if (index.situations.length === 0) return [];
  const normalized = normalizeForMatching(text);
  const compact = normalized.replaceAll(" ", "");
  const words = latinWords(normalized);
  const features = situationFeatures(normalized, words);

  const dots = new Float64Array(index.exampleSituation.length);
  let norm = 0;
  for (const [key, count] of features) {
    const weight = count * (index.idf.get(key) ?? index.unknownIdf);
    norm += weight * weight;
    const list = index.postings.get(key);
    if (!list) continue;
    for (let i = 0; i < list.length; i += 2) {
      const e = list[i] as number;
      dots[e] = (dots[e] as number) + weight * (list[i + 1] as number);
    }
  }
  norm = Math.sqrt(norm) || 1;

  const best = new Float64Array(index.situations.length);
  const bestExample = new Int32Array(index.situations.length).fill(-1);
  const exampleOffset: number[] = [];
  let offset = 0;
  for (const s of index.situations) {
    exampleOffset.push(offset);
    offset += s.examples.length;
  }
  for (let e = 0; e < dots.length; e++) {
    const cosine = (dots[e] as number) / (norm * (index.exampleNorm[e] as number));
    const s = index.exampleSituation[e] as number;
    if (cosine > (best[s] as number)) {
      best[s] = cosine;
      bestExample[s] = e;
    }
  }

  // One-word Latin keywords, word by word through the cache; the rest (Hangul, phrases) directly.
  const latinHits = new Uint8Array(index.singleWords.length);
  for (const word of words) {
    let hits = index.wordHits.get(word);
    if (hits === undefined) {
      hits = [];
      for (let k = 0; k < index.singleWords.length; k++)
        if (wordForm(word, (index.singleWords[k] as [number, number, string])[2])) hits.push(k);
      if (index.wordHits.size > 5000) index.wordHits.clear();
      index.wordHits.set(word, hits);
    }
    for (const k of hits) latinHits[k] = 1;
  }

  const ranked: RankedSituation[] = [];
  index.situations.forEach((situation, s) => {
    const matched: string[] = [];
    situation.keywords.forEach((keyword, k) => {
      const single = situation.singleWord[k] as number;
      if (single >= 0 ? latinHits[single] === 1 : keywordHits(keyword, compact, words))
        matched.push(keyword.term);
    });
    const similarity = best[s] as number;
    const score = Math.min(matched.length, MAX_KEYWORD_HITS) * KEYWORD_HIT + similarity;
    if (score <= 0) return;
    const example = bestExample[s] as number;
    if (example >= 0 && similarity >= 0.15)
      matched.push(`~ "${situation.examples[example - (exampleOffset[s] as number)]}"`);
    ranked.push({ id: situation.id, score: Math.round(score * 1000) / 1000, matched });
  });
  return ranked.sort((a, b) => b.score - a.score || a.id.localeCompare(b.id));
}

export interface SituationChoice {
  chosen: string;
  evidence?: SituationEvidence;
  /** Other situations close enough to offer as alternatives, best first (at most two). */
  close: RankedSituation[];
  ranked: RankedSituation[];
}

/**
 * The situation to draft from: the most relevant one at or above the threshold, else `general`.
 * Others within `margin` of the winner (and above half the threshold) are close alternatives; when
 * the winner is `general`, the best one or two below the threshold are offered instead.
 */
export function chooseSituation(
  index: SituationIndex,
  text: string,
  settings: { situation_threshold: number; alternative_margin: number },
): SituationChoice {
  const ranked = rankSituations(index, text);
  const top = ranked[0];
  if (!top || top.score < settings.situation_threshold) {
    const close = ranked.filter((r) => r.score >= settings.situation_threshold / 2).slice(0, 2);
    return { chosen: GENERAL_SITUATION, close, ranked };
  }
  const close = ranked
    .slice(1)
    .filter(
      (r) =>
        r.score >= top.score - settings.alternative_margin && r.score >= settings.situation_threshold / 2,
    )
    .slice(0, 2);
  return {
    chosen: top.id,
    evidence: { situation: top.id, score: top.score, matched: top.matched },
    close,
    ranked,
  };
}
