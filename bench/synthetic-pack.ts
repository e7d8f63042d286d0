/**
 * A synthetic pack of N intents × M examples, generated deterministically from a seed, to show how
 * cost and accuracy scale with the pack. Each intent has its own small vocabulary of Korean
 * pseudo-words (random Hangul syllables) and English words; sentences mix those with words shared
 * by every intent and with words borrowed from two "neighbour" intents, so intents overlap and the
 * task is not trivial. Korean words get particles, some spaces are dropped and some syllables are
 * misspelled, as in real mentions.
 */
import { mulberry32 } from "../src/core/classifier.js";
import { sameSentenceKey } from "../src/core/normalize.js";
import type { Intent, Pack, PackSettings } from "../src/core/types.js";

export interface SyntheticOptions {
  intents: number;
  examples: number;
  seed: number;
}

export const SYNTHETIC_DEFAULTS: SyntheticOptions = { intents: 100, examples: 100, seed: 20261122 };

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;

// A Hangul syllable from initial, medial and final jamo indices (Unicode's composition formula).
const syllable = (initial: number, medial: number, final: number) =>
  String.fromCharCode(0xac00 + (initial * 21 + medial) * 28 + final);

function hangulSyllables(random: Random, count: number): string[] {
  const out = new Set<string>();
  while (out.size < count) {
    const final = random() < 0.6 ? 0 : pick(random, [1, 4, 8, 16, 17, 21]);
    out.add(syllable(Math.floor(random() * 19), Math.floor(random() * 21), final));
  }
  return [...out];
}

const LETTERS = { consonants: "bcdfghjklmnprstvwz", vowels: "aeiou" };

function englishWord(random: Random): string {
  const length = 2 + Math.floor(random() * 2);
  let word = "";
  for (let i = 0; i < length; i++)
    word += pick(random, [...LETTERS.consonants]) + pick(random, [...LETTERS.vowels]);
  return random() < 0.5 ? word + pick(random, [...LETTERS.consonants]) : word;
}

function koreanWord(random: Random, syllables: string[]): string {
  const length = 2 + Math.floor(random() * 2);
  let word = "";
  for (let i = 0; i < length; i++) word += pick(random, syllables);
  return word;
}

const PARTICLES = ["이", "가", "는", "을", "를", "에", "요", "도", "만", "에서"];

interface Vocabulary {
  korean: string[];
  english: string[];
}

export interface SyntheticPack {
  pack: Pack;
  /** Extra sentences from the same generator, not in the pack: mentions for timing. */
  mentions: string[];
}

/** The pack (no replies: only classification is measured on it) and extra mentions for timing. */
export function syntheticPack(
  options: SyntheticOptions = SYNTHETIC_DEFAULTS,
  settings?: PackSettings,
): SyntheticPack {
  const random = mulberry32(options.seed);
  const syllables = hangulSyllables(random, 600);
  const used = new Set<string>();
  const fresh = (make: () => string) => {
    for (;;) {
      const word = make();
      if (!used.has(word)) {
        used.add(word);
        return word;
      }
    }
  };
  const shared: Vocabulary = {
    korean: Array.from({ length: 120 }, () => fresh(() => koreanWord(random, syllables))),
    english: Array.from({ length: 80 }, () => fresh(() => englishWord(random))),
  };
  const own: Vocabulary[] = Array.from({ length: options.intents }, () => ({
    korean: Array.from({ length: 10 }, () => fresh(() => koreanWord(random, syllables))),
    english: Array.from({ length: 6 }, () => fresh(() => englishWord(random))),
  }));
  const ids = Array.from({ length: options.intents }, (_, i) => `synthetic-${String(i).padStart(3, "0")}`);

  // Words early in a vocabulary are used more often (a rough Zipf), as in real intents.
  const zipf = (words: string[]) => words[Math.floor(words.length * random() ** 2)] as string;
  const sentence = (intent: number): string => {
    const vocabulary = own[intent] as Vocabulary;
    const neighbours = [own[(intent + 1) % own.length], own[(intent + 7) % own.length]] as Vocabulary[];
    const english = random() < 0.25;
    const length = 5 + Math.floor(random() * 6);
    const words: string[] = [];
    for (let i = 0; i < length; i++) {
      const r = random();
      const source = r < 0.45 ? vocabulary : r < 0.6 ? pick(random, neighbours) : shared;
      const useEnglish = english ? random() < 0.8 : random() < 0.2;
      let word = zipf(useEnglish ? source.english : source.korean);
      if (!useEnglish) {
        if (random() < 0.35) word += pick(random, PARTICLES);
        if (random() < 0.05) {
          const at = Math.floor(random() * word.length);
          word = word.slice(0, at) + pick(random, syllables) + word.slice(at + 1);
        }
      }
      words.push(word);
    }
    let text = words[0] as string;
    for (let i = 1; i < words.length; i++) text += random() < 0.1 ? words[i] : ` ${words[i]}`;
    return text;
  };

  const seen = new Set<string>();
  const unique = (intent: number): string => {
    for (;;) {
      const text = sentence(intent);
      const key = sameSentenceKey(text);
      if (!seen.has(key)) {
        seen.add(key);
        return text;
      }
    }
  };
  const intents: Intent[] = ids.map((id, i) => ({
    id,
    title: { ko: id, en: id },
    description: `synthetic intent ${i}`,
    department: "synthetic",
    urgency: "normal",
    keywords: (own[i] as Vocabulary).korean
      .slice(0, 2)
      .concat((own[i] as Vocabulary).english.slice(0, 1))
      .map((term) => ({ term, weight: 2 })),
    examples: Array.from({ length: options.examples }, () => unique(i)),
    negativeExamples: [],
    surge: { minCount: 15, windowMinutes: 60, rateMultiplier: 3 },
    file: `synthetic/${id}.yaml`,
  }));
  const mentions = Array.from({ length: 2000 }, (_, k) => unique(k % options.intents));
  const pack: Pack = {
    intents,
    departments: [
      {
        id: "synthetic",
        name: { ko: "합성", en: "Synthetic" },
        hotline: "080-000-0000",
        hours: { ko: "매일", en: "daily" },
        slack_channel: "C0SYNTH",
      } as Pack["departments"][number],
    ],
    replies: new Map(),
    // Every synthetic mention belongs to one of the intents (there is no `unknown` intent), so no
    // confidence threshold: the top intent is the answer, for us and for the peers alike.
    settings: settings ?? {
      threshold: 0,
      ambiguity_threshold: 0.1,
      status_max_age_minutes: 360,
      fallback_intent: "unknown",
      default_surge: { minCount: 15, windowMinutes: 60, rateMultiplier: 3 },
      own_handles: [],
      other_handles: [],
      sla: { high: 30, normal: 240, low: 1440 },
      claim_idle_minutes: 15,
      situation_threshold: 0.3,
      alternative_margin: 0.25,
    },
    tests: new Map(),
  };
  return { pack, mentions };
}
