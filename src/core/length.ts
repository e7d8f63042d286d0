import twitterText from "twitter-text";

/** X's limit for one post, in weighted characters. */
export const X_POST_LIMIT = 280;

// twitter-text's default weighting (v3): these ranges weigh 1, every other code point 2. In
// ascending order: isLight stops at the first range above the code.
const LIGHT: ReadonlyArray<readonly [number, number]> = [
  [0x0000, 0x10ff],
  [0x2000, 0x200d],
  [0x2010, 0x201f],
  [0x2032, 0x2037],
];
function isLight(code: number): boolean {
  for (let r = 0; r < LIGHT.length; r++) {
    const [from, to] = LIGHT[r] as readonly [number, number];
    if (code < from) return false;
    if (code <= to) return true;
  }
  return false;
}

// Anything that could be a URL (a scheme, or a dot followed by a letter), an emoji or a combining
// sequence goes to twitter-text itself; plain text is counted here, the same way, much faster.
const MAYBE_URL = /https?:|www\.|\.[A-Za-z]/;

function needsParser(text: string): boolean {
  if (MAYBE_URL.test(text)) return true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    // surrogates (emoji), joiners and variation selectors, combining marks, conjoining jamo
    if ((c >= 0xd800 && c <= 0xdfff) || c === 0x200d || c === 0xfe0e || c === 0xfe0f) return true;
    if ((c >= 0x0300 && c <= 0x036f) || (c >= 0x1160 && c <= 0x11ff)) return true;
  }
  return false;
}

/** X's weighted length: Hangul and other CJK count 2, a URL counts 23, Latin counts 1. */
export function weightedLength(text: string): number {
  if (needsParser(text) || text.normalize("NFC") !== text) return twitterText.parseTweet(text).weightedLength;
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    length += isLight(code) ? 1 : 2;
  }
  return length;
}
