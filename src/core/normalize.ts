/**
 * Text normalization shared by the classifier and the duplicate checks. Customers write with
 * typos, missing spaces, emoji, stretched letters and invisible characters; all of that should
 * land on the same features as the clean spelling.
 */

// Zero-width and bidi control characters carry no meaning but split words invisibly.
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\u00AD]/g;
// C0/C1 control characters except tab/newline, and lone surrogates (invalid UTF-16).
const CONTROL =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const URL = /\bhttps?:\/\/\S+|\bwww\.\S+/gi;
const SLACK_SPECIAL = /<[!@#][^>]*>/g;
const HANDLE = /(^|[^\w])@\w{1,30}/g;

/** Hard cap on the text we look at: a 50,000-character paste costs the same as a long tweet. */
export const MAX_CLASSIFY_CHARS = 2000;

export const HANGUL_SYLLABLE = /[\uAC00-\uD7A3]/;
const HANGUL_ALL = /[\uAC00-\uD7A3]/g;
const LATIN_ALL = /[a-z]/gi;

/** Remove what can never be meaning: invisible and control characters, invalid surrogates. */
export function sanitize(text: string): string {
  return text.replace(CONTROL, " ").replace(INVISIBLE, "");
}

/**
 * The text the classifier sees: NFKC, lower case, no URLs, handles or Slack control sequences,
 * stretched letters shortened (ㅋㅋㅋㅋ → ㅋㅋ, soooo → soo), punctuation to spaces.
 */
export function normalizeForMatching(text: string): string {
  return (
    sanitize(text.slice(0, MAX_CLASSIFY_CHARS))
      .normalize("NFKC")
      .toLowerCase()
      .replace(URL, " ")
      .replace(SLACK_SPECIAL, " ")
      .replace(HANDLE, "$1 ")
      .replace(/#/g, " ")
      .replace(/(.)\1{2,}/gu, "$1$1")
      // Emoji stay: 👍 and 😡 say a lot in a mention. Each becomes its own token.
      .replace(/(\p{Extended_Pictographic})/gu, " $1 ")
      .replace(/[^\p{L}\p{N}\p{Extended_Pictographic}\s]/gu, " ")
      .replace(/\s+/g, " ")
      .trim()
  );
}

/** A key for "is this the same sentence": spacing, case and punctuation do not matter. */
export function sameSentenceKey(text: string): string {
  return normalizeForMatching(text).replace(/\s+/g, "");
}

export function detectLanguage(text: string, fallback: "ko" | "en" = "ko"): "ko" | "en" {
  const sample = text.slice(0, MAX_CLASSIFY_CHARS);
  const hangul = sample.match(HANGUL_ALL)?.length ?? 0;
  const latin = sample.match(LATIN_ALL)?.length ?? 0;
  if (hangul === 0 && latin === 0) return fallback;
  // A Hangul syllable carries about as much as three Latin letters; weight accordingly so that
  // "아이폰 delivery 언제 와요" reads as Korean and "my iPhone 배송 is late" as English.
  return hangul * 3 >= latin ? "ko" : "en";
}
