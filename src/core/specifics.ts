/**
 * The customer's specifics: what a mention already says, so a draft can use it ("강남역 쪽 기지국을…")
 * and never asks for it again. Pure regexes: no maintained library reads Korean places, waits
 * (사흘째, 2주째) or amounts (3만원); for English dates chrono-node would fit, but a mention's dates are
 * short ("last Monday", "Dec 3") and one regex family for both languages keeps drafting at >10k/s.
 * README's "Customer specifics" lists what each extractor understands.
 */
import type { Specifics } from "./types.js";

export type { Specifics };

const KO_NUMBER_WORD = "한|두|세|네|다섯|여섯|일곱|여덟|아홉|열";
const KO_DAY_WORD = "하루|이틀|사흘|나흘|닷새|엿새|이레|여드레|열흘|보름|한달|한 달|일주일|이주일";

// Places: stations (강남역), subway lines (2호선, line 2), big cities and districts, "at/in X station".
const KO_CITIES =
  "서울|부산|대구|인천|광주|대전|울산|세종|제주|수원|성남|분당|판교|일산|고양|용인|창원|청주|전주|천안|포항|김해|강릉|춘천|여수|평택|의정부|부천|안양|송도|해운대|홍대|신촌|명동|잠실|여의도|종로|이태원|강남|서면";
const PLACE_PATTERNS: RegExp[] = [
  /(?:[가-힣]{1,6}|[A-Za-z]{2,12})역(?![가-힣]{0,1}(?:할|시|전|사|량|효|대|행|학))/,
  /\d{1,2}\s?호선/,
  /[가-힣]{1,4}(?:터미널|공항|병원|대학교|아파트|캠퍼스)/,
  new RegExp(`(?:${KO_CITIES})(?:\\s?[가-힣]{1,4}(?:구|동|읍|면))?`),
  /\b(?:[A-Z][a-z]+\s){0,2}(?:Station|Airport|Terminal)\b/,
  /\b(?:line|Line)\s?\d{1,2}\b/,
  /\b(?:in|at|near|around)\s((?:[A-Z][a-z]+)(?:[\s-][A-Z][a-z]+)?)\b/,
];

// Devices: phones, tablets and watches by brand and model, Korean or English spelling.
const DEVICE_PATTERNS: RegExp[] = [
  /아이폰\s?(?:\d{1,2}|se|SE|에스이)?(?:\s?(?:프로\s?맥스|프로|맥스|미니|플러스|pro\s?max|pro|max|mini|plus))?/,
  /갤럭시\s?(?:[SZAN]\s?\d{1,2}|[sza]\s?\d{1,2}|폴드\s?\d?|플립\s?\d?|노트\s?\d{0,2}|탭\s?\w*|워치\s?\d?|버즈\s?\d?)(?:\s?(?:울트라|플러스|ultra|plus|fe|FE))?/,
  /(?:폴드|플립)\s?\d/,
  /아이패드(?:\s?(?:프로|에어|미니))?|애플\s?워치|에어팟(?:\s?프로)?|픽셀\s?\d{1,2}/,
  /\biPhone\s?(?:\d{1,2}|SE)?(?:\s?(?:Pro Max|Pro|Max|mini|Plus))?/i,
  /\bGalaxy\s?(?:[SZAN]\d{1,2}|Z\s?(?:Fold|Flip)\s?\d?|Fold\s?\d?|Flip\s?\d?|Note\s?\d{0,2}|Tab\s?\w*|Watch\s?\d?)(?:\s?(?:Ultra|Plus|FE|\+))?/i,
  /\b(?:Pixel\s?\d{1,2}|iPad(?:\s?(?:Pro|Air|mini))?|Apple Watch|AirPods(?:\s?Pro)?)/i,
];

// Waits: 2주째, 사흘째, 40분, 3시간 넘게, "for 2 weeks", "three days".
const WAIT_PATTERNS: RegExp[] = [
  /\d{1,3}\s?(?:분|시간|일|주|주일|개월|달)\s?(?:째|넘게|이상|동안|가까이|전부터|이나)/,
  new RegExp(`(?:${KO_DAY_WORD})\\s?(?:째|넘게|이상|동안|가까이|전부터|이나|가|지났)`),
  new RegExp(`(?:${KO_NUMBER_WORD})\\s?(?:시간|달|주)\\s?(?:째|넘게|이상|동안|가까이)`),
  /\d{1,3}\s?(?:분|시간)(?=\s|$|[을를이가은는째도,.])/,
  // "두 시간 늦어진대요": a spelled-out number of hours, like "2시간" above.
  new RegExp(`(?:${KO_NUMBER_WORD})\\s?시간(?=\\s|$|[을를이가은는째도,.])`),
  /\b(?:for\s)?(?:\d{1,3}|a|an|one|two|three|four|five|six|seven|ten|several|a few)\s(?:minutes?|mins?|hours?|hrs?|days?|weeks?|months?)\b/i,
  /\ball (?:morning|day|afternoon|night|week)\b/i,
];

const KO_WEEKDAYS = "월|화|수|목|금|토|일";
const DATE_PATTERNS: RegExp[] = [
  /\d{1,2}\s?월\s?\d{1,2}\s?일/,
  /(?:^|[^\d])(\d{1,2}\/\d{1,2})(?![\d/])/,
  new RegExp(`(?:지난|이번|다음)\\s?주\\s?(?:${KO_WEEKDAYS})요일|(?:${KO_WEEKDAYS})요일`),
  /그저께|그제|어제|오늘|내일|모레|지난주|지난달|이번\s?주|주말/,
  /\b(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?\s\d{1,2}(?:st|nd|rd|th)?\b/,
  /\b(?:last|this|next)\s(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|week|month)\b/i,
  /\b(?:on\s)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b/,
  /\b(?:yesterday|today|tomorrow)\b/i,
];

// Reference numbers: labelled (주문번호 2024-1234, order #A1234, ticket 55123), flight codes (KE123).
const ORDER =
  /(?:주문\s?번호|주문|예약\s?번호|order(?:\s?(?:no\.?|number|#|id))?)\s?[:：#]?\s?([A-Za-z]{0,3}[-\d]{4,20})/i;
const TICKET =
  /(?:접수\s?번호|접수|신고\s?번호|티켓|ticket|case|reference|ref)(?:\s?(?:no\.?|number|#|id))?\s?[:：#]?\s?([A-Za-z]{0,3}[-\d]{4,20})/i;
/**
 * Flight numbers: a common carrier's code (KE123, OZ 541, 7C1101); any carrier's two-character code
 * after a label (편명 SB621, flight HB 402) or before 편 (sb621편); and, as a last resort, two capitals
 * and three or four digits standing alone (SB621, HJ 623), so a pack's own airline needs no list. Only
 * airline packs use {flightNumber}, so another pack loses nothing to a code read as one.
 */
const FLIGHT_PATTERNS: RegExp[] = [
  /\b((?:KE|OZ|LJ|TW|7C|BX|ZE|RS|4V|YP|JL|NH|UA|AA|DL|CX|SQ)\s?\d{2,4})\b/,
  /(?:편명|항공편|[Ff]light|FLIGHT|[Ff]lt\.?)\s?[:：#]?\s?((?:[A-Z][A-Z0-9]|\d[A-Z])\s?\d{2,4})(?![A-Za-z0-9])/,
  /(?<![A-Za-z0-9])((?:[A-Za-z][A-Za-z0-9]|\d[A-Za-z])\s?\d{2,4})\s?편/,
  /(?<![A-Za-z0-9-])([A-Z]{2}\s?\d{3,4})(?![A-Za-z0-9-])/,
];
const BARE_HASH = /#(\d{5,12})\b/;
/**
 * An airline's booking reference (PNR) and other codes of capitals and digits after a booking label
 * ("예약번호 K7X2QP", "booking ref QX7TZP", "PNR: ABCDEF"): case-sensitive, so that a word after the
 * label ("booking number please") is not read as one.
 */
const BOOKING_CODE =
  /(?:예약\s?(?:번호|코드)|[Bb]ooking (?:[Rr]ef(?:erence)?|[Cc]ode|[Nn]umber|[Nn]o\.?)|[Cc]onfirmation (?:[Cc]ode|[Nn]umber)|PNR|pnr)\s?[:：#]?\s?(?:은|는|is\s)?\s?([A-Z0-9]{5,8})(?![A-Za-z0-9])/;

// Amounts: 3만원, 33,000원, 5만 원, 삼만원, ₩12,000, $45, 45 dollars.
const AMOUNT_PATTERNS: RegExp[] = [
  // With its units in order: 3만9천원, 1억 2천만원, 5천 500원, as well as 3만원 and 33,000원.
  // Each group but the last ends in a unit, so a run of digits is read one way only (no backtracking).
  /(?:\d[\d,]*\s?(?:억|만|천|백)+\s?)*\d[\d,]*(?:\.\d+)?\s?(?:억|만|천|백)*\s?원/,
  /[일이삼사오육칠팔구십백천]+\s?만\s?원/,
  /[₩$€£]\s?\d[\d,]*(?:\.\d{1,2})?/,
  /\b\d[\d,]*(?:\.\d{1,2})?\s(?:dollars|won|USD|KRW|euros)\b/i,
];

function first(text: string, patterns: readonly RegExp[]): string | undefined {
  for (const pattern of patterns) {
    const m = pattern.exec(text);
    if (m) return (m[1] ?? m[0]).trim();
  }
  return undefined;
}

/** Cheap gates: most mentions have no digit, so number-based extractors are skipped outright. */
const HAS_DIGIT = /\d/;

/** Every specific the mention gives, each the first occurrence as written. */
export function extractSpecifics(text: string): Specifics {
  const found: Specifics = {};
  const s = text.slice(0, 2000);
  const digits = HAS_DIGIT.test(s);
  const place = first(s, PLACE_PATTERNS);
  if (place) found.place = place;
  const device = first(s, DEVICE_PATTERNS);
  if (device) found.device = device;
  const wait = first(s, WAIT_PATTERNS);
  if (wait) found.wait = wait;
  const date = first(s, DATE_PATTERNS);
  if (date) found.date = date;
  if (digits) {
    const flight = first(s, FLIGHT_PATTERNS);
    if (flight) found.flightNumber = flight.replace(/\s/g, "").toUpperCase();
    const order = ORDER.exec(s);
    if (order) found.orderNumber = order[1] as string;
    const ticket = TICKET.exec(s);
    if (ticket) found.ticketNumber = ticket[1] as string;
    if (!order && !ticket) {
      const hash = BARE_HASH.exec(s);
      if (hash) found.orderNumber = hash[1] as string;
    }
  }
  if (!found.orderNumber) {
    // Booking references may be letters only, so this one is not behind the digit gate.
    const booking = BOOKING_CODE.exec(s);
    if (booking) found.orderNumber = booking[1] as string;
  }
  const amount = first(s, AMOUNT_PATTERNS);
  if (amount) found.amount = amount;
  // A wait like "2주째" also matches a date-ish pattern nowhere else; a "3만원" is never a place.
  return found;
}
