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
// A character (code point) three or more times in a row: ㅋㅋㅋㅋ → ㅋㅋ, soooo → soo.
const STRETCHED = /(.)\1{2,}/gu;
const PICTOGRAPH = /(\p{Extended_Pictographic})/gu;
/**
 * Punctuation and whitespace between words, to become one space: a run of two or more characters that
 * are not letters, digits or pictographs, or a single one that is not already a space. (The same as
 * turning each such character into a space and then each run of whitespace into one space, without
 * replacing every single space by itself.)
 */
const NOT_WORD_RUN = /[^\p{L}\p{N}\p{Extended_Pictographic}]{2,}|[^\p{L}\p{N}\p{Extended_Pictographic} ]/gu;

/** Hard cap on the text we look at: a 50,000-character paste costs the same as a long tweet. */
export const MAX_CLASSIFY_CHARS = 2000;

export const HANGUL_SYLLABLE = /[\uAC00-\uD7A3]/;

/** Remove what can never be meaning: invisible and control characters, invalid surrogates. */
export function sanitize(text: string): string {
  if (!hasCharacterToSanitize(text)) return text;
  return text.replace(CONTROL, " ").replace(INVISIBLE, "");
}

/**
 * Whether CONTROL or INVISIBLE could match: false means sanitize has nothing to do. Deliberately loose
 * (any surrogate, the whole U+200B–U+206F block): a true only costs running the regexes.
 */
function hasCharacterToSanitize(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20) {
      if (code !== 0x09 && code !== 0x0a && code !== 0x0d) return true;
    } else if (code >= 0x7f) {
      if (code <= 0xad) {
        if (code <= 0x9f || code === 0xad) return true;
      } else if ((code >= 0x200b && code <= 0x206f) || (code >= 0xd800 && code <= 0xdfff) || code === 0xfeff)
        return true;
    }
  }
  return false;
}

/**
 * The text the classifier sees: NFKC, lower case, no URLs, handles or Slack control sequences,
 * stretched letters shortened (ㅋㅋㅋㅋ → ㅋㅋ, soooo → soo), punctuation to spaces. The result is
 * words separated by single spaces (no other whitespace, none at either end), each word a run of
 * letters and digits or a single pictograph: features.ts splits it at spaces on that promise.
 */
export function normalizeForMatching(text: string): string {
  // Drafting reads the very text that classification just read: remember the last answer.
  if (text === lastText) return lastNormalized;
  const normalized = normalizeText(text);
  lastText = text;
  lastNormalized = normalized;
  return normalized;
}

let lastText: string | undefined;
let lastNormalized = "";

function normalizeText(text: string): string {
  // Each step runs only when the text can hold what it removes: most mentions have no URL, handle,
  // Slack sequence or emoji, and a regex that matches nothing still costs a scan of the text. (After
  // toLowerCase, URL's case-insensitive patterns can only match a lower-case "http" or "www.".)
  let s = sanitize(text.slice(0, MAX_CLASSIFY_CHARS)).normalize("NFKC").toLowerCase();
  if (s.includes("http") || s.includes("www.")) s = s.replace(URL, " ");
  if (s.includes("<")) s = s.replace(SLACK_SPECIAL, " ");
  if (s.includes("@")) s = s.replace(HANDLE, "$1 ");
  if (s.includes("#")) s = s.replaceAll("#", " ");
  if (mayRepeatThrice(s)) s = s.replace(STRETCHED, "$1$1");
  // Plain text (most mentions) has no pictograph to set apart, and its words are found by hand: the
  // same result as the two regexes below.
  if (isPlain(s)) return plainWords(s);
  // Emoji stay: 👍 and 😡 say a lot in a mention. Each becomes its own token.
  s = s.replace(PICTOGRAPH, " $1 ");
  return s.replace(NOT_WORD_RUN, " ").trim();
}

/**
 * Whether STRETCHED could match: some code unit equal to the two before it, or (for a character
 * outside the BMP, two code units) a surrogate equal to the ones two and four units before it.
 */
function mayRepeatThrice(s: string): boolean {
  for (let i = 2; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code === s.charCodeAt(i - 1) && code === s.charCodeAt(i - 2)) return true;
    if (
      i >= 4 &&
      code >= 0xd800 &&
      code <= 0xdfff &&
      code === s.charCodeAt(i - 2) &&
      code === s.charCodeAt(i - 4)
    )
      return true;
  }
  return false;
}

/**
 * Whether every code unit is below U+00A9 or Hangul: a syllable, or a conjoining jamo U+1100–U+11FF
 * (what NFKC makes of ㅋ, ㅠ). Most mentions are. Such text has no pictograph (Extended_Pictographic
 * starts at U+00A9 ©), and its only letters and digits are ASCII ones and the Hangul.
 */
function isPlain(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code >= 0xa9 && !(code >= 0xac00 && code <= 0xd7a3) && !(code >= 0x1100 && code <= 0x11ff))
      return false;
  }
  return true;
}

/** A letter or digit of plain text (see isPlain). */
function isPlainWordCharacter(code: number): boolean {
  return (
    (code >= 0x61 && code <= 0x7a) ||
    (code >= 0x30 && code <= 0x39) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0x1100 && code <= 0x11ff)
  );
}

/** Plain text's words separated by single spaces: what NOT_WORD_RUN and trim make of it, by hand. */
function plainWords(s: string): string {
  let out = "";
  let start = -1;
  for (let i = 0; i <= s.length; i++) {
    if (i < s.length && isPlainWordCharacter(s.charCodeAt(i))) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      out = out === "" ? s.slice(start, i) : `${out} ${s.slice(start, i)}`;
      start = -1;
    }
  }
  return out;
}

/** A key for "is this the same sentence": spacing, case and punctuation do not matter. */
export function sameSentenceKey(text: string): string {
  return normalizeForMatching(text).replace(/\s+/g, "");
}

export function detectLanguage(text: string, fallback: "ko" | "en" = "ko"): "ko" | "en" {
  // Counted code unit by code unit: the same counts as matching /[\uAC00-\uD7A3]/g and /[a-z]/gi
  // (which, without the u flag, folds only ASCII letters), without building arrays of matches.
  const end = Math.min(text.length, MAX_CLASSIFY_CHARS);
  let hangul = 0;
  let latin = 0;
  for (let i = 0; i < end; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0xac00 && code <= 0xd7a3) hangul++;
    else if ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x7a) latin++;
  }
  if (hangul === 0 && latin === 0) return fallback;
  // A Hangul syllable carries about as much as three Latin letters; weight accordingly so that
  // "아이폰 delivery 언제 와요" reads as Korean and "my iPhone 배송 is late" as English.
  return hangul * 3 >= latin ? "ko" : "en";
}

/** A handle as it is compared: without the @, lower case (X and Instagram handles are case-insensitive). */
export const handleKey = (handle: string): string => handle.replace(/^@/, "").toLowerCase();
