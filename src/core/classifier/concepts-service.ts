/**
 * The concept lexicon, part 1 of 2 (see concepts.ts for what a concept is and how its terms match):
 * people, contact channels, accounts and apps, devices and plans, shopping and delivery, money.
 */
import type { Concept } from "./concepts.js";

export const SERVICE_CONCEPTS: readonly Concept[] = [
  // ── People
  {
    id: "staff",
    ko: "직원|상담원|상담사|매니저|담당자|점원|알바|사장님|점장|지점장|관리자|스태프|스탭|안내원|종업원|팀장|실장|책임자|근무자|응대|태도",
    en: "staff|staff member|employee|agent|rep|representative|manager|supervisor|cashier|clerk|attendant|receptionist|associate|advisor|adviser|worker|team member|owner|shop assistant|salesperson|personnel",
  },
  {
    id: "driver-courier",
    ko: "기사님|기사분|배달기사|택배기사|퀵기사|라이더|배달원|택배원|운전기사|운전사|드라이버|버스기사|택시기사|대리기사|집배원|우체부",
    en: "driver|rider|courier|delivery guy|delivery man|deliveryman|delivery person|postman|mailman|mail carrier|postal worker|chauffeur|cabbie|dispatcher",
  },
  {
    id: "flight-crew",
    ko: "승무원|기장님|부기장|조종사|파일럿|스튜어디스|사무장|캐빈크루|지상직|조종실",
    en: "flight attendant|cabin crew|crew|pilot|captain|copilot|co pilot|steward|stewardess|purser|air hostess|ground staff|gate agent|first officer|cockpit",
  },
  // ── Where and how customers reach the company
  {
    id: "contact-centre",
    ko: "고객센터|콜센터|상담센터|상담전화|상담 연결|상담받|고객지원|고객상담|헬프데스크|전화|통화|대표번호|채팅|챗봇|이메일|메일|게시판|일대일|디엠|자동응답|연결음",
    en: "customer service|customer care|customer support|call center|call centre|helpline|hotline|help desk|helpdesk|support team|support line|live chat|chatbot|chat bot|email|e mail|dm|direct message|contact form|call|on hold|hold music|support ticket|cs|ivr|contact number",
  },
  {
    id: "store-branch",
    ko: "매장|지점|대리점|영업점|점포|직영점|가맹점|본점|본사|판매점|편의점|대형마트|마트|백화점|아울렛|오프라인|쇼핑몰",
    en: "store|shop|branch|outlet|franchise|head office|headquarters|hq|showroom|dealership|dealer|mall|supermarket|convenience store|retailer|storefront|in store",
  },
  {
    id: "queue-counter",
    ko: "줄서|줄을 서|긴 줄|번호표|순번|창구|카운터|데스크|안내데스크|접수처|키오스크|매표소|계산대|입구|출입구|출구",
    en: "queue|queuing|long line|in line|line up|lineup|counter|desk|kiosk|ticket office|box office|ticket window|ticket machine|self checkout|entrance|exit|turnstile|barrier|ticket gate",
  },
  {
    id: "reply-case",
    ko: "답변|답장|회신|연락|응답|피드백|처리결과|진행상황|처리현황|접수|민원|콜백|재연락",
    en: "reply|replied|response|respond|answer|feedback|follow up|followup|callback|call back|called back|case number|ticket number|escalate|escalation|status update|inquiry|enquiry|query",
  },
  {
    id: "notification",
    ko: "알림|푸시|문자|메시지|메세지|카톡|알람|공지|쪽지|안내문자|뉴스레터|수신|발신",
    en: "notification|notify|notified|push notification|alert|text|text message|sms|mms|message|msg|announcement|reminder|newsletter|inbox|voicemail",
  },
  {
    id: "review-social",
    ko: "리뷰|후기|별점|평점|댓글|게시글|게시물|악플|리플|평가|포스팅|해시태그|인플루언서|블로그|커뮤니티",
    en: "review|reviewer|rating|comment|social media|sns|viral|testimonial|one star|1 star|five star|5 star|thread|hashtag|influencer|repost",
  },
  // ── Accounts, apps and software
  {
    id: "account-login",
    ko: "계정|아이디|로그인|로그아웃|비밀번호|비번|패스워드|회원가입|회원정보|프로필|닉네임|휴면|간편로그인",
    en: "account|login|log in|logout|log out|sign in|signin|sign up|signup|password|passcode|username|user id|profile|credential|locked out|register|registration|nickname|logged in|logged out|signed up|signed in",
  },
  {
    id: "verification",
    ko: "본인인증|인증|본인확인|공동인증서|공인인증서|보안카드|이중인증|생체인증|지문|얼굴인식|실명확인|실명인증|신원확인",
    en: "verification|verify|verified|verification code|otp|one time password|2fa|two factor|authentication|authenticate|authenticator|security code|pin|fingerprint|biometric|kyc|identity check|captcha",
  },
  {
    id: "security-fraud",
    ko: "해킹|해커|도용|명의도용|개인정보|정보유출|유출|보안|무단|부정사용|악성코드|바이러스|랜섬웨어|도난|이상거래|사칭|탈취|털렸",
    en: "hack|hacker|fraud|fraudulent|unauthorized|unauthorised|security|breach|identity theft|stolen|malware|virus|spyware|ransomware|privacy|personal data|personal information|suspicious activity|suspicious transaction|impersonation|impersonate|compromised|account takeover",
  },
  {
    id: "restriction",
    ko: "정지|이용정지|계정정지|영구정지|제재|차단|이용제한|제한|블랙리스트|밴당|비활성화|잠금|잠겼",
    en: "ban|banned|suspension|suspend|restriction|restrict|block|blacklist|deactivate|deactivation|shadowban|shadow ban|flagged|account frozen|frozen account",
  },
  {
    id: "app",
    ko: "어플|애플리케이션|업데이트|업뎃|버전|최신버전|재설치|다운로드|다운받|프로그램|소프트웨어|버그|패치",
    koShort: "앱",
    en: "app|software|version|reinstall|uninstall|download|bug|glitch|patch|beta|firmware|setting|feature|widget|dark mode",
  },
  {
    id: "website-screen",
    ko: "홈페이지|홈피|웹사이트|사이트|웹페이지|페이지|링크|화면|메인화면|버튼|팝업|브라우저|모바일웹|접속|로딩|캡처|캡쳐|스크린샷",
    en: "website|site|web site|webpage|web page|page|link|screen|button|popup|browser|loading|screenshot|screen shot|url|homepage|home page|portal|tab",
  },
  {
    id: "game",
    ko: "게임|캐릭터|아이템|가챠|뽑기|확률|과금|현질|랭크|랭킹|레벨|스킨|길드|매칭|밸런스|너프|버프|시즌패스|배틀패스|운영자|핵쟁이|치터|매크로|유저",
    en: "game|gaming|gamer|player|character|in game|gacha|loot box|ranked|ranking|level up|skin|guild|matchmaking|nerf|buff|battle pass|season pass|cheater|gem|quest|esport|leaderboard",
  },
  {
    id: "maintenance-outage",
    ko: "점검|정기점검|긴급점검|서버|전산|시스템|공사|통신장애|장애 발생|장애가 발생|접속장애|복구",
    en: "maintenance|outage|downtime|server|system|construction|planned works|roadwork|back online",
  },
  // ── Devices, connectivity and plans
  {
    id: "device",
    ko: "휴대폰|핸드폰|스마트폰|단말기|기기|기계|공기계|태블릿|노트북|컴퓨터|피시|유심|충전기|배터리|이어폰|헤드폰|액정|카메라|공유기|모뎀|셋톱박스|리모컨|워치",
    koShort: "폰",
    en: "phone|mobile|cellphone|smartphone|handset|device|tablet|laptop|computer|pc|sim|sim card|esim|charger|battery|earphone|headphone|earbud|router|modem|set top box|remote control|hardware|gadget|console|smartwatch",
  },
  {
    id: "network",
    ko: "인터넷|와이파이|신호|데이터|통신|안테나|속도|광랜|랜선|로밍|핫스팟|테더링|회선|기지국|음영지역|통화품질|와파|전파가|전파 방해",
    en: "internet|wifi|wi fi|wireless|signal|coverage|data|broadband|fiber|fibre|connection|connectivity|bandwidth|speed|mbps|gbps|5g|4g|lte|roaming|hotspot|tethering|network|dead zone|ethernet|lan",
  },
  {
    id: "plan-subscription",
    ko: "요금제|구독|약정|선택약정|계약|가입|신규가입|번호이동|부가서비스|정기결제|자동결제|자동갱신|갱신|위약금|무제한|개통|명의|결합상품|결합할인|알뜰폰|선불|후불|유료",
    en: "plan|subscription|subscribe|contract|renewal|renew|auto renew|premium|unlimited|prepaid|postpaid|pay as you go|early termination|bundle|add on|addon|activation|activate|tariff|porting|minimum term",
  },
  {
    id: "appliance",
    ko: "가전|생활가전|냉장고|세탁기|건조기|청소기|티비|텔레비전|모니터|전자레인지|식기세척기|정수기|공기청정기|밥솥|선풍기|가습기|제습기|오븐|에어프라이어|인덕션",
    en: "appliance|fridge|refrigerator|washing machine|washer|dryer|dishwasher|vacuum|tv|television|microwave|oven|air purifier|humidifier|kettle|rice cooker|freezer|stove|air fryer",
  },
  {
    id: "repair-install",
    ko: "보증기간|보증서|품질보증|워런티|무상수리|유상수리|수리|교체|부품|리퍼|서비스센터|수리센터|방문수리|기사 방문|설치|엔지니어|기술자|애프터서비스|사후관리",
    en: "warranty|guarantee|repair|service center|service centre|technician|engineer|tech support|replacement|spare part|refurbished|aftersales|installation|install|onsite",
  },
  {
    id: "utilities",
    ko: "전기세|전기가 나가|전기가 끊|정전|가스|도시가스|수돗물|수도관|상수도|단수|온수|보일러|계량기|검침|관리비|누수|하수구|배관|전력|누전",
    koShort: "물",
    en: "electricity|electric|power|power cut|blackout|gas|water|meter|utility|boiler|plumbing|plumber|pipe|leak|sewage|energy|grid|electrician|circuit breaker",
  },
  // ── Shopping, orders and delivery
  {
    id: "order",
    ko: "주문|구매|구입|장바구니|오더|발주|직구|선주문|샀는데|샀어요|샀던|샀습니다",
    en: "order|purchase|bought|buy|cart|basket|checkout|preorder|pre order|order history|wishlist|backorder",
  },
  {
    id: "product-stock",
    ko: "상품|제품|물건|물품|구성품|옵션|색상|색깔|재고|품절|재입고|정품|신상|모델명|상세페이지|수량|품목|본품|새상품|중고",
    en: "product|item|goods|merchandise|merch|stock|out of stock|sold out|restock|color|colour|model|variant|listing|sku|quantity|accessory|spec|specification|serial number",
  },
  {
    id: "clothing",
    ko: "의류|신발|바지|셔츠|티셔츠|원피스|자켓|재킷|패딩|코트|니트|양말|속옷|운동화|후드|치마|청바지|블라우스|점퍼|가디건",
    koShort: "옷",
    en: "clothes|clothing|shirt|t shirt|tshirt|dress|jacket|coat|pants|trousers|jeans|shoe|sneaker|hoodie|sweater|sock|underwear|hats|beanie|garment|outfit|skirt|apparel|uniform",
  },
  {
    id: "size-weight",
    ko: "사이즈|크기|치수|무게|중량|용량|규격|너비|높이|부피가|부피를|킬로|키로|센티|인치|스몰|미디엄|오버핏|정사이즈|빅사이즈|작아요|작아서|커요|라지",
    koShort: "핏",
    en: "size|sizing|fit|weight|dimension|measurement|kg|kilo|kilogram|lb|cm|inch|oversize|oversized|overweight|capacity|too big|too small|size chart|length|width|height|xl|xxl|bulky",
  },
  {
    id: "packaging",
    ko: "포장|박스|택배상자|뽁뽁이|에어캡|완충재|테이프|봉투|비닐|포장용기|일회용기|다회용기|밀봉|아이스팩|드라이아이스|스티로폼|뚜껑|개봉|쇼핑백|파우치|상자",
    en: "packaging|packing|box|carton|wrapping|wrap|bubble wrap|tape|envelope|plastic|container|lid|seal|ice pack|styrofoam|padding|unboxing|spill|spilt|packet|sachet",
  },
  {
    id: "returns-exchange",
    ko: "반품|교환|반송|회수|수거|맞교환|반납|되돌려 보내|재발송",
    en: "return|exchange|return label|return slip|send back|sent back|ship back|mail back|rma|store credit",
  },
  {
    id: "delivery",
    ko: "배송|배달|발송|출고|퀵서비스|새벽배송|당일배송|익일배송|무료배송|해외배송|오배송",
    koShort: "퀵",
    en: "delivery|deliver|shipping|ship|shipped|dispatch|same day|next day|express|drop off|dropped off|dropoff|postage",
  },
  {
    id: "parcel",
    ko: "택배|소포|운송장|송장|화물|물류|집하|추적|트래킹|우편|등기|우체국|무인택배함|보관함|허브",
    en: "parcel|package|shipment|tracking|track|waybill|consignment|freight|cargo|logistics|warehouse|depot|fulfillment|fulfilment|post office|postal|pickup point|collection point|sorting center",
  },
  {
    id: "address-location",
    ko: "주소|상세주소|배송지|우편번호|도로명|동호수|아파트|건물|현관|문앞|경비실|관리실|위치|장소|지도|동네|근처|사무실|지역",
    koShort: "층|집",
    en: "address|location|postcode|post code|zip code|postal code|apartment|apt|building|floor|doorstep|door|lobby|mailbox|letterbox|neighborhood|neighbourhood|map|direction|street|house|condo|buzzer|intercom",
  },
  // ── Money
  {
    id: "money-payment",
    ko: "결제|결재|카드|신용카드|체크카드|계좌|이체|계좌이체|송금|입금|출금|현금|잔액|잔고|할부|일시불|승인|무통장|간편결제|거래",
    koShort: "돈",
    en: "payment|pay|paid|card|bank transfer|wire transfer|deposit|withdrawal|cash|money|balance|transaction|installment|instalment|top up|topup|debit|wallet|topped up|authorization|authorisation|cvv",
  },
  {
    id: "bank-loan",
    ko: "은행|대출|이자율|이자가|이자를|금리|적금|예금|통장|마이너스통장|신용점수|신용등급|상환|한도|환율|환전|주식|증권|펀드|투자|현금인출기|인출|연금",
    en: "bank|banking|loan|mortgage|interest rate|savings|credit score|credit limit|overdraft|repayment|currency|atm|checking account|current account|investment|pension|apr|funds|brokerage|forex",
  },
  {
    id: "bill-invoice",
    ko: "청구|고지서|명세서|영수증|인보이스|세금계산서|현금영수증|계산서|납부|미납|연체|자동이체|내역|이용내역|사용내역|정산",
    en: "bill|billing|invoice|receipt|statement|vat|tax|due date|direct debit|autopay|auto pay|arrears|overdue|outstanding balance|itemized|itemised|e bill|paperless",
  },
  {
    id: "points-membership",
    ko: "포인트|적립|마일|멤버십|멤버쉽|맴버십|등급|회원등급|우수회원|승급|티어|골드|실버|플래티넘|리워드|캐시백|스탬프|예치금|로열티",
    en: "loyalty|reward|points|mile|mileage|membership|gold member|platinum|tier|elite|vip|cashback|cash back|stamp|frequent flyer|frequent flier|redeem|redemption",
  },
  {
    id: "coupon-promotion",
    ko: "쿠폰|할인|프로모션|이벤트|행사|세일|특가|경품|사은품|증정|당첨|기프티콘|상품권|기프트카드|바우처|혜택|추천인|초대코드|선물|무료체험",
    en: "coupon|voucher|discount|promo|promotion|deals|special deal|sale|offers|special offer|gift card|gift certificate|giveaway|prize|winner|free trial|referral|freebie|perk|benefit|event|gift|raffle|sweepstake",
  },
  {
    id: "insurance",
    ko: "보험|실손|실비|특약|보장|면책|자기부담금|손해사정|피보험자|수익자|사고가|사고를|교통사고|접촉사고|손해",
    en: "insurance|insurer|claim form|claim number|file a claim|filed a claim|deductible|payout|adjuster|beneficiary|underwriting|policyholder|indemnity|liability|accident",
  },
  {
    id: "terms-policy",
    ko: "약관|이용약관|규정|정책|운영방침|방침이|방침상|규칙|조건|원칙|지침|자격",
    en: "policy|terms and conditions|terms of service|terms of use|rule|regulation|guideline|fine print|small print|eligibility|eligible|requirement|clause",
  },
];
