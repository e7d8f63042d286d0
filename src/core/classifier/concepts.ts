/**
 * The built-in concept lexicon: domain-general TOPICS and ENTITIES that customers of many kinds of
 * companies write about (telecom, airlines and travel, delivery and logistics, shopping, banking and
 * insurance, apps and games, utilities, restaurants, public transport, clinics), each a group of
 * Korean and English words that name the same kind of thing. Whichever word a customer uses
 * ("수하물", "캐리어", "짐이", "suitcase", "carry-on"), the classifier gets the one shared feature
 * `k:<id>` (here `k:luggage`), so an intent trained on a dozen examples still recognizes the synonyms
 * and the other language.
 *
 * Concepts say what a mention is ABOUT, never what it asks or how it feels: request and stance words
 * (cancel, refund, change, how much, when, where, delayed, missing, broken, complaints, praise, spam,
 * "is it true") are the request cues of cues.ts and are deliberately left out here. Terms are
 * everyday words, colloquial forms, loanwords and common abbreviations; no brand or company names.
 * Each term belongs to one concept only.
 *
 * Matching (normalized text: NFKC, lower case, punctuation turned into spaces):
 * - `ko`: a word or word stem that starts a Hangul word, so particles and endings may follow
 *   ("배송" matches 배송이, 배송은, 배송지; "아파요" matches 아파요 but "아파" would also match 아파트,
 *   which is why such stems are spelled out). At least two syllables. Spaces in the text are not
 *   significant after the term's start ("고객센터" also matches 고객 센터), so a term must not be
 *   spelled out again with a space, and a term whose first syllable is a common word of its own
 *   (아, 안, 내, 네, 전, 세, 두, 방 …) is given in a longer form: "안개가" rather than "안개", which
 *   "안 개봉했어요" would contain.
 * - `koShort`: one-syllable Korean words, matched only as a whole word or with a particle directly
 *   after (짐 matches 짐, 짐이, 짐을 but not 짐작).
 * - `en`: lower-case base forms matched as whole words, with plural -s/-es, -ed, -ing and -ies forms
 *   matched automatically; multi-word phrases match word by word ("check in", "wi fi" for "Wi-Fi").
 *   A term is left out when an inflection-like form of it is a common unrelated word: "car" (card,
 *   cares), "hat" (hated), "tire" (tired), "deal" (dealing with), "kid" (kidding), "till" (until).
 *
 * Each list is one string, terms separated by `|` (a term may hold spaces): a lexicon of some
 * 2,500 terms reads as a page a concept, not as a column of one word a line.
 */
import { EVERYDAY_CONCEPTS } from "./concepts-everyday.js";
import { SERVICE_CONCEPTS } from "./concepts-service.js";

export interface Concept {
  /** Short id, lower-case ascii with dashes; the feature key is `k:<id>`. */
  id: string;
  /**
   * Korean terms, `|`-separated: a word or stem that starts a Hangul word (particles and endings may
   * follow), at least two syllables.
   */
  ko: string;
  /**
   * One-syllable Korean words, `|`-separated, matched only alone or with a particle right after (짐,
   * 짐이, 짐을, not 짐작).
   */
  koShort?: string;
  /** English terms, `|`-separated, lower-case base forms (-s, -es, -ed, -ing, -ies forms match too). */
  en: string;
}

/** The whole lexicon, split in two files by subject only to keep each file readable. */
export const CONCEPTS: readonly Concept[] = [...SERVICE_CONCEPTS, ...EVERYDAY_CONCEPTS];

/** A `|`-separated list's terms. */
export function termsOf(list: string | undefined): string[] {
  return (list ?? "")
    .split("|")
    .map((t) => t.trim())
    .filter(Boolean);
}
