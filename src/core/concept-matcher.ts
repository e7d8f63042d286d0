/**
 * Finds the built-in topic concepts (classifier/concepts.ts) and stances (classifier/stances.ts) a
 * mention names, as feature keys (`k:luggage`, `s:positive`): 캐리어, 수하물, suitcase and carry-on
 * all give the same feature, so an intent whose dozen examples say 수하물 also recognises a customer
 * who writes "my suitcase" or "캐리어가".
 *
 * Matching reads normalized text (normalizeForMatching) as the keyword matcher does:
 * - a Korean term of two or more syllables at the start of a word, with spaces after that start not
 *   counting (수하물이, 수하물분실 and 체크인 카운터 for 체크인카운터), but not inside a word (무배송);
 * - a one-syllable Korean term (`koShort`) only as a whole word or followed by a particle (짐, 짐이,
 *   짐을, not 짐작);
 * - an English term as a word or phrase, in its word forms (bag, bags; ship, shipped, shipping).
 */
import { CONCEPTS, type Concept, termsOf } from "./classifier/concepts.js";
import { STANCES } from "./classifier/stances.js";

/** Particles a one-syllable Korean term may carry and still be itself. */
const PARTICLES = new Set([
  "",
  "이",
  "가",
  "을",
  "를",
  "은",
  "는",
  "도",
  "만",
  "에",
  "에서",
  "으로",
  "로",
  "이랑",
  "랑",
  "하고",
  "과",
  "와",
  "의",
  "이요",
  "요",
  "까지",
  "부터",
]);

/** Endings an English word form may add to a term (see englishBases). */
const ENDINGS = ["s", "es", "ed", "ing"];

export interface ConceptMatcher {
  /** The concept keys the normalized text names, each once, in concept order. */
  keys(normalized: string): readonly string[];
}

interface Phrase {
  concept: number;
  /** The phrase's words after the first. */
  rest: string[];
}

/** The base forms a word may be an inflection of: itself, without an ending, -ies as -y, doubled consonants. */
function englishBases(word: string): string[] {
  const bases = [word];
  for (const ending of ENDINGS) {
    if (word.length > ending.length + 2 && word.endsWith(ending)) {
      const stem = word.slice(0, -ending.length);
      bases.push(stem);
      // shipped, shipping → ship; also bagged → bag
      if ((ending === "ed" || ending === "ing") && stem.length > 2 && stem.at(-1) === stem.at(-2))
        bases.push(stem.slice(0, -1));
      // charged, charging → charge
      if (ending === "ed" || ending === "ing") bases.push(`${stem}e`);
    }
  }
  if (word.length > 4 && word.endsWith("ies")) bases.push(`${word.slice(0, -3)}y`);
  return bases;
}

/** A matcher of topic concepts alone, keyed `k:<id>`. */
export function compileConcepts(concepts: readonly Concept[]): ConceptMatcher {
  return compileLexicons([{ prefix: "k:", concepts }]);
}

/**
 * One matcher for several lexicons, each concept keyed `<prefix><id>` (`k:` topics, `s:` stances),
 * so that a mention is read once for all of them.
 */
export function compileLexicons(
  lexicons: ReadonlyArray<{ prefix: string; concepts: readonly Concept[] }>,
): ConceptMatcher {
  const concepts = lexicons.flatMap((l) => l.concepts);
  const keys = lexicons.flatMap((l) => l.concepts.map((c) => `${l.prefix}${c.id}`));
  // Korean terms by their first two characters (spaces removed: the text is read without them too);
  // by one character, a common syllable (배, 기, 전) would have dozens of terms to try.
  const hangul = new Map<number, Array<{ term: string; concept: number }>>();
  const short = new Map<string, number>();
  const english = new Map<string, Phrase[]>();
  concepts.forEach((concept, index) => {
    for (const raw of termsOf(concept.ko)) {
      const term = raw.toLowerCase().replaceAll(" ", "");
      if (!term) continue;
      if (term.length < 2) {
        short.set(term, index);
        continue;
      }
      const key = term.charCodeAt(0) * 65536 + term.charCodeAt(1);
      const list = hangul.get(key) ?? [];
      list.push({ term, concept: index });
      hangul.set(key, list);
    }
    for (const term of termsOf(concept.koShort)) short.set(term, index);
    for (const raw of termsOf(concept.en)) {
      const words = raw
        .toLowerCase()
        .split(/[\s-]+/)
        .filter(Boolean);
      if (words.length === 0) continue;
      const list = english.get(words[0] as string) ?? [];
      list.push({ concept: index, rest: words.slice(1) });
      english.set(words[0] as string, list);
    }
  });

  const matchesRest = (words: readonly string[], at: number, rest: readonly string[]): boolean => {
    for (let j = 0; j < rest.length; j++) {
      const word = words[at + 1 + j];
      if (word === undefined || !englishBases(word).includes(rest[j] as string)) return false;
    }
    return true;
  };

  const found = new Uint8Array(concepts.length);
  const phraseAt = (words: readonly string[], i: number, base: string) => {
    const phrases = english.get(base);
    if (phrases === undefined) return;
    for (const phrase of phrases)
      if (!found[phrase.concept] && matchesRest(words, i, phrase.rest)) found[phrase.concept] = 1;
  };
  return {
    keys(normalized) {
      found.fill(0);
      const compact = normalized.replaceAll(" ", "");
      const words = normalized === "" ? [] : normalized.split(" ");
      // `at`: where the word starts in the compact text, where a Korean term (its spaces removed,
      // so that 체크인카운터 and 체크인 카운터 both match) must start.
      let at = 0;
      for (let i = 0; i < words.length; i++) {
        const word = words[i] as string;
        const code = word.charCodeAt(0);
        if (code >= 0x1100) {
          const candidates = hangul.get(code * 65536 + compact.charCodeAt(at + 1));
          if (candidates)
            for (const { term, concept } of candidates)
              if (!found[concept] && compact.startsWith(term, at)) found[concept] = 1;
          const concept = short.get(word.charAt(0));
          if (concept !== undefined && PARTICLES.has(word.slice(1))) found[concept] = 1;
        } else {
          phraseAt(words, i, word);
          // Every inflection ends in s, d or g: other words need no look at their stems.
          const last = word.charCodeAt(word.length - 1);
          if (last === 0x73 || last === 0x64 || last === 0x67)
            for (const base of englishBases(word).slice(1)) phraseAt(words, i, base);
        }
        at += word.length;
      }
      const result: string[] = [];
      for (let c = 0; c < found.length; c++) if (found[c]) result.push(keys[c] as string);
      return result;
    },
  };
}

let builtIn: ConceptMatcher | undefined;
/** The last text read and its keys: vectorizing a mention and the praise prior read the same text. */
let lastText: string | undefined;
let lastKeys: readonly string[] = [];

/**
 * The topics (`k:`, concepts.ts) and stances (`s:`, stances.ts) of the built-in lexicons the
 * normalized text names: topics first, each once.
 */
export function lexiconKeys(normalized: string): readonly string[] {
  if (normalized === lastText) return lastKeys;
  builtIn ??= compileLexicons([
    { prefix: "k:", concepts: CONCEPTS },
    { prefix: "s:", concepts: STANCES },
  ]);
  lastKeys = builtIn.keys(normalized);
  lastText = normalized;
  return lastKeys;
}
