import twitterText from "twitter-text";

/** X's limit for one post, in weighted characters. */
export const X_POST_LIMIT = 280;

// twitter-text's default weighting (v3): these ranges weigh 1, every other code point 2.
const LIGHT: ReadonlyArray<readonly [number, number]> = [
  [0x0000, 0x10ff],
  [0x2000, 0x200d],
  [0x2010, 0x201f],
  [0x2032, 0x2037],
];
// Anything that could be a URL (a scheme, or a dot followed by a letter), an emoji or a combining
// sequence goes to twitter-text itself; plain text is counted here, the same way, much faster.
const NEEDS_PARSER = /https?:|www\.|\.[A-Za-z]|[\uD800-\uDFFF\u200D\uFE0E\uFE0F\u0300-\u036F\u1160-\u11FF]/;

/** X's weighted length: Hangul and other CJK count 2, a URL counts 23, Latin counts 1. */
export function weightedLength(text: string): number {
  if (NEEDS_PARSER.test(text) || text.normalize("NFC") !== text)
    return twitterText.parseTweet(text).weightedLength;
  let length = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let light = false;
    for (const [from, to] of LIGHT) if (code >= from && code <= to) light = true;
    length += light ? 1 : 2;
  }
  return length;
}
