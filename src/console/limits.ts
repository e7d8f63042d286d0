/**
 * How much text the console's forms take, in one place for the form (`maxlength`) and the server.
 *
 * Counted as the browser's `maxlength` counts: UTF-16 code units of the value with line breaks as one
 * (a browser sends them as CRLF). For Korean and English that is one per character. The request body
 * limit is derived from these, not the other way round: URL-encoding makes a Hangul syllable 9 bytes,
 * so a byte limit picked on its own refused a 7,000-character Korean paste the form had allowed.
 */
export const PASTE_MAX_CHARS = 10_000;
export const EDIT_MAX_CHARS = 4_000;
export const NOTE_MAX_CHARS = 500;

/** Worst case per counted unit once URL-encoded: a BMP character is 3 UTF-8 bytes, each `%XX`. */
const ENCODED_BYTES_PER_UNIT = 9;
/** The other fields of a form (token, nonce, version, reason): generous. */
const FORM_OVERHEAD_BYTES = 16 * 1024;

/** Largest form body accepted: the largest paste fully encoded, plus the form's other fields. */
export const MAX_BODY_BYTES = PASTE_MAX_CHARS * ENCODED_BYTES_PER_UNIT + FORM_OVERHEAD_BYTES;

/** A bulk form carries up to this many case ids. */
export const BULK_MAX_CASES = 200;

/** The length the form's `maxlength` saw for this submitted value. */
export function formLength(value: string): number {
  return value.replace(/\r\n/g, "\n").length;
}
