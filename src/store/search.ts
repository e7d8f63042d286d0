/** What the search indexes hold beyond the text itself. Pure. */

/** A letter or digit: the characters short searches index (see searchBigrams). */
const WORD_CHAR = /[\p{L}\p{N}]/u;

/**
 * Every two-letter piece of the search text, once each: what a two-character search (배송, 먹통,
 * 5g) is looked up in. The trigram indexes need three characters, and Korean's common words are
 * two; without this a short search read every case in history. Only pieces of two letters or
 * digits are kept (a search with a space or a sign in it falls back to LIKE).
 */
export function searchBigrams(text: string): string[] {
  const chars = [...text];
  const out = new Set<string>();
  for (let i = 0; i + 1 < chars.length; i++) {
    const a = chars[i] as string;
    const b = chars[i + 1] as string;
    if (WORD_CHAR.test(a) && WORD_CHAR.test(b)) out.add(a + b);
  }
  return [...out];
}

/** The query, when a bigram lookup answers it: two letters or digits. */
export function shortSearchBigram(text: string): string | undefined {
  const chars = [...text];
  return chars.length === 2 && chars.every((c) => WORD_CHAR.test(c)) ? text : undefined;
}
