/**
 * The maintainers' weighted keywords: matched exactly in normalized text or, for a misspelled Latin
 * word ("refnd", "cancle"), through fuse.js confirmed by an edit distance.
 */
import Fuse from "fuse.js";
import { normalizeForMatching } from "../normalize.js";
import { TermIndex } from "../term-index.js";
import type { Evidence } from "../types.js";

/** A keyword of an intent, by the intent's position in the classifier's intents. */
export interface KeywordSource {
  intent: number;
  term: string;
  weight: number;
}

interface CompiledKeyword {
  /** Position in KeywordMatcher.keywords: matches are reported in this order. */
  index: number;
  intent: number;
  term: string;
  weight: number;
  /**
   * Hangul keywords are matched without spaces: the term without them. Other keywords match whole
   * words, the first and the last with an English inflection allowed (baseFormsOf): the term's words.
   */
  pattern: { hangul: string } | { words: string[] };
}

/** English inflections (refund → refunds, refunded, refunding) match the same keyword. */
const INFLECTIONS = ["s", "es", "d", "ed", "ing"];
/** baseFormsOf's answer for a word no inflection ends it: shared, so most words allocate nothing. */
const NO_FORMS: readonly string[] = [];
/** A fuzzy match counts this much of the keyword's weight. */
const FUZZY_FACTOR = 0.7;
/** How many looked-up misspellings are remembered before starting over. */
const FUZZY_CACHE_SIZE = 5000;

const HANGUL = /[\uAC00-\uD7A3]/;

export class KeywordMatcher {
  private readonly keywords: CompiledKeyword[] = [];
  private readonly fuzzy: Fuse<CompiledKeyword>;
  /**
   * Whether a word of digits alone can be a typo of a fuzzy keyword: only of one with at most two
   * other characters (isTypoOf allows two edits at most). Mentions are full of numbers (orders,
   * amounts, phone numbers), nearly all different, so the fuzzy cache rarely has them.
   */
  private readonly numbersMayMatch: boolean;
  private readonly fuzzyCache = new Map<string, CompiledKeyword | null>();
  /** Hangul keywords (by index into keywords), found in the text without spaces. */
  private readonly hangulKeywords = new TermIndex();
  /** The other keywords (indices into keywords, in order) by their first word. */
  private readonly wordKeywords = new Map<string, number[]>();
  /** Scratch space for match: hitAt[k] === stamp when keyword k matched this text. */
  private readonly hitAt: Int32Array;
  private stamp = 0;

  /**
   * `knownWords`: the words of the training examples; a word among them is never looked up fuzzily
   * (it is someone's correct spelling). `intents`: intent ids, for the evidence.
   */
  constructor(
    sources: readonly KeywordSource[],
    private readonly knownWords: ReadonlySet<string>,
    private readonly intents: readonly string[],
  ) {
    for (const keyword of sources) {
      const term = normalizeForMatching(keyword.term);
      if (!term) continue;
      const index = this.keywords.length;
      const compiled = { index, intent: keyword.intent, term, weight: keyword.weight };
      if (HANGUL.test(term)) {
        const hangul = term.replace(/\s+/g, "");
        this.keywords.push({ ...compiled, pattern: { hangul } });
        this.hangulKeywords.add(hangul, index);
      } else {
        // A normalized term is words separated by single spaces, like the text it is matched in.
        const words = term.split(" ");
        this.keywords.push({ ...compiled, pattern: { words } });
        addToList(this.wordKeywords, words[0] as string, index);
      }
    }
    this.hitAt = new Int32Array(this.keywords.length);
    const fuzzy = this.keywords.filter(
      (k) => !HANGUL.test(k.term) && !k.term.includes(" ") && k.term.length >= 4,
    );
    this.fuzzy = new Fuse(fuzzy, {
      keys: ["term"],
      threshold: 0.3,
      includeScore: true,
      ignoreLocation: true,
      minMatchCharLength: 3,
    });
    this.numbersMayMatch = fuzzy.some((k) => numberMayBeTypoOf(k.term));
  }

  /**
   * Keyword evidence for normalized text (its words and Latin words given); adds each matched
   * keyword's weight to its intent in `scores`. Exact matches in keyword order, after fuzzy ones in
   * word order; a keyword matched fuzzily is not counted again exactly.
   */
  match(
    normalized: string,
    words: readonly string[],
    latin: readonly string[],
    scores: Float64Array,
  ): Evidence[] {
    const evidence: Evidence[] = [];
    const stamp = ++this.stamp;
    const hitAt = this.hitAt;
    const seen = this.exactMatches(normalized, words, stamp).map((k) => this.keywords[k] as CompiledKeyword);
    // A misspelled word that is not in the examples' vocabulary gets a fuzzy lookup.
    for (const word of latin) {
      if (word.length < 4 || this.knownWords.has(word)) continue;
      const match = this.fuzzyMatch(word);
      if (match && hitAt[match.index] !== stamp) {
        hitAt[match.index] = stamp;
        seen.push(match);
        const score = match.weight * FUZZY_FACTOR;
        evidence.push({
          kind: "keyword",
          intent: this.intents[match.intent] as string,
          value: `${match.term} (~${word})`,
          score,
        });
        scores[match.intent] = (scores[match.intent] as number) + score;
      }
    }
    // Only fuzzy evidence can start with "term (~": a (normalized) term has no parenthesis.
    const fuzzy = evidence.length > 0;
    for (const keyword of seen) {
      if (fuzzy && evidence.some((e) => e.value.startsWith(`${keyword.term} (~`))) continue;
      scores[keyword.intent] = (scores[keyword.intent] as number) + keyword.weight;
      evidence.push({
        kind: "keyword",
        intent: this.intents[keyword.intent] as string,
        value: keyword.term,
        score: keyword.weight,
      });
    }
    return evidence;
  }

  private fuzzyMatch(word: string): CompiledKeyword | null {
    if (!this.numbersMayMatch && isNumber(word)) return null;
    let match = this.fuzzyCache.get(word);
    if (match === undefined) {
      // Fuse proposes candidates; a whole-word edit distance confirms them, because Fuse alone also
      // matches a word against part of a longer keyword (train → transferred).
      match =
        this.fuzzy
          .search(word, { limit: 5 })
          .map((r) => r.item)
          .find((k) => isTypoOf(word, k.term)) ?? null;
      if (this.fuzzyCache.size > FUZZY_CACHE_SIZE) this.fuzzyCache.clear();
      this.fuzzyCache.set(word, match);
    }
    return match;
  }

  /**
   * The keywords whose pattern occurs in normalized text (words separated by single spaces), in the
   * order of `keywords`. A Hangul pattern may start wherever its first code unit is in the text without
   * spaces. A word pattern must match whole words from a word equal to its first one or inflected
   * from it (baseFormsOf), the last one maybe inflected too; looked up by word instead of tried per
   * keyword.
   */
  private exactMatches(normalized: string, words: readonly string[], stamp: number): number[] {
    const hitAt = this.hitAt;
    const hits: number[] = [];
    const hit = (k: number) => {
      hitAt[k] = stamp;
      hits.push(k);
    };
    const compact = normalized.replaceAll(" ", "");
    this.hangulKeywords.find(compact, (k, at) => {
      if (
        hitAt[k] !== stamp &&
        !(at > 0 && compact.charCodeAt(at - 1) === BUL && negatedByBul(normalized, k, this.keywords))
      )
        hit(k);
    });
    for (let i = 0; i < words.length; i++) {
      const word = words[i] as string;
      for (const k of this.wordKeywords.get(word) ?? []) {
        if (hitAt[k] !== stamp && wordsMatchAt((this.keywords[k] as CompiledKeyword).pattern, words, i))
          hit(k);
      }
      // A unit written against its number ("20kg", "5gb") matches the unit's one-word keyword.
      const unit = unitAfterNumber(word);
      if (unit)
        for (const k of this.wordKeywords.get(unit) ?? []) {
          const pattern = (this.keywords[k] as CompiledKeyword).pattern as { words: string[] };
          if (hitAt[k] !== stamp && pattern.words.length === 1) hit(k);
        }
      // An inflected first word ("changing my flight", "cancelled flights") matches the keyword
      // written with the plain one ("change my flight", "cancel").
      for (const base of baseFormsOf(word)) {
        for (const k of this.wordKeywords.get(base) ?? []) {
          if (
            hitAt[k] !== stamp &&
            wordsMatchAt((this.keywords[k] as CompiledKeyword).pattern, words, i, true)
          )
            hit(k);
        }
      }
    }
    return hits.sort((a, b) => a - b);
  }
}

/** The letters of a word that is digits then letters ("20kg" → "kg"), else undefined. */
function unitAfterNumber(word: string): string | undefined {
  const first = word.charCodeAt(0);
  if (first < 0x30 || first > 0x39) return undefined;
  return /^\d+(?:[.,]\d+)?([a-z]+)$/.exec(word)?.[1];
}

/** Whether the word is digits alone (an order number, an amount, a phone number). */
export function isNumber(word: string): boolean {
  for (let i = 0; i < word.length; i++) {
    const c = word.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/**
 * Whether a word of digits alone can match `term` as itself or as a typo (isTypoOf allows two edits
 * at most): only when the term has at most two characters that are not digits. Mentions are full of
 * different numbers, so callers skip the lookup for them when no term passes this.
 */
export function numberMayBeTypoOf(term: string): boolean {
  let others = 0;
  for (let i = 0; i < term.length; i++) {
    const c = term.charCodeAt(i);
    if ((c < 0x30 || c > 0x39) && ++others > 2) return false;
  }
  return true;
}

function addToList<K>(map: Map<K, number[]>, key: K, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/**
 * Whether a word pattern's words are the text's words from `at` on, the last one maybe inflected;
 * `firstInflected`: the caller found the first one as an inflection of the text's word.
 */
function wordsMatchAt(
  pattern: CompiledKeyword["pattern"],
  words: readonly string[],
  at: number,
  firstInflected = false,
): boolean {
  if (!("words" in pattern)) return false;
  const terms = pattern.words;
  const last = terms.length - 1;
  if (at + last >= words.length) return false;
  if (last === 0) return true;
  for (let j = firstInflected ? 1 : 0; j < last; j++) if (words[at + j] !== terms[j]) return false;
  const word = words[at + last] as string;
  const term = terms[last] as string;
  return word === term || (word.startsWith(term) && baseFormsOf(word).includes(term));
}

/**
 * The plain forms an English word may be an inflection of: refunds, refunded, refunding → refund;
 * changing, changed → change; cancelled, stopped → cancel, stop; carries, carried → carry. Several
 * candidates, of which at most one is usually a keyword; none for a word that cannot be inflected
 * (every inflection ends in s, d or g, so Hangul and most words cost one comparison).
 */
export function baseFormsOf(word: string): readonly string[] {
  const end = word.charCodeAt(word.length - 1);
  if (end !== 0x73 && end !== 0x64 && end !== 0x67) return NO_FORMS;
  const forms: string[] = [];
  for (const ending of INFLECTIONS) {
    if (!word.endsWith(ending) || word.length - ending.length < 2) continue;
    const stem = word.slice(0, -ending.length);
    forms.push(stem);
    if (ending === "ing" || ending === "ed") {
      forms.push(`${stem}e`);
      const n = stem.length;
      if (n >= 3 && stem[n - 1] === stem[n - 2] && !"aeiou".includes(stem[n - 1] as string))
        forms.push(stem.slice(0, -1));
    }
    if ((ending === "es" || ending === "ed") && stem.endsWith("i")) forms.push(`${stem.slice(0, -1)}y`);
  }
  return forms;
}

/** 불, the prefix that negates: 불친절 (unkind) is no 친절, 불만족 no 만족. */
const BUL = "불".charCodeAt(0);

/** Whether the Hangul keyword k occurs with 불 starting its word ("불친절하네요"), not after 환불 or 소불고기. */
function negatedByBul(normalized: string, k: number, keywords: readonly CompiledKeyword[]): boolean {
  const pattern = (keywords[k] as CompiledKeyword).pattern;
  if (!("hangul" in pattern) || pattern.hangul.startsWith("불")) return false;
  return ` ${normalized}`.includes(` 불${pattern.hangul}`);
}

/** Whether `word` is a misspelling of `term`: one edit for short words, two from seven letters. */
export function isTypoOf(word: string, term: string): boolean {
  const allowed = term.length >= 7 ? 2 : 1;
  if (word === term || Math.abs(word.length - term.length) > allowed) return false;
  return editDistance(word, term) <= allowed;
}

/** Optimal string alignment distance: insertions, deletions, substitutions and adjacent swaps. */
export function editDistance(a: string, b: string): number {
  // Three rolling rows (two back for the swap) instead of the whole table: this runs for every
  // fuzzy candidate of every unseen word.
  const cols = b.length + 1;
  let before = new Int32Array(cols);
  let prev = new Int32Array(cols);
  let row = new Int32Array(cols);
  for (let j = 0; j < cols; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    row[0] = i;
    for (let j = 1; j < cols; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(
        (prev[j] as number) + 1,
        (row[j - 1] as number) + 1,
        (prev[j - 1] as number) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, (before[j - 2] as number) + 1);
      row[j] = best;
    }
    [before, prev, row] = [prev, row, before];
  }
  return prev[b.length] as number;
}
