/**
 * Features that generalize from few examples, beyond character n-grams:
 * - what is asked (request cues): cancel, refund, change, how much, when, how, is it true, where is
 *   it, complaint; so the request can outweigh the topic word it is about;
 * - sarcasm: thanks or praise together with a bad outcome or a wait ("덕분에 비행기 놓쳤어요^^").
 */
import { lexiconKeys } from "./concept-matcher.js";
import type { FeatureSink, FeatureWeights } from "./features.js";

const COMPLAINT =
  /왜|너무|짜증|최악|화나|실망|어이없|말이 됩|장난하|뭐 ?하자는|답답|엉망|황당|열받|빡치|무책임|불친절|형편없|한심|도대체|언제까지|ridiculous|worst|terrible|awful|unacceptable|useless|trash|garbage|pathetic|horrible|fed up|sick of|never again|더러|더럽|지저분|dirty|filthy|freezing/;

/**
 * A complaint that ^^ turns ironic: COMPLAINT without 너무, which as often says how good something
 * was ("너무 상냥하셔서 기분 좋아졌습니다^^").
 */
const IRONIC_COMPLAINT = new RegExp(COMPLAINT.source.replace("|너무|", "|"));

/** Request cues: what the customer asks for, in Korean and English (normalized, lower-case text). */
const REQUESTS: ReadonlyArray<[string, RegExp]> = [
  ["cancel", /취소|해지|cancel/],
  ["refund", /환불|돌려\s?받|돌려\s?주|보상|refund|money back|compensat/],
  [
    "change",
    /변경|바꾸|바꿀|바꿔|옮기|옮겨|미루|당기|수정|업그레이드|change|move|switch|reschedul|swap|upgrade/,
  ],
  ["price", /얼마|비용|요금|수수료|가격|how much|\bfee|\bcost|\bprice|charge/],
  // Not 언제나, 언제든, 언제 봐도 (always, any time): no question of when.
  [
    "when",
    /언제(?!\s?(?:나\b|나 |든|봐도|와도|가도|타도|들어도|라도))|몇\s?시|몇\s?분|며칠|\bwhen\b|what time|how long/,
  ],
  ["how", /어떻게|방법|하려면|\bhow (do|can|to)\b/],
  ["can", /되나요|돼요|될까요|가능|할 수 있|수 있나|\bcan i\b|\bis it possible|\bam i allowed/],
  // Is it true, is it official, is it a scam: a rumour or a message the customer doubts.
  [
    "true",
    /사실|진짜예요|진짜임|진짜야|맞나요|맞아요|맞음|맞죠|맞나|실화|루머|소문|공식|정상이에요|정상인가|사기|스미싱|피싱|이렇게 하나요|이런 식으로|\bis it true|\breal\b|\bfake|\bscam|\bofficial|\blegit|confirmed|gossip|hoax|phishing|is (this|that) (really )?(you|true)/,
  ],
  ["where", /어디|\bwhere\b/],
  // A wait or a delay (of a delivery, a flight, an answer), apart from what it is about.
  [
    "wait",
    /지연|늦어|늦게|늦는|대기|기다리|기다려|기다렸|시간째|분째|일째|아직도|아직 안|delay|\blate\b|waiting|waited|stuck|still no|no update|any (news|update)/,
  ],
  // Cancelled or stopped by the company, not a request to cancel.
  [
    "disrupted",
    /취소됐|취소되었|취소 됐|취소된|결항|중단됐|중단되|(?:운항|운행|항공편|비행편|열차|공연|수업|행사|경기) ?취소|(was|been|got|is) cancell?ed|cancell?ed (because|due|again)|(was|been|got) scrapped/,
  ],
  ["missing", /안 ?나왔|안 ?와|안 ?들어|없어졌|누락|분실|잃어버|missing|lost|didn.?t arrive|still no/],
  [
    "broken",
    /고장|부서|파손|안 ?돼|안 ?됨|오류|에러|느려|느림|끊겨|끊김|끊어|튕겨|먹통|broken|damaged|error|doesn.?t work|won.?t|not working|can.?t connect|\bslow\b|\bdead\b|keeps? (crashing|dropping)|찢어|깨졌|깨져|긁혀|ripped|torn|cracked|wouldn.?t|isn.?t working|can.?t log ?in/,
  ],
  ["complaint", COMPLAINT],
  // Advertising and follower spam, which every pack's `unknown` has: nothing to answer.
  [
    "spam",
    /팔로워|맞팔|부업|고수익|재택|광고|홍보|문의는 ?dm|dm ?주세요|followers|follow back|promo code|make money|crypto/,
  ],
  // Praise: what was good, in so many words or a thumbs-up.
  [
    "praise",
    /👍|❤|😍|🥰|좋아요|좋네요|좋았|편하네|편해요|친절|감동|잘 만드|만족|쏠쏠|칭찬|상 줘|\blove\b|wonderful|amazing|awesome|excellent|kudos|shoutout|impressed|deserves|lovely|챙겨 ?주|best (\w+ )?(experience|service|staff|crew)/,
  ],
];

/** Praise of the service ("… nobody picks up. Brilliant service"): thanks that sarcasm turns too. */
const SERVICE_PRAISE = String.raw`\b(?:great|amazing|excellent|brilliant|fantastic|wonderful) service\b`;
/** Thanks and praise words, which sarcasm turns around. */
const GRATITUDE = new RegExp(
  `감사|고맙|고마워|덕분|최고|thank|great job|well done|love it|${SERVICE_PRAISE}`,
);
/**
 * A bad outcome, a wait or a complaint: with gratitude, the thanks are not meant. A duration counts
 * when it is a wait (두 시간, 반나절, 3 hours), not when it is praise for speed (20분 만에 해결); an
 * outcome avoided (놓치지 않았어요, 안 놓쳤어요) or a wait done for the customer (기다려 주셨어요) is
 * no bad outcome. Something ruined counts (박살, 찌그러, 날아갔, smashed, gone, never came,
 * unusable); a loss or damage named as a topic (분실신고, 파손 접수, lost card) does not, since
 * customers thank for help with exactly those.
 */
const BAD_OUTCOME =
  /(?<!안 ?)놓쳤|놓치(?!지 ?않)|망쳤|망했|시간째|분째|일째|주째|달째|개월째|기다리|기다렸|기다린|기다림|기다려(?! ?주)|대기|지연|결항|안 ?됨|안 ?돼|못 ?했|못 ?봤|버렸|최악|인내심|혈압|반나절|걸렸|서 있|못 ?(?:갔|가서|탔|타고|받았|받고|잤|먹었)|커녕|실패|소멸|똑같은|복사|\d+\s?(시간|분)(?!\s?만에)(?!\s?도\s?안)|(한|두|세|네|다섯|여섯|열)\s?시간(?!\s?만에)(?!\s?도\s?안)|찌그러|박살|깨졌|깨져|부서졌|부서져|망가|날아갔|날아가|사라졌|없어졌|못 ?쓰|missed|ruined|waited|waiting|delayed|cancel|stuck|(?<!\b(?:within|in|under|just|only|took)\s(?:just\s|only\s|about\s|less than\s)?)\b(?:\d+|an?|one|two|three|four|five|six|several)\s?(?:hours?|hrs?|mins?|minutes|days|weeks)\b|\bfor hours\b|\bon hold\b|zero updates|no updates|nobody|no one|runaround|same answer|copy paste|smashed|broken|damaged|destroyed|gone\b|never (came|arrived|showed)|unusable|can.?t even|hung up|hang up on|\ball day\b|하루 ?종일|without (?:a single|any|an?) (?:explanation|word|update|notice|apology|reason)|\bturning my \w+(?: \w+){0,3} into\b/;
/** Markers that make thanks ironic when they follow a complaint (^^, 🙃, "thanks a lot"). */
const IRONY =
  /\^\^|🙃|🙄|😒|thanks a lot|great job|oh great|super helpful|love that for me|thanks for nothing|so much for|잘 하는|참 잘/;
/** Markers that are ironic on their own, whatever follows. */
const STRONG_IRONY = /🙃|🙄|😒|\boh great\b|\bgreat another\b|\blove spending my\b|것도 재능/;

/** Disgust and anger: thanks next to them are not meant ("Thanks for the extra protein, a fly in my salad 🤢"). */
const ANGRY_EMOJI = /🤢|🤮|😡|🤬|😤|💢/u;

/** The cues with their feature keys built once (cueFeatures runs for every mention). */
const REQUEST_CUES = REQUESTS.map(([name, pattern]) => ({
  key: `q:${name}`,
  pattern,
  praise: name === "praise",
}));

export function cueFeatures(normalized: string, sink: FeatureSink, weights: FeatureWeights): void {
  if (!(weights.cue > 0)) return;
  for (const key of cueKeys(normalized)) sink.cue(key, weights.cue);
}

/**
 * The cue keys of a text. Classifying and then ranking the reply situations read the same text one
 * after the other, so the last answer is remembered: the regexes run once per mention, not twice.
 */
export function cueKeys(normalized: string): readonly string[] {
  if (normalized === lastCueText) return lastCueKeys;
  const keys: string[] = [];
  const sarcastic = normalized !== lastNotSarcastic && isSarcastic(normalized);
  for (const { key, pattern, praise } of REQUEST_CUES) {
    // Praise words in sarcasm ("amazing job as always 🙄") are the sarcasm, not praise.
    if (pattern.test(normalized) && !(sarcastic && praise)) keys.push(key);
  }
  if (sarcastic) keys.push("q:sarcasm");
  lastCueText = normalized;
  lastCueKeys = keys;
  return keys;
}

let lastCueText: string | undefined;
let lastCueKeys: readonly string[] = [];

/**
 * The last text withoutSarcasticThanks found not sarcastic (with its raw text, which only adds
 * markers): cueFeatures, reading the same text next, need not check again.
 */
let lastNotSarcastic: string | undefined;

/**
 * Thanks or praise that come with a bad outcome, a wait, or an ironic marker after a complaint.
 * `raw`, the text before normalizing, is where the markers normalizing drops (^^) are still seen.
 */
export function isSarcastic(normalized: string, raw: string = normalized): boolean {
  if (STRONG_IRONY.test(normalized)) return true;
  const ironic = IRONY.test(normalized) || (raw !== normalized && IRONY.test(raw));
  if (!GRATITUDE.test(normalized) && !ironic) return false;
  // ^^ is as often a sincere smile as irony: thanks for something done for the customer stay meant
  // with it ("설명해 주셔서 감사했습니다^^"), unless what was "done" is the harm ("기다리게 해 주셔서^^").
  if (SINCERE.test(normalized))
    return (ironic && CAUSED_HARM.test(normalized)) || HARM_THANKED.test(normalized);
  if (raw !== normalized && ANGRY_EMOJI.test(raw) && GRATITUDE.test(normalized)) return true;
  return (
    BAD_OUTCOME.test(normalized) ||
    HARM_THANKED.test(normalized) ||
    (ironic && IRONIC_COMPLAINT.test(normalized))
  );
}

/** What turns a sentence after thanks: "thanks for the reply, but …", "감사한데 …", "고맙긴 한데 …". */
const CONTRAST =
  /\b(?:but|however|though|except|still)\b|근데|그런데|하지만|그렇지만|다만|긴 한데|(?<=(?:감사|고마|고맙)[가-힣]{0,3})데(?= )|는데 ?(?=아직|왜|안 |못 |또 )/g;

/**
 * Thanks, then a problem: "Thanks for the quick reply, but the refund is 40,000 won short",
 * "쿠폰 감사한데 결제할 때마다 오류 나요". The thanks are politeness; what follows the contrast asks
 * or complains (a request cue, or a bad outcome), and that decides, as with sarcastic thanks.
 */
export function thanksThenProblem(normalized: string): boolean {
  const thanks = GRATITUDE.exec(normalized);
  if (!thanks) return false;
  CONTRAST.lastIndex = thanks.index + thanks[0].length;
  const contrast = CONTRAST.exec(normalized);
  if (!contrast) return false;
  const after = normalized.slice(contrast.index + contrast[0].length);
  if (SINCERE.test(after)) return false;
  return (
    BAD_OUTCOME.test(after) || REQUEST_CUES.some(({ pattern, praise }) => !praise && pattern.test(after))
  );
}

/** Harm the company caused, thanked for with irony: "기다리게 해 주셔서", "망쳐 주셔서". */
const CAUSED_HARM =
  /(기다리|놓치|헤매|고생하|걱정하|화나|짜증나|속 ?터지|돌아가)게 ?(해|만들어|하여)|(망쳐|날려|버려|미뤄) ?주/;

/** Thanks for a harm in so many words, ironic without a marker: "포인트 싹 소멸시켜 주셔서", "thanks for losing my bag". */
const HARM_THANKED =
  /(망쳐|소멸시켜|날려 ?버려|없애|취소시켜) ?주(셔|시|어서|신)|\bthanks?(?: you)?(?: \S+){0,3} for (?:losing|cancell?ing|delaying|ruining|breaking|ignoring|overcharging|wasting|ghosting|hanging up|leaving me|stranding|misplacing|damaging)\b/;

/** Thanks for something done for the customer ("찾아 주셔서", "helped me", "got my bag back"): meant. */
const SINCERE =
  /주셔서|주셨|챙겨 ?주|도와 ?주|찾아 ?주|고쳐 ?주|풀렸|살았|은인|\bhelped\b|\bpatient\b|\bfix(ed|ing)\b|\brepair(ed|ing)\b|got (my|it|everything) back|for getting|sorted (it|me|out)|took care/;

/** Whole words of thanks and praise (Hangul words from their stem on), removed from sarcastic text. */
const GRATITUDE_WORDS = new RegExp(
  String.raw`\S*(감사|고맙|고마워|덕분|최고)\S*|\bthanks?( you)?( (so|very) much| a lot)?\b|\bgreat job\b|\bwell done\b|${SERVICE_PRAISE}`,
  "g",
);

/**
 * The text as the classifier should read it: sarcastic thanks ("KT 덕분에 하루 망쳤어요^^ 감사하네요")
 * lose their thank-you words, so that the complaint decides instead of the praise they would suggest.
 */
export function withoutSarcasticThanks(
  normalized: string,
  raw: string = normalized,
  sarcastic: boolean = isSarcastic(normalized, raw),
): string {
  if (!sarcastic) {
    lastNotSarcastic = normalized;
    return normalized;
  }
  return normalized.replace(GRATITUDE_WORDS, " ").replace(/\s+/g, " ").trim();
}

/**
 * "결항 아니고 제 사정이에요", "환불 말고요", "not cancelling, just …", "instead of a refund": the word
 * before 말고/아니고/아니라 (or after "not … just", "instead of", "rather than") names what the customer
 * does not want, and is another intent's topic word. Removed, so that what they do want decides.
 */
// "보험 얘기는 아니고요": when the negated word is a word for a matter (얘기, 문제, 건), the topic is
// the word before it, and both go.
const NEGATED_KO =
  /(?:^|\s)(?:\S+\s(?=(?:얘기|이야기|문제|건|쪽)(?:은|는|이|가)?\s?(?:말고|아니)))?\S+?\s?(?:말고|아니고|아니라|아니구)(?=\s|$|요)/g;
const NEGATED_EN =
  /\b(?:not (?:(?:a|an|the|my|about|asking|for|to|a full)\s)*\w+(?= (?:just|but|only|i|i'm|im)\b)|(?:instead of|rather than) (?:(?:a|an|the|my)\s)?\w+)/g;

// "대체편 필요없어요", "voucher는 필요 없고": what the customer says they do not need.
const NOT_NEEDED_KO = /(?:^|\s)\S+\s?필요\s?(?:없|ㄴㄴ)\S*/g;

export function withoutNegatedTopics(normalized: string): string {
  let s = normalized;
  if (s.includes("말고") || s.includes("아니")) s = s.replace(NEGATED_KO, " ");
  if (s.includes("필요")) s = s.replace(NOT_NEEDED_KO, " ");
  if (s.includes("not ") || s.includes("instead") || s.includes("rather")) s = s.replace(NEGATED_EN, " ");
  return s === normalized ? s : s.replace(/\s+/g, " ").trim();
}

/**
 * A wish or a polite request ("있으면 좋겠어요", "해 주세요", "it'd be nice if", "could you"): a
 * suggestion or a request even when it is worded kindly, so never praise alone. ("would fly again"
 * is no wish: only "would be", "would love", "would like", "would you".)
 */
const WISH =
  /면 ?좋|면 ?재밌|했으면|하면 ?어떨|주시면|주세요|주셨으면|어때요|\bwould (?:be|love|like|you|it)\b|\bmight be\b|\bnice if\b|\bit.?d be\b|\bif you\b|\bplease\b|\bwish\b|\bshould\b|\bcould you\b/;

/** Cues of something that went wrong, which thanks for putting it right may name (see SINCERE). */
const PROBLEM_CUES = new Set(["q:wait", "q:disrupted", "q:missing", "q:broken", "q:complaint"]);

/**
 * Whether the mention asks for something, reports something late, broken or missing, complains,
 * is sarcastic or wishes for something: anything but thanks and praise alone (praise-prior.ts).
 * Thanks for something done for the customer ("결항됐는데 호텔까지 잡아 주셔서", "the crew fixed
 * it"), or a problem said to be solved (the `resolved` stance: "had us on the next one"), may name
 * the problem that was put right: that is still praise.
 */
export function asksOrComplains(normalized: string, raw: string = normalized): boolean {
  const thanksForHelp = SINCERE.test(normalized) || lexiconKeys(normalized).includes("s:resolved");
  const keys = cueKeys(normalized);
  // "Flight got cancelled but your team had us on the next one": the cancel word is the disruption.
  const cancelIsDisruption = thanksForHelp && keys.includes("q:disrupted");
  for (const key of keys)
    if (
      key !== "q:praise" &&
      !(thanksForHelp && PROBLEM_CUES.has(key)) &&
      !(cancelIsDisruption && key === "q:cancel")
    )
      return true;
  return WISH.test(normalized) || isSarcastic(normalized, raw);
}

/** Laughter, excitement and holiday emoji: the tone of a post that shares, not one that asks. */
const PLAYFUL = /ㅋㅋ|ㅎㅎ|😂|🤣|😆|🌸|✈|🌅|☀|🎉|!!|설레|설렘|신난|행복|미쳤다/u;

/**
 * A playful post that asks for nothing: laughter or excitement in the text as written, and no
 * request or problem cue, no question mark, no thanks or praise (those are praise's). Brand fans
 * write these around the pack's own words ("모아몰 장바구니에 담아둔 게 47개임 ㅋㅋ", "공항 가는 길
 * 기분은 최고 ㅎㅎ 여행은 출발 전이 제일 설레"), which the examples alone read as a real intent.
 */
export function playfulAndAsksNothing(normalized: string, raw: string): boolean {
  if (!PLAYFUL.test(raw) || raw.includes("?")) return false;
  if (cueKeys(normalized).length > 0) return false;
  const keys = lexiconKeys(normalized);
  return !keys.includes("s:positive") && !keys.includes("s:gratitude");
}
