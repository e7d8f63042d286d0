/**
 * Mentions meant for another company. A care account is tagged in, or staff paste, posts addressed
 * to someone else ("@cjlogistics 택배 3일째 허브에 멈춰있는데요", "쿠팡 로켓배송 언제 와요", "@NexonKorea
 * 점검 언제 끝나요"). They read like a real request, so a small pack drafts them as its own delivery,
 * maintenance or baggage question, with high confidence. What tells them apart is the company they
 * name: one the pack never names in its examples, descriptions, keywords or reply situations.
 *
 * So the classifier knows the companies customers address on social media in Korea and abroad
 * (airlines, telecoms, couriers and delivery apps, shops, banks and card companies, insurers, game
 * publishers, ride-hailing, coffee and fast-food chains, device makers and platforms). A mention
 * that tags one of them (@CoupangCS, @NexonKorea) and nothing the pack itself names gives part of
 * its real intents' probability to the fallback intent (`otherCompanyShift`). Only a handle
 * triggers it; a company named in the text only ever marks it as the pack's own. A pack that is one
 * of these companies, or works with them, names them in its real intents' texts or handles (its
 * `own_handles` too), and those never count as "another company"; what its fallback and negative
 * examples name does not make a company its own.
 *
 * Left out on purpose: names that are also everyday words (삼성역, 우리, 하나, 제주, "delta",
 * "subway", "steam", 멜론). Korean names match at the start of a word (쿠팡 matches 쿠팡에서, 쿠팡이츠), so a
 * name that starts other words is given in its full form (삼성전자, 삼성카드, not 삼성). English
 * names match as words and phrases; handles are written as one word (koreanair, samsungmobile),
 * which is how "@KoreanAir" reads once normalized.
 */
import { type ConceptMatcher, compileLexicons } from "../concept-matcher.js";
import { handleKey } from "../normalize.js";
import { type Concept, termsOf } from "./concepts.js";
import { moveShareTo } from "./praise-prior.js";

export const OTHER_COMPANIES: readonly Concept[] = [
  // Airlines
  { id: "korean-air", ko: "대한항공", en: "korean air|koreanair" },
  { id: "asiana", ko: "아시아나", en: "asiana|asiana airlines|flyasiana" },
  { id: "jeju-air", ko: "제주항공", en: "jeju air|jejuair" },
  { id: "jin-air", ko: "진에어", en: "jin air|jinair" },
  { id: "tway", ko: "티웨이", en: "tway|t way air|twayair" },
  { id: "air-busan", ko: "에어부산", en: "air busan|airbusan" },
  { id: "air-seoul", ko: "에어서울", en: "air seoul|airseoul" },
  { id: "eastar", ko: "이스타항공", en: "eastar|eastar jet|eastarjet" },
  { id: "air-premia", ko: "에어프레미아", en: "air premia|airpremia" },
  {
    id: "foreign-airlines",
    ko: "델타항공|유나이티드항공|에미레이트항공|캐세이퍼시픽|싱가포르항공|전일본공수|일본항공|루프트한자|카타르항공|에어아시아|비엣젯|세부퍼시픽",
    en: "delta airlines|delta air lines|united airlines|american airlines|emirates|cathay pacific|singapore airlines|lufthansa|qatar airways|ryanair|easyjet|southwest airlines|airasia|vietjet|cebu pacific",
  },
  // Travel: booking sites, agencies, hotels, airports
  {
    id: "travel-platforms",
    ko: "아고다|익스피디아|에어비앤비|부킹닷컴|트립닷컴|스카이스캐너|야놀자|여기어때|인터파크투어|하나투어|모두투어|노랑풍선|마이리얼트립",
    en: "agoda|expedia|airbnb|booking com|bookingcom|trip com|tripcom|trip advisor|tripadvisor|skyscanner|yanolja|interpark|hanatour|modetour|myrealtrip|klook",
  },
  {
    id: "hotels",
    ko: "힐튼|메리어트|하얏트|신라호텔|롯데호텔|조선호텔|인터컨티넨탈",
    en: "hilton|marriott|hyatt|ihg|accor|shilla hotel|lotte hotel",
  },
  {
    id: "airports",
    ko: "인천공항|인천국제공항|김포공항|김해공항|제주공항|한국공항공사",
    en: "incheon airport|incheonairport|gimpo airport|gimpoairport|korea airports",
  },
  // Telecoms
  { id: "kt", ko: "케이티", en: "kt|kt corp|olleh" },
  { id: "skt", ko: "에스케이텔레콤", en: "skt|sk telecom|sktelecom" },
  { id: "lg-uplus", ko: "엘지유플러스|유플러스", en: "lg uplus|lguplus|uplus|lg u" },
  { id: "foreign-telecoms", ko: "버라이즌", en: "verizon|at t|t mobile|tmobile|vodafone|sprint" },
  // Fashion and sports brands with shops of their own
  {
    id: "fashion-brands",
    ko: "자라|유니클로|나이키|아디다스|뉴발란스|에잇세컨즈|스파오|탑텐|29cm|더블유컨셉",
    en: "zara|uniqlo|nike|adidas|new balance|newbalance|asos|lululemon|29cm|wconcept|w concept",
  },
  // Couriers, delivery apps, shops
  { id: "cj-logistics", ko: "대한통운|씨제이대한통운", en: "cj logistics|cjlogistics" },
  { id: "hanjin", ko: "한진택배", en: "hanjin express" },
  { id: "lotte-logistics", ko: "롯데택배|롯데글로벌", en: "lotte global logistics" },
  { id: "logen", ko: "로젠택배", en: "logen" },
  { id: "post-office", ko: "우체국택배|우체국 택배", en: "korea post|koreapost" },
  { id: "foreign-couriers", ko: "페덱스|디에이치엘", en: "fedex|dhl|usps" },
  { id: "coupang", ko: "쿠팡", en: "coupang|coupangcs|coupang eats|coupangeats" },
  { id: "baemin", ko: "배민|배달의민족", en: "baemin" },
  { id: "yogiyo", ko: "요기요", en: "yogiyo" },
  { id: "foreign-delivery", ko: "우버이츠|도어대시", en: "uber eats|ubereats|doordash|grubhub|deliveroo" },
  {
    id: "korean-shops",
    ko: "지마켓|위메프|티몬|무신사|마켓컬리|쓱닷컴|알리익스프레스|테무|오늘의집|에이블리|지그재그",
    en: "11번가|gmarket|wemakeprice|tmon|musinsa|kurly|ssg|aliexpress|temu|shein",
  },
  { id: "amazon", ko: "아마존", en: "amazon|amazonhelp|ebay" },
  // Banks, card companies, insurers
  {
    id: "korean-banks",
    ko: "국민은행|신한은행|우리은행|하나은행|농협|기업은행|카카오뱅크|케이뱅크|토스뱅크|새마을금고",
    en: "kb kookmin|shinhan bank|woori bank|hana bank|kakaobank|kakao bank|k bank|toss bank",
  },
  {
    id: "card-companies",
    ko: "신한카드|현대카드|삼성카드|롯데카드|국민카드|우리카드|하나카드|비씨카드",
    en: "hyundai card|hyundaicard|samsung card|shinhan card|lotte card|bc card",
  },
  {
    id: "insurers",
    ko: "삼성화재|삼성생명|현대해상|메리츠|한화생명|교보생명|흥국생명",
    en: "samsung fire|samsung life|hyundai marine|db insurance|meritz|hanwha life|kyobo|geico|allstate|state farm",
  },
  { id: "foreign-banks", ko: "씨티은행", en: "chase bank|citibank|wells fargo|hsbc|barclays|paypal support" },
  // Games
  { id: "nexon", ko: "넥슨", en: "nexon|nexonkorea|nexon korea" },
  { id: "netmarble", ko: "넷마블", en: "netmarble" },
  { id: "ncsoft", ko: "엔씨소프트|엔씨 소프트", en: "ncsoft|nc soft|ncsoft kr" },
  { id: "krafton", ko: "크래프톤|배틀그라운드", en: "krafton|pubg" },
  { id: "smilegate", ko: "스마일게이트|로스트아크", en: "smilegate|lost ark|lostark" },
  { id: "riot", ko: "라이엇|리그오브레전드|발로란트", en: "riot games|riotgames|league of legends|valorant" },
  { id: "blizzard", ko: "블리자드|오버워치|디아블로", en: "blizzard|overwatch|diablo" },
  {
    id: "hoyoverse",
    ko: "호요버스|미호요|원신|붕괴 스타레일|스타레일",
    en: "hoyoverse|mihoyo|genshin|genshin impact|honkai|star rail",
  },
  {
    id: "consoles-stores",
    ko: "플레이스테이션|플스|닌텐도|엑스박스|에픽게임즈|슈퍼셀",
    en: "playstation|nintendo|xbox|epic games|epicgames|supercell|ea sports",
  },
  // Rides, coffee and fast food
  { id: "ride-hailing", ko: "우버|카카오t|카카오택시", en: "uber|lyft|grab" },
  {
    id: "coffee-fast-food",
    ko: "스타벅스|스벅|맥도날드|맥날|버거킹|롯데리아|교촌|도미노피자|이디야|메가커피|투썸|파리바게뜨|배스킨라빈스",
    en: "starbucks|mcdonald|mcdonalds|burger king|burgerking|kfc|dominos|domino s|dunkin",
  },
  // Device makers and platforms. Named in a text they are the tool a customer used with any company
  // ("카톡으로 문의했는데", "구글 계정 연동"), which is fine: a name in the text only ever marks a company
  // as the pack's own. Tagged, @kakaotalk or @SamsungMobile, they are the addressee.
  {
    id: "samsung",
    ko: "삼성전자|삼성서비스|삼성페이|삼성멤버스",
    en: "samsung|samsungmobile|samsungus|samsungkorea|samsungsupport|samsung support|samsung pay",
  },
  {
    id: "apple",
    ko: "애플코리아|애플고객지원|애플스토어|앱스토어",
    en: "apple|applesupport|apple support|app store|appstore",
  },
  { id: "lg-electronics", ko: "엘지전자", en: "lg electronics|lgus|lgelectronics" },
  {
    id: "google",
    ko: "구글|플레이스토어|구글플레이",
    en: "google|googleplay|google play|play store|playstore",
  },
  { id: "kakao", ko: "카카오톡|카톡|카카오", en: "kakaotalk|kakao|kakaocorp" },
  { id: "naver", ko: "네이버", en: "naver" },
  { id: "meta", ko: "페이스북|인스타그램|인스타|왓츠앱", en: "facebook|instagram|whatsapp|meta" },
  { id: "youtube", ko: "유튜브", en: "youtube" },
  { id: "netflix", ko: "넷플릭스", en: "netflix" },
  { id: "tiktok", ko: "틱톡", en: "tiktok" },
  { id: "spotify", ko: "스포티파이", en: "spotify" },
];

let matcher: ConceptMatcher | undefined;

/** The other companies the normalized text names, as keys (`c:coupang`), each once. */
export function companyKeys(normalized: string): readonly string[] {
  matcher ??= compileLexicons([{ prefix: "c:", concepts: OTHER_COMPANIES }]);
  return matcher.keys(normalized);
}

/** A tagged account: X's (at most 15 of letters, digits, _) or Instagram's (also ".", at most 30); not an e-mail address. */
// Hangul too: X and Instagram handles are Latin, but customers tag a company by its Korean name
// ("@CJ대한통운 택배 3일째…") as if it were one.
const HANDLE = /(?<![\w.])@([A-Za-z0-9_.가-힣]{2,30})/g;

/** "@baramair." at the end of a sentence tags @baramair. */
const withoutTrailingDots = (handle: string): string => handle.replace(/\.+$/, "");

/** The accounts a text tags, as written (businessNameOfHandle reads their capitals). */
function writtenHandlesIn(raw: string): string[] {
  if (!raw.includes("@")) return [];
  return [...raw.matchAll(HANDLE)].map((m) => withoutTrailingDots(m[1] as string));
}

/** The accounts a text tags, as handleKey gives them. */
export function handlesIn(raw: string): string[] {
  return writtenHandlesIn(raw).map(handleKey);
}

/** Each company's English names as one word, the way a handle spells them (koreanair, coupang). */
let handleTokens: Array<{ token: string; key: string }> | undefined;

/** What a company's own accounts put around its name: @AskNexon, @CoupangCS, @NCsoft_kr, @kt_official. */
const HANDLE_PREFIXES = ["", "ask", "the", "team", "official", "hello"];
const HANDLE_SUFFIXES = new Set(
  "|cs|help|helps|support|care|kr|korea|official|us|uk|global|news|app|games|game|mobile|service|team|air|airlines|corp|inc|co".split(
    "|",
  ),
);

/**
 * The company a handle belongs to (`c:coupang` for @CoupangCS, `c:nexon` for @NexonKorea), or
 * undefined: the handle, `_` removed, must be one of its names with nothing around it but what
 * companies' accounts add (ask…, …cs, …kr, …support), so that a customer called @starbucks_addict
 * or @ktown is not taken for a company.
 */
export function companyOfHandle(handle: string): string | undefined {
  // "@CJ대한통운", "@쿠팡": the company its Korean name names.
  if (/[가-힣]/.test(handle))
    return companyKeys(
      handleKey(handle)
        .replace(/[_.]/g, " ")
        .replace(/([a-z0-9])([가-힣])/g, "$1 $2"),
    )[0];
  handleTokens ??= OTHER_COMPANIES.flatMap((company) =>
    termsOf(company.en).map((term) => ({ token: term.replace(/[\s-]+/g, ""), key: `c:${company.id}` })),
  );
  const written = handleKey(handle);
  const plain = written.replace(/[_.]/g, "");
  for (const { token, key } of handleTokens)
    for (const prefix of HANDLE_PREFIXES) {
      if (!plain.startsWith(prefix + token)) continue;
      const suffix = plain.slice(prefix.length + token.length);
      if (HANDLE_SUFFIXES.has(suffix)) return key;
      // A code after a separator: @KoreanAir_KE, @jejuair_7C (an airline's code, a country). Only
      // for names long enough not to be a person's initials (@kt_jh is someone).
      if (suffix.length === 2 && token.length >= 4 && /[_.][a-z0-9]{2}$/.test(written)) return key;
    }
  return undefined;
}

/**
 * The words a business puts after its name in a handle (@skyway_air, @NuriBank, @moa_mart,
 * @greenride_taxi): what it is, or what its account is for. Not "kr" or "korea" alone: people put
 * those after their names too (@minji_kr).
 */
const BUSINESS_WORDS = new Set(
  (
    "air|airline|airlines|airways|jet|aviation|bank|banking|pay|card|cards|capital|finance|insurance|ins|life|" +
    "telecom|tel|mobile|wireless|delivery|express|logistics|courier|parcel|taxi|cab|rides|motors|auto|rail|railway|" +
    "metro|bus|transit|coffee|cafe|bakery|pizza|burger|chicken|foods|food|mart|market|shop|store|stores|mall|" +
    "games|game|gaming|studio|studios|tv|media|hotel|hotels|resort|stay|travel|tours|official|cs|help|support|care|" +
    "service|services|corp|inc|co|company|group"
  ).split("|"),
);

/** The business words a handle may end with unseparated: only long or distinctive ones. */
const JOINED_BUSINESS_WORD =
  /(?:airlines|airways|airline|air|jet|bank|pay|card|insurance|telecom|logistics|express|delivery|taxi|mart|hotels?|stay|games)$/;
const ENGLISH_WORDS_ENDING_SO =
  /(?:hair|chair|pair|repair|affair|stair|despair|flair|impair|mohair|discard|postcard|scorecard|wildcard)$/;

/**
 * The name part of a handle built like a business's (a name, then BUSINESS_WORDS: @skyway_air →
 * "skyway", @NuriBank_kr → "nuri"), or undefined for any other handle. Words are split at `_` and
 * where a capital follows a small letter, so it needs the handle as written.
 */
export function businessNameOfHandle(handle: string): string | undefined {
  const words = handle
    .replace(/^@/, "")
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase()
    .split(/[_.]/)
    .filter(Boolean);
  while (words.length > 1 && ["kr", "korea"].includes(words[words.length - 1] as string)) words.pop();
  // One word written together (@haneulair, @nuribank): the business word at its end, when what is
  // left is a name of four letters or more and the whole is no English word (hair, repair).
  if (words.length === 1) {
    const word = words[0] as string;
    const joined = JOINED_BUSINESS_WORD.exec(word);
    if (joined && joined.index >= 4 && !ENGLISH_WORDS_ENDING_SO.test(word))
      return word.slice(0, joined.index);
    return undefined;
  }
  let end = words.length;
  while (end > 1 && BUSINESS_WORDS.has(words[end - 1] as string)) end--;
  if (end < words.length && end > 0) return words.slice(0, end).join("");
  // The last word with the business word written into it: @haeundae_bayhotel.
  const last = words[words.length - 1] as string;
  const joined = JOINED_BUSINESS_WORD.exec(last);
  if (joined && joined.index >= 3 && !ENGLISH_WORDS_ENDING_SO.test(last))
    return words.slice(0, -1).join("") + last.slice(0, joined.index);
  return undefined;
}

/**
 * Companies customers name whatever company they write to: places (airports, hotels) and tools
 * (the card or bank they paid with, the courier that brought it, the booking site, the app store,
 * KakaoTalk). A pack's examples naming them do not make them the pack's own; a pack that is one of
 * them says so with its handles (own_handles).
 */
const PLACES = new Set([
  "c:airports",
  "c:hotels",
  "c:travel-platforms",
  "c:card-companies",
  "c:korean-banks",
  "c:foreign-banks",
  "c:cj-logistics",
  "c:hanjin",
  "c:lotte-logistics",
  "c:logen",
  "c:post-office",
  "c:foreign-couriers",
  "c:kakao",
  "c:naver",
  "c:google",
  "c:apple",
  "c:meta",
  "c:youtube",
]);

/** What a pack names itself: the known companies and the handles in its texts, and its own handles. */
export interface PackAddressees {
  companies: readonly string[];
  handles: readonly string[];
}

/** From the pack's texts as written (examples, descriptions, keywords, situation examples). */
export function packAddresseesOf(
  rawTexts: Iterable<string>,
  normalize: (raw: string) => string,
): PackAddressees {
  const companies = new Set<string>();
  const handles = new Set<string>();
  for (const raw of rawTexts) {
    // An airport or a card named in the examples is where things happen or what was used, not the
    // pack's own company (PLACES): only its handle, tagged in an example, makes it one.
    for (const key of companyKeys(normalize(raw))) if (!PLACES.has(key)) companies.add(key);
    for (const handle of handlesIn(raw)) {
      handles.add(handle);
      const company = companyOfHandle(handle);
      if (company) companies.add(company);
    }
  }
  return { companies: [...companies].sort(), handles: [...handles].sort() };
}

/** The same as sets, with the handles the pack's settings name as other companies' (`other_handles`). */
export interface PackAddresseeSets {
  companies: ReadonlySet<string>;
  handles: ReadonlySet<string>;
  others: ReadonlySet<string>;
}

/**
 * The handle of another company the mention is addressed to, or undefined: it tags the handle of a
 * known company the pack never names, or one its settings list in `other_handles`, and neither tags a handle nor names a company the pack does
 * ("@KoreanAir 는 무료던데 @saebyeokair 는 왜 유료예요?" is for us). Only a handle counts as
 * addressing: a company named in the text may be a partner or a tool (a courier for a shop, a card
 * for any payment).
 */
export function addressedElsewhere(
  raw: string,
  normalized: string,
  pack: PackAddresseeSets,
): string | undefined {
  const written = writtenHandlesIn(raw);
  const handles = written.map(handleKey);
  if (handles.length === 0 || handles.some((h) => pack.handles.has(h))) return undefined;
  if (companyKeys(normalized).some((key) => pack.companies.has(key))) return undefined;
  const known = handles.find((h) => {
    if (pack.others.has(h)) return true;
    const company = companyOfHandle(h);
    return company !== undefined && !pack.companies.has(company);
  });
  if (known !== undefined) return known;
  // A known company's handle was decided above (it is the pack's); the others by their shape.
  const unknown = written.find((h) => !companyOfHandle(h) && isUnknownBusinessHandle(h, pack.handles));
  return unknown === undefined ? undefined : handleKey(unknown);
}

/**
 * Whether a handle, as written, is a business's the lexicon does not know (@skyway_air, @NuriBank):
 * built like one (businessNameOfHandle) and named in none of the pack's own handles. Without own
 * handles to compare with, no handle is: the pack's own might look just like it.
 */
export function isUnknownBusinessHandle(handle: string, ownHandles: ReadonlySet<string>): boolean {
  if (ownHandles.size === 0) return false;
  const name = businessNameOfHandle(handle);
  return name !== undefined && ![...ownHandles].some((own) => sameBusiness(name, own));
}

/** Whether a business name from a handle is the pack's (own handle `baramair`, name `baram`). */
function sameBusiness(name: string, ownHandle: string): boolean {
  const own = ownHandle.replace(/[_.]/g, "");
  return own.startsWith(name) || name.startsWith(businessNameOfHandle(ownHandle) ?? own);
}

/**
 * Moves `shift` of every real intent's probability to the fallback intent (see the module comment).
 * `probabilities` sum to 1 before and after; with no fallback intent nothing moves.
 */
export function applyOtherCompanyPrior(
  probabilities: Float64Array,
  fallbackLabel: number,
  shift: number,
): void {
  if (shift > 0 && fallbackLabel >= 0) moveShareTo(probabilities, fallbackLabel, shift);
}
