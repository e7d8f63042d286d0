import twitterText from "twitter-text";

/** X's limit for one post, in weighted characters. */
export const X_POST_LIMIT = 280;

/** X's weighted length: Hangul and other CJK count 2, a URL counts 23, Latin counts 1. */
export function weightedLength(text: string): number {
  return twitterText.parseTweet(text).weightedLength;
}
