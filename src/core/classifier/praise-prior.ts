/**
 * Praise that names a topic. "승무원분이 유모차까지 챙겨 주셔서 감동", "the new statement layout is so
 * easy to read", "rider ran up 4 floors with a smile": a dozen praise examples cannot teach that any
 * topic may come with thanks, so a small pack reads such mentions as a question or complaint about
 * the topic they name (the largest group of mistakes on every small pack's held-out file). This
 * prior says what every pack's customers show: a mention that thanks or praises (a positive or
 * gratitude stance, stances.ts) and asks nothing, reports nothing broken, late or missing, does not
 * complain, is not sarcastic and wishes for nothing ("it'd be nice if …" is a suggestion) is most
 * likely praise.
 *
 * It moves part of the other real intents' probability to the pack's praise-like intent (the one
 * most of whose examples thank or praise; none when no intent is like that). It never takes from
 * the fallback intent, so chit-chat ("대박", "haha nice") stays `unknown`; it needs the praise intent
 * to be a contender already (a tenth of the top intent's probability), so a praise word inside a
 * mention the model reads firmly as something else ("Brilliant service as always. Nobody picks up")
 * is left alone; and it weakens as the pack's examples grow: a pack with 150 examples an intent has
 * learned where its praise ends, and measured it loses from the prior (docs/accuracy-history.md, ninth session).
 */
import { lexiconKeys } from "../concept-matcher.js";
import { asksOrComplains } from "../cues.js";
import { normalizeForMatching } from "../normalize.js";

/** Examples an intent (on average) up to which the prior is at full strength; above, it falls as 1/n. */
const FULL_STRENGTH_EXAMPLES = 24;
/** The praise intent must have at least this share of the top intent's probability to gain. */
const CONTENDER_SHARE = 0.1;
/** An intent is praise-like when at least this share of its examples thank or praise. */
const PRAISE_LIKE_SHARE = 0.4;

/** A positive or grateful stance, in the normalized text. */
export function praises(normalized: string): boolean {
  const keys = lexiconKeys(normalized);
  return keys.includes("s:positive") || keys.includes("s:gratitude");
}

export interface PraisePrior {
  /** The praise-like intent's index. */
  intent: number;
  /** The share moved: options.praiseShift, weakened for a pack with many examples. */
  shift: number;
}

/**
 * The pack's praise-like intent and the prior's strength, from its examples (raw texts and their
 * labels) and `shift` (options.praiseShift): null when no real intent is praise-like, or shift is 0.
 */
export function praisePriorOf(
  exampleTexts: readonly string[],
  exampleLabels: ArrayLike<number>,
  intentCount: number,
  fallbackLabel: number,
  shift: number,
): PraisePrior | null {
  if (!(shift > 0)) return null;
  const praising = new Float64Array(intentCount);
  const total = new Float64Array(intentCount);
  exampleTexts.forEach((text, i) => {
    const label = exampleLabels[i] as number;
    total[label] = (total[label] as number) + 1;
    const normalized = normalizeForMatching(text);
    if (praises(normalized) && !asksOrComplains(normalized, text))
      praising[label] = (praising[label] as number) + 1;
  });
  let best = -1;
  let bestShare = PRAISE_LIKE_SHARE;
  let real = 0;
  let realExamples = 0;
  for (let c = 0; c < intentCount; c++) {
    if (c === fallbackLabel) continue;
    real++;
    realExamples += total[c] as number;
    const share = (praising[c] as number) / Math.max(1, total[c] as number);
    if (share >= bestShare) {
      best = c;
      bestShare = share;
    }
  }
  if (best < 0) return null;
  const perIntent = realExamples / Math.max(1, real);
  const strength = Math.min(1, FULL_STRENGTH_EXAMPLES / Math.max(1, perIntent));
  return { intent: best, shift: shift * strength };
}

/**
 * Moves `prior.shift` of each other real intent's probability to the praise-like intent when the
 * mention praises and asks nothing (see the module comment). `probabilities` sum to 1 before and after.
 */
export function applyPraisePrior(
  probabilities: Float64Array,
  prior: PraisePrior,
  fallbackLabel: number,
  normalized: string,
  raw: string,
): void {
  const praise = prior.intent;
  let top = 0;
  for (let c = 1; c < probabilities.length; c++)
    if ((probabilities[c] as number) > (probabilities[top] as number)) top = c;
  if (top === praise || top === fallbackLabel) return;
  if ((probabilities[praise] as number) < CONTENDER_SHARE * (probabilities[top] as number)) return;
  if (!praises(normalized) || asksOrComplains(normalized, raw)) return;
  moveShareTo(probabilities, praise, prior.shift, fallbackLabel);
}

/**
 * Moves `shift` of every intent's probability but `target`'s (and `untouched`'s, -1: none) to
 * `target`: the move of the praise prior and of the other-company prior (other-companies.ts).
 * `probabilities` sum to 1 before and after.
 */
export function moveShareTo(
  probabilities: Float64Array,
  target: number,
  shift: number,
  untouched = -1,
): void {
  let moved = 0;
  for (let c = 0; c < probabilities.length; c++) {
    if (c === target || c === untouched) continue;
    const share = (probabilities[c] as number) * shift;
    probabilities[c] = (probabilities[c] as number) - share;
    moved += share;
  }
  probabilities[target] = (probabilities[target] as number) + moved;
}

/**
 * Sarcastic thanks ("와 한빛항공 덕분에 환승 비행기 놓쳤어요^^", "50분 기다렸어요 감사합니다") are a
 * complaint. Their thank-you words are removed before classifying (cues.ts), but what is left may
 * still lack the pack's words for the complaint, and a small pack then reads the mention as praise
 * (from the airline or the trip it names) or as chit-chat. Both are wrong for a mention that
 * complains: `shift` of the praise-like intent's (-1: none) and the fallback intent's probability
 * goes to the other real intents, in proportion to what they have, so the complaint the model
 * likes best decides. `probabilities` sum to 1 before and after; when the other real intents have
 * nothing, nothing moves.
 */
export function applySarcasmPrior(
  probabilities: Float64Array,
  praiseIntent: number,
  fallbackLabel: number,
  shift: number,
): void {
  if (!(shift > 0)) return;
  let rest = 0;
  for (let c = 0; c < probabilities.length; c++)
    if (c !== praiseIntent && c !== fallbackLabel) rest += probabilities[c] as number;
  if (!(rest > 0)) return;
  let moved = 0;
  for (const c of [praiseIntent, fallbackLabel]) {
    if (c < 0) continue;
    const share = (probabilities[c] as number) * shift;
    probabilities[c] = (probabilities[c] as number) - share;
    moved += share;
  }
  for (let c = 0; c < probabilities.length; c++)
    if (c !== praiseIntent && c !== fallbackLabel)
      probabilities[c] = (probabilities[c] as number) * (1 + moved / rest);
}
