/**
 * Which situation of an intent a mention is about ("아이폰 예약했는데 2주째 배송이 안 와요" is
 * delay-complaint / device-delivery). Ranked with the classifier's own reading of text, so the same
 * writing survives: normalizeForMatching, spacing-insensitive Hangul (a keyword is found in the text
 * without spaces), English word forms (delivery/deliveries, ship/shipping) and misspellings
 * (isTypoOf), and the features.ts character n-grams (not jamo 3-grams; see situation-vectors.ts),
 * compared by cosine with each `when.examples` sentence. Pure and built once per pack.
 *
 * A situation with two or three examples and a few keywords misses most ways customers put it
 * ("행방불명", "my bag is nowhere", "비행 내내 너무 추웠어요"), so it is also known by the topics and
 * requests the classifier's lexicons find in what the pack wrote about it (its keywords, examples,
 * title and replies) and in none of its intent's other situations: the luggage-gone cue for a
 * missing bag, temperature and cleanliness for cabin comfort. A mention that shares one counts
 * CONCEPT_HIT. A topic two situations share tells them apart no better than the intent does.
 */

import { editDistance } from "./classifier/keywords.js";
import { isNumber, isTypoOf, numberMayBeTypoOf } from "./classifier.js";
import { lexiconKeys } from "./concept-matcher.js";
import { cueKeys } from "./cues.js";
import { latinWords } from "./features.js";
import { normalizeForMatching } from "./normalize.js";
import { ExampleVectors } from "./situation-vectors.js";
import { TermIndex } from "./term-index.js";
import type { ReplySet, SituationEvidence } from "./types.js";

export const GENERAL_SITUATION = "general";

/** Relevance of one keyword hit; two or three hits make a situation decisive. */
const KEYWORD_HIT = 0.35;
const MAX_KEYWORD_HITS = 3;
/**
 * Relevance of a lexicon topic or request cue only this situation names (see the module comment):
 * less than a keyword, since the pack did not write it; two make a situation relevant on their own.
 * Measured on situation-labelled mentions written apart from five small packs and the default pack:
 * 0.15 to 0.25 did about as well, a keyword's 0.35 cost the default pack's test sentences.
 */
const CONCEPT_HIT = 0.2;
const MAX_CONCEPT_HITS = 2;

const INFLECTIONS = ["s", "es", "d", "ed", "ing", "ies", "ping", "ting", "ment"];
const HANGUL = /[\uAC00-\uD7A3]/;

type KeywordPattern = { term: string; hangul: string } | { term: string; words: string[] };

interface CompiledSituation {
  id: string;
  keywords: KeywordPattern[];
  /** For each keyword: its index in SituationIndex.singleWords when it is one Latin word, else -1. */
  singleWord: number[];
  /** For each keyword: its index in SituationIndex.hangulTerms when it is a Hangul one, else -1. */
  hangulTerm: number[];
  /** For each keyword: its index in SituationIndex.phrases when it is several Latin words, else -1. */
  phrase: number[];
  examples: string[];
  /** Lexicon topics (k:) and request cues (q:) only this situation of the intent names. */
  concepts: string[];
}

export interface SituationIndex {
  situations: CompiledSituation[];
  /**
   * A mention word → the one-word Latin keywords it matches (exactly, as a word form or a typo), as
   * indices into singleWords. Misspellings cost an edit distance per keyword, so each word is
   * looked up once and remembered (bounded: cleared past 5,000 words).
   */
  wordHits: Map<string, number[]>;
  /** The Hangul keywords of every situation (spaces removed), each found anywhere in the text. */
  hangulTerms: TermIndex;
  /** The one-word Latin keywords: [situation, keyword index, term]. */
  singleWords: Array<[number, number, string]>;
  /** The Latin keywords of several words, as their words. */
  phrases: string[][];
  /** Phrases (indices into phrases) by their first word: looked up from a mention's word forms. */
  phrasesByFirstWord: Map<string, number[]>;
  /**
   * Whether a word of digits alone can match one of them: only a keyword of at most two other
   * characters can (as itself or a typo). Mentions are full of different numbers.
   */
  numbersMayHit: boolean;
  /** Every situation's `when.examples`, in situation order, as vectors. */
  vectors: ExampleVectors;
  /** For each example number: its situation (index into situations). */
  exampleSituation: Int32Array;
  /** Where each situation's examples start among the example numbers. */
  exampleOffset: Int32Array;
  /** Scratch for rankSituations: each situation's best cosine and the example that gave it. */
  best: Float64Array;
  bestExample: Int32Array;
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
  // One edit below nine letters, or two at the end of the word: two anywhere made "checked" a typo
  // of the cue "cracked" (a damaged-bag cue; "checked bag" is an airline's commonest phrase). The
  // classifier's keywords allow two (isTypoOf): they only look up words their examples never use.
  if (!typos || term.length < 5) return false;
  if (term.length >= 9) return isTypoOf(word, term);
  if (Math.abs(word.length - term.length) <= 1 && editDistance(word, term) <= 1) return true;
  // A word of the same stem that differs at its end ("patience" for the cue "patient").
  return isTypoOf(word, term) && sharedPrefix(word, term) >= term.length - 1;
}

function sharedPrefix(a: string, b: string): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}

/** Whether a phrase's words are the text's Latin words from `at` on, each as a word form. */
function phraseAt(terms: readonly string[], words: readonly string[], at: number): boolean {
  if (at + terms.length > words.length) return false;
  // Phrases match word forms but not misspellings: an edit distance per word pair is too dear.
  for (let j = 0; j < terms.length; j++)
    if (!wordForm(words[at + j] as string, terms[j] as string, false)) return false;
  return true;
}

/**
 * The terms a word may be a form of (wordForm without misspellings): the word, without an
 * inflection, -ies as -y, -ing/-ed after a dropped e. A phrase is looked up by these for its first
 * word, instead of every phrase being tried at every word.
 */
function termsWordMayForm(word: string): string[] {
  const terms = [word];
  for (const ending of INFLECTIONS)
    if (word.length > ending.length && word.endsWith(ending)) terms.push(word.slice(0, -ending.length));
  if (word.endsWith("ies")) terms.push(`${word.slice(0, -3)}y`);
  for (const ending of ["ing", "ed"])
    if (word.length > ending.length && word.endsWith(ending)) terms.push(`${word.slice(0, -ending.length)}e`);
  return terms;
}

/** Builds the ranking index of one reply set (every situation but `general`). */
export function indexSituations(replies: Pick<ReplySet, "situations">): SituationIndex {
  const situations: CompiledSituation[] = [];
  const texts: string[] = [];
  const exampleSituation: number[] = [];
  const exampleOffset: number[] = [];
  for (const situation of replies.situations) {
    if (situation.id === GENERAL_SITUATION) continue;
    const index = situations.length;
    const keywords = situation.keywords.map(compileKeyword).filter((k): k is KeywordPattern => k !== null);
    situations.push({
      id: situation.id,
      keywords,
      singleWord: keywords.map(() => -1),
      hangulTerm: keywords.map(() => -1),
      phrase: keywords.map(() => -1),
      examples: situation.examples,
      concepts: [],
    });
    exampleOffset.push(texts.length);
    for (const example of situation.examples) {
      texts.push(normalizeForMatching(example));
      exampleSituation.push(index);
    }
  }
  const named = replies.situations
    .filter((situation) => situation.id !== GENERAL_SITUATION)
    .map((situation) =>
      lexiconAndCueKeys(
        [
          ...situation.keywords,
          ...situation.examples,
          situation.title?.ko ?? "",
          situation.title?.en ?? "",
          ...Object.values(situation.replies).flatMap((templates) =>
            templates.map((template) => template.text.replace(/\{[^}]*\}/g, " ")),
          ),
        ].map(normalizeForMatching),
      ),
    );
  // With one situation beside `general` there is nothing to tell it from: every topic of the
  // intent would be "its own" and pull every mention of the intent to it.
  if (named.length >= 2)
    named.forEach((keys, i) => {
      (situations[i] as CompiledSituation).concepts = [...keys]
        .filter((key) => named.every((other, j) => j === i || !other.has(key)))
        .sort();
    });
  const singleWords: Array<[number, number, string]> = [];
  const phrases: string[][] = [];
  const phrasesByFirstWord = new Map<string, number[]>();
  const hangulTerms = new TermIndex();
  situations.forEach((s, si) => {
    s.keywords.forEach((k, ki) => {
      if ("hangul" in k) {
        s.hangulTerm[ki] = hangulTerms.size;
        hangulTerms.add(k.hangul, hangulTerms.size);
        return;
      }
      if (k.words.length !== 1) {
        s.phrase[ki] = phrases.length;
        const first = k.words[0] as string;
        const same = phrasesByFirstWord.get(first);
        if (same) same.push(phrases.length);
        else phrasesByFirstWord.set(first, [phrases.length]);
        phrases.push(k.words);
        return;
      }
      s.singleWord[ki] = singleWords.length;
      singleWords.push([si, ki, k.words[0] as string]);
    });
  });
  return {
    situations,
    vectors: new ExampleVectors(texts),
    exampleSituation: Int32Array.from(exampleSituation),
    exampleOffset: Int32Array.from(exampleOffset),
    best: new Float64Array(situations.length),
    bestExample: new Int32Array(situations.length),
    wordHits: new Map(),
    singleWords,
    phrases,
    phrasesByFirstWord,
    hangulTerms,
    numbersMayHit: singleWords.some(([, , term]) => numberMayBeTypoOf(term)),
  };
}

/** The situations by relevance to the mention, best first (only those with any relevance). */
export function rankSituations(index: SituationIndex, text: string): RankedSituation[] {
  if (index.situations.length === 0) return [];
  const normalized = normalizeForMatching(text);
  const compact = normalized.replaceAll(" ", "");
  const words = latinWords(normalized);
  const { vectors } = index;
  const norm = vectors.dotsWith(normalized, words);
  const { dots, norms } = vectors;
  const best = index.best.fill(0);
  const bestExample = index.bestExample.fill(-1);
  for (let e = 0; e < dots.length; e++) {
    const cosine = (dots[e] as number) / (norm * (norms[e] as number));
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
      if (index.numbersMayHit || !isNumber(word))
        for (let k = 0; k < index.singleWords.length; k++)
          if (wordForm(word, (index.singleWords[k] as [number, number, string])[2])) hits.push(k);
      if (index.wordHits.size > 5000) index.wordHits.clear();
      index.wordHits.set(word, hits);
    }
    for (const k of hits) latinHits[k] = 1;
  }

  // Latin phrases, found from their first word.
  const phraseHits = new Uint8Array(index.phrases.length);
  if (index.phrases.length > 0 && words.length > 1)
    for (let i = 0; i < words.length - 1; i++)
      for (const term of termsWordMayForm(words[i] as string))
        for (const p of index.phrasesByFirstWord.get(term) ?? [])
          if (phraseHits[p] === 0 && phraseAt(index.phrases[p] as string[], words, i)) phraseHits[p] = 1;

  // Hangul keywords, in one pass over the text without spaces.
  const hangulHits = new Uint8Array(index.hangulTerms.size);
  index.hangulTerms.find(compact, (id) => {
    hangulHits[id] = 1;
  });

  const ranked: RankedSituation[] = [];
  let mentionKeys: ReadonlySet<string> | undefined;
  index.situations.forEach((situation, s) => {
    const matched: string[] = [];
    const { keywords, singleWord, hangulTerm, phrase } = situation;
    for (let k = 0; k < keywords.length; k++) {
      const single = singleWord[k] as number;
      const hangul = hangulTerm[k] as number;
      const hit =
        single >= 0
          ? latinHits[single] === 1
          : hangul >= 0
            ? hangulHits[hangul] === 1
            : phraseHits[phrase[k] as number] === 1;
      if (hit) matched.push((keywords[k] as KeywordPattern).term);
    }
    const keywordHits = matched.length;
    let conceptHits = 0;
    if (situation.concepts.length > 0) {
      mentionKeys ??= lexiconAndCueKeys([normalized]);
      for (const key of situation.concepts)
        if (mentionKeys.has(key)) {
          conceptHits++;
          matched.push(`≈ ${key.slice(2)}`);
        }
    }
    const similarity = best[s] as number;
    const score =
      Math.min(keywordHits, MAX_KEYWORD_HITS) * KEYWORD_HIT +
      Math.min(conceptHits, MAX_CONCEPT_HITS) * CONCEPT_HIT +
      similarity;
    if (score <= 0) return;
    const example = bestExample[s] as number;
    if (example >= 0 && similarity >= 0.15)
      matched.push(`~ "${situation.examples[example - (index.exampleOffset[s] as number)]}"`);
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

/** The lexicon topics (k:) and request cues (q:) of some normalized texts, as the classifier finds them. */
function lexiconAndCueKeys(normalizedTexts: readonly string[]): Set<string> {
  const keys = new Set<string>();
  for (const normalized of normalizedTexts) {
    if (!normalized) continue;
    for (const key of lexiconKeys(normalized)) if (key.startsWith("k:")) keys.add(key);
    for (const key of cueKeys(normalized)) keys.add(key);
  }
  return keys;
}
