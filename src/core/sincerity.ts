/**
 * The sincerity check, the one used everywhere: templates in `validate`, produced drafts, edits in
 * Slack and the console, surge notices. The seeds' critic (shared/seeds/003) found most replies were
 * "sorry / we know / we are checking": emotion from a messenger, not a decision. A sincere reply states
 * a NEXT STEP (what happens, or what the customer can do) together with an ANCHOR: who does it (a
 * department or team), where (a hotline, a link, the app, a shop) or when (a time, a date, "as of").
 * Phrases that only say we know, we are checking or we will pass it on are removed before looking, so
 * "소셜 케어팀도 알고 있어요" (a team, but no step) and "확인 중입니다" are refused.
 */
import twitterText from "twitter-text";
import { templateTokens } from "./template.js";
import type { Department, Language } from "./types.js";

// Hotlines: area-code numbers, 15xx/16xx numbers, international, and 114 (not "114번째").
const PHONE =
  /(?:^|[^\d])(?:0\d{1,2}-\d{3,4}-\d{4}|1[5-9]\d{2}-\d{4}|\+\d{1,3}[ -]?\d{1,4}[ -]\d{3,4}[ -]\d{4}|11[0-9](?![\d번째]))(?!\d)/;
const TIME =
  /\d{1,2}:\d{2}|\d{1,2}\s*시(?:\s*\d{1,2}\s*분)?(?:까지|에|부터|쯤|안에|이내|기준)|\d{1,2}\s*[ap]\.?m\b/i;
const WHEN =
  /\d{1,2}\s?월\s?\d{1,2}\s?일|오늘(?!\s?도)|내일|모레|이번\s?주|주중|영업일|\d+\s?(?:시간|일|분)\s?(?:안에|이내|내로|내에|후에?)|기준|현재|\b(?:today|tonight|tomorrow|within \d+|by (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|tonight|the end)|as of|business days?|in \d+ (?:hours?|days?|minutes?))\b/i;
// Who: a named team, centre or person in charge.
const WHO =
  /[가-힣A-Za-z]{1,10}\s?(?:팀|센터|부서|상담사|상담원|담당자|기사님?|엔지니어|매니저)|\b(?:team|center|centre|department|desk|agent|technician|engineer|specialist|support)\b/i;
// Where: the app or site menu, a shop, a notice page.
const WHERE =
  /앱|어플|홈페이지|웹사이트|마이페이지|고객센터|매장|대리점|지점|공지|게시판|메뉴|\b(?:app|website|site|store|shop|notice|page|menu|portal|settings|this account|pinned post|dm)\b/i;

// Saying we know, are checking or will pass it on is not a step: removed before looking for one.
const NOT_A_STEP =
  /(?:잘\s?)?알고\s?있(?:습니다|어요|어|다)|인지하고\s?있|확인\s?중(?:입니다|이에요|이야|입니다만)?|확인하고\s?있(?:습니다|어요)|살펴보고\s?있|검토\s?중|전달(?:하겠습니다|할게요|했습니다|해\s?드리겠습니다|드리겠습니다|해\s?두겠습니다)|노력하겠습니다|최선을\s?다하겠습니다|참고하겠습니다|we(?:'re| are) (?:aware|looking into (?:it|this)|checking(?: on it)?|investigating|on it)|we know\b|we(?:'ll| will) (?:pass (?:this|it) on|look into (?:it|this)|do our best|let (?:the|our) (?:\w+ )?(?:team|department|staff|people) know)|(?:has|have) been (?:passed on|forwarded|escalated)|thanks? for your patience|bear with us/gi;

// A next step: what we will do for the customer, or what they can do (ko: 알려 드립니다, 전화 주시면…).
const STEP_KO =
  /(?<!게\s?)(?:[가-힣]?(?:해|아|어|워|여|려|와|겨|줘|내|꿔|봐|춰|눠)|고쳐)\s?(?:드리|드릴|드립|드려|드렸)(?!\s?죄송)|(?:바로|직접|현장에서|즉시|따로|다시)\s?(?:드립니다|드릴게요|드려요|드리겠습니다)|(?<!(?:감사|사과|인사|말씀|위로|축하|양해|부탁|안부))[을를]\s?(?:드립니다|드릴게요|드려요|드리겠습니다)|(?:있게|있도록|되게|되도록|듣도록|보시도록|받으시도록|[가-힣]도록)\s?(?:하겠|할게|해\s?드리)|\d{1,2}:\d{2}\s?(?:기준|현재)|(?:정리해|올려)\s?(?:두었|뒀|놓았|드렸)|올렸(?:습니다|어요|고)|올리겠|올릴게|고치겠|(?:알려|안내해?|연락|전화|답변|회신|공유해?|공개해?|말씀|알아봐|발급해?|재발급해?|충전해?|지급해?|복구해?|업데이트해?|잡아|보내|처리해?|확인해|도와|접수해?|취소해?|바꿔|교체해?|환불해?|보상해?|해결해?|찾아|정리해|설명해|방문해?|예약해|진행해|연결해|살펴|점검해|고쳐|발송해|재발송해?|배송해|맞춰|챙겨|올려|적용해|정정해|돌려|조정해|빼|넣어|풀어|열어|해지해|개통해|등록해|신청해|보여|짚어)\s?(?:드리|드릴|드립|드려|드렸)|(?:연락|전화|방문|환불|보상|처리|발송|배송|교체|공지|안내|조치|점검|복구|적용|취소|해지|개통|정정|반영|재발송|배정|차감|포함|청구|부과|제공|지급|면제|할인|지원|공개|게시|업데이트|공유|발표|발급|재발급|회신|답변|충전|복원|정산|수정|연장|회수)(?:하겠|할게|합니다|해요|됩니다|돼요|될|되도록|드립|할\s?예정|이\s?완료|을\s?마쳤|를\s?마쳤)|(?:주시면|주세요|하시면|하세요|누르시면|가시면|보시면|받으시면|쓰시면|켜시면|끄시면|바꾸시면|남겨|하실\s?수|보실\s?수|받으실\s?수|쓰실\s?수|가능합니다|가능해요|나옵니다|나와요|표시돼요|표시됩니다|표시되어 ?있|나와 ?있어요|나와 ?있습니다|확인하실|신청하실|조회하실)/;
const EN_VERBS =
  "tell|show|compare|calculate|help|work out|explain|pick|set|process|switch|add|remove|book|send|call|file|refund|credit|fix|rebook|cancel|arrange|sort|walk|look up|restore|waive|replace|schedule|ship|deliver|confirm|update|contact|reach|visit|give|pass|share|post|announce|mention|report|act|assign|include|make sure|hand|find|answer|install|measure|register|continue|finish|push|get|run|test|resend|re-send|correct|reply|text|email|open|move|apply|reverse|return|block|secure|take|publish|notify|let you know|issue|reissue|reset|unlock|reinstate|compensate|reimburse|top up|dm|message|reserve|offer|provide|hold|keep|prepare|assist|escort|order|request|note|print|exchange|repair|collect|pick up|transfer|upgrade|prepay";
const STEP_EN = new RegExp(
  [
    // what we (or a named team) will do: "the Billing Center will call you", "we'll post it"
    `\\b(?:can|will|'ll)\\s(?:\\w+\\s){0,3}?(?:${EN_VERBS})\\b`,
    // "… will recheck the charges, correct anything wrong and call you": a step later in the sentence
    `\\b(?:will|'ll)\\s[^.!?]{0,60}?\\b(?:and|then)\\s(?:${EN_VERBS})\\b`,
    // what the customer can do, or where to look
    "\\b(?:you can|you'll (?:get|see|receive|find)|you will (?:get|receive|see))\\b",
    "\\b(?:call|dial|visit|check|see|tap|open|go to|reply with|dm|message|email|send|book|apply|switch|restart|reset|bring|choose|give|tell|let|leave|try|sign up|press|pick|report|mention|unplug|move|use|ask|don't open)\\s(?:us|the|our|your|it|a|an|at|on|in|to|them|this|that|what|where|\\d)",
    // where to look, said in the passive: "your new departure time is shown in the app"
    "\\b(?:is|are) (?:listed |posted |shown |displayed |visible |available )?(?:in|on|under) (?:the|our|this|your|my)\\b",
    // "the app shows your refund amount under …" (not "the app shows the error for everyone")
    "\\b(?:the|our) (?:app|website|site|page|portal) (?:shows|lists) (?:your|you|it|them|each|every|all)\\b",
    "\\b(?:appears?|shows up) (?:in|on|under) (?:the|our|this|your)\\b",
    "\\b(?:answers|helps|handles) (?:questions|here|on|you|with)\\b",
    "\\bcan be (?:\\w+ed|done|seen|\\w*paid|found|made|sent|\\w*sold|bought|kept|held|shown)\\b",
    "\\b(?:is|are)(?: all)? (?:at|here)\\b",
    "\\b(?:is|are) (?:announced|posted|listed|published|sent|updated) (?:in|on|here|by|to|every)\\b",
    // a status stamped with its time, or a notice we posted: how far things are, as of when
    "\\bas of\\b[^.]{0,30}\\d{1,2}:\\d{2}",
    "\\b(?:we've|we have) posted\\b|\\bis in our (?:official )?notice\\b",
    "\\bis (?:on its way|being (?:shipped|processed|refunded|restored|fixed))",
    // what a named team does as a rule: "the Live Operations team updates the notice every hour"
    "\\b(?:updates|posts|publishes|announces|sends|calls|emails|texts|notifies|refunds|credits|restores|reviews|processes|reserves|offers|provides|arranges|handles|prepares|books|holds|replaces|repairs|delivers|returns|explains|answers)\\s(?:the|it|them|you|your|a|an|this|these|our|every|each|all|\\w+ seats?)\\b",
    "\\b(?:has|have) been (?:refunded|shipped|restored|fixed|cancelled|canceled|credited|reversed|rebooked|processed|approved|sent)",
    "\\b(?:comes|come|is|are) (?:back|restored|refunded|credited|included|covered|free|available)\\b",
  ].join("|"),
  "i",
);

// "please call Customer Center at 080…": an imperative before a name (case-sensitive, so "call is" is not one).
const STEP_EN_NAMED =
  /\b(?:[Cc]all|[Dd]ial|[Cc]ontact|[Vv]isit|[Ee]mail|[Tt]ext|[Mm]essage)\s(?:[A-Z0-9+]|us\b|the\b)/;

const MAYBE_URL = /https?:|www\.|[A-Za-z0-9]\.[A-Za-z]{2}/;

export type ConcreteElement = "hotline" | "link" | "department" | "time" | "team" | "where" | "when";

export interface SincerityCheck {
  ok: boolean;
  /** What the reply says happens next (the phrases found), empty when none. */
  nextSteps: string[];
  /** Who / where / when it names. */
  anchors: ConcreteElement[];
  /** Problem codes; SINCERITY_MESSAGES gives them in each language. */
  problems: Array<"no-next-step" | "no-anchor">;
}

export const SINCERITY_MESSAGES: Record<Language, Record<"no-next-step" | "no-anchor", string>> = {
  ko: {
    "no-next-step":
      "사과나 '알고 있습니다/확인 중입니다/전달하겠습니다'만으로는 부족합니다. 다음에 무엇을 하는지(누가 연락하는지, 고객이 무엇을 하면 되는지)를 써 주세요. 예: '담당팀에서 오늘 안에 연락드리겠습니다', '앱에서 보실 수 있어요', '고객센터로 전화 주시면 바로 처리해 드립니다'.",
    "no-anchor": "누가(부서·팀), 어디서(전화번호·링크·앱) 또는 언제(시간·날짜·기준 시각)를 함께 써 주세요.",
  },
  en: {
    "no-next-step":
      "An apology or 'we know / we're checking / we'll pass it on' is not enough. Say what happens next: who contacts the customer, or what they can do, e.g. 'the Baggage Desk will call you today', 'we'll rebook you', 'you can see it in the app', 'call us at 1588-0000'.",
    "no-anchor":
      "Say who (a department or team), where (a hotline, a link, the app) or when (a time, a date, 'as of').",
  },
};

/** The old one-line message, kept for callers that show a single sentence. */
export const APOLOGY_ONLY_MESSAGE = `apology-only: ${SINCERITY_MESSAGES.en["no-next-step"]} ${SINCERITY_MESSAGES.en["no-anchor"]}`;

export function concreteElements(text: string, departments: readonly Department[]): ConcreteElement[] {
  const found = new Set<ConcreteElement>();
  const lower = text.toLowerCase();
  if (PHONE.test(text) || departments.some((d) => text.includes(d.hotline))) found.add("hotline");
  // twitter-text finds bare domains too, but is slow: only asked when a URL is possible at all.
  if (MAYBE_URL.test(text) && twitterText.extractUrls(text).length > 0) found.add("link");
  if (departments.some((d) => text.includes(d.name.ko) || lower.includes(d.name.en.toLowerCase()))) {
    found.add("department");
  }
  if (TIME.test(text)) found.add("time");
  if (WHO.test(text)) found.add("team");
  if (WHERE.test(text)) found.add("where");
  if (WHEN.test(text)) found.add("when");
  return [...found];
}

/** Checks any reply text: a draft, an edit, a rendered template or a notice. */
export function checkSincerity(text: string, departments: readonly Department[]): SincerityCheck {
  const stripped = text.replace(NOT_A_STEP, " ");
  const nextSteps: string[] = [];
  const ko = STEP_KO.exec(stripped);
  if (ko) nextSteps.push(ko[0]);
  const en = STEP_EN.exec(stripped) ?? STEP_EN_NAMED.exec(stripped);
  if (en) nextSteps.push(en[0]);
  // Anchors are looked for in what remains too: "소셜 케어팀도 알고 있어요" names a team but the
  // sentence that names it says nothing happens.
  const anchors = concreteElements(stripped, departments);
  const problems: SincerityCheck["problems"] = [];
  if (nextSteps.length === 0) problems.push("no-next-step");
  if (anchors.length === 0) problems.push("no-anchor");
  return { ok: problems.length === 0, nextSteps, anchors, problems };
}

export function sincerityMessages(check: SincerityCheck, language: Language): string[] {
  return check.problems.map((p) => SINCERITY_MESSAGES[language][p]);
}

/**
 * Whether a template is sincere whatever its placeholders hold: rendered with its placeholders as
 * given (department, hotline, link, status with as-of count as anchors) and checked like a draft.
 */
export function templateSincerity(
  template: string,
  departments: readonly Department[],
  sample: Record<string, string>,
): SincerityCheck {
  const text = template.replace(
    /\{([A-Za-z]+)(?::[^{}|]+)?(?:\|([^{}]*))?\}/g,
    (_, name: string, fb?: string) => (name in sample ? (sample[name] as string) : (fb ?? "")),
  );
  return checkSincerity(text, departments);
}

/** Whether a template can ever render without a concrete element (kept for older callers). */
export function templateIsConcrete(template: string, departments: readonly Department[]): boolean {
  const names = new Set(templateTokens(template).map((t) => t.name));
  if (names.has("hotline") || names.has("noticeUrl") || names.has("department")) return true;
  if (names.has("status") && names.has("asOf")) return true;
  return concreteElements(template.replace(/\{[^{}]*\}/g, " "), departments).length > 0;
}
