/**
 * The concept lexicon, part 2 of 2 (see concepts.ts for what a concept is and how its terms match):
 * travel, schedules, food and drink, people's circumstances, conditions of a place.
 */
import type { Concept } from "./concepts.js";

export const EVERYDAY_CONCEPTS: readonly Concept[] = [
  // ── Travel
  {
    id: "booking-ticket",
    ko: "예약|예매|티켓|항공권|승차권|입장권|탑승권|발권|재발권|여정|노쇼|이티켓",
    koShort: "표",
    en: "booking|book|reservation|reserve|ticket|e ticket|eticket|itinerary|confirmation number|booking reference|reference number|pnr|boarding pass|no show",
  },
  {
    id: "flight",
    ko: "비행|항공|편명|직항|경유|연결편|대체편|출발편|도착편|귀국편|출국편|탑승|이륙|착륙|기내|국제선|국내선|회항|운항|난기류|항로",
    en: "flight|plane|airplane|aeroplane|aircraft|airline|layover|stopover|nonstop|non stop|takeoff|take off|landing|landed|boarding|inflight|onboard|on board|red eye|turbulence",
  },
  {
    id: "airport",
    ko: "공항|출국|입국|출입국|세관|면세|라운지|게이트|탑승구|검색대|터미널|활주로",
    en: "airport|terminal|departure|arrival|immigration|customs|duty free|lounge|gate|jet bridge|runway|tarmac",
  },
  {
    id: "check-in",
    ko: "체크인|체크아웃|수속|탑승수속|셀프체크인|웹체크인|모바일체크인|온라인체크인|얼리체크인|레이트체크아웃|입실|퇴실|백드랍",
    en: "check in|checkin|checked in|checking in|self check in|web check in|online check in|check in counter|bag drop|check out time|late check out",
  },
  {
    id: "luggage",
    ko: "수하물|수화물|위탁수하물|짐가방|짐칸|캐리어|여행가방|가방|배낭|백팩|트렁크|더플백|하드케이스|소프트케이스|기내반입|반입|골프백|골프가방|보조배터리|액체류|서핑보드|스키장비",
    koShort: "짐",
    en: "luggage|baggage|bag|suitcase|carry on|carryon|backpack|rucksack|holdall|duffel|carousel|overhead bin|overhead locker|power bank|powerbank|golf bag|golf clubs|surfboard|ski bag|liquids",
  },
  {
    id: "seat",
    ko: "좌석|자리|창가|통로석|이코노미|비즈니스석|일등석|퍼스트클래스|비상구|지정석|입석|앞좌석|옆좌석|옆자리|뒷자리|레그룸|안전벨트|등받이|팔걸이",
    en: "seat|aisle|legroom|economy|business class|first class|premium economy|exit row|seating|recline|seatbelt|seat belt|armrest|tray table",
  },
  {
    id: "hotel-stay",
    ko: "호텔|숙소|객실|룸서비스|리조트|펜션|모텔|게스트하우스|민박|풀빌라|숙박|투숙|조식|프론트|프런트|침대|침구|베개|타월|수건|어메니티|키카드|하우스키핑|미니바|샤워",
    koShort: "방|룸",
    en: "hotel|room|suite|resort|hostel|motel|inn|accommodation|lodging|guesthouse|front desk|reception|bed|bedding|pillow|linen|towel|amenity|housekeeping|minibar|key card|villa|shower",
  },
  {
    id: "travel-trip",
    ko: "여행|패키지|투어|관광|가이드|휴가|출장|해외여행|신혼여행|크루즈|명소|휴양",
    en: "trip|travel|vacation|holiday|tour|guide|sightseeing|honeymoon|excursion|cruise|abroad|overseas|getaway|tourist|destination",
  },
  {
    id: "rail",
    ko: "기차|열차|고속열차|철도|지하철|전철|경전철|트램|승강장|개찰구|스크린도어|호선|객차|호차|역무원|선로",
    koShort: "역",
    en: "train|subway|metro|underground|tube|rail|railway|railroad|station|carriage|conductor|tram",
  },
  {
    id: "bus-transit",
    ko: "버스|고속버스|시외버스|광역버스|마을버스|셔틀|정류장|정류소|노선|배차|막차|첫차|대중교통|교통|환승|승차|하차|정기권|출퇴근|통근",
    en: "bus|coach|shuttle|minibus|route|double decker|terminus|public transport|public transit|transit|commute|commuter|fare|travel card|transit card",
  },
  {
    id: "taxi-ride",
    ko: "택시|콜택시|모범택시|개인택시|카풀|대리운전|승차거부|합승|미터기|호출",
    en: "taxi|cab|taxicab|ride|rideshare|ride share|ride hailing|carpool|surge|minicab|designated driver",
  },
  {
    id: "vehicle-parking",
    ko: "자동차|차량|승용차|전기차|렌터카|렌트카|주차|타이어|엔진|블랙박스|내비게이션|네비게이션|번호판|킥보드|자전거|오토바이|세차장|손세차|세차를",
    en: "cars|car hire|hire car|car key|automobile|vehicle|rental car|car rental|rental|parking|car park|parking lot|valet|tires|flat tire|tyre|engine|license plate|number plate|dashcam|gps|sat nav|car wash|scooter|bike|bicycle|motorbike|motorcycle|ev",
  },
  {
    id: "document-id",
    ko: "여권|신분증|주민등록증|운전면허|면허|외국인등록증|비자|관광비자|전자비자|서류|증명서|사본|원본|등본|진단서|증빙|제출|서명|신청서",
    en: "passport|id card|photo id|identity card|national id|identification|driving license|driving licence|visa|e visa|document|paperwork|certificate|proof|form|residence permit|pdf",
  },
  {
    id: "lost-property",
    ko: "유실물|분실물|습득|소지품|휴대품|지갑|우산|두고 내|놓고 내|두고 왔|놓고 왔|두고 온|놓고 온|두고 간|놓고 간",
    en: "lost and found|lost property|belonging|personal item|personal effects|left behind|left it|left my|forgotten item|found item|umbrella",
  },
  {
    id: "language",
    ko: "언어|한국어|한글 지원|한글판|한글 자막|영어|외국어|일본어|중국어|다국어|번역|오역|통역|자막|외국인|원어민|말이 안 통|한글로",
    en: "language|english|translation|translate|translator|interpreter|subtitle|caption|foreigner|foreign|japanese|chinese|spanish|multilingual|native speaker|accent",
  },
  // ── Schedules and opening hours
  {
    id: "schedule",
    ko: "일정|일정표|날짜|스케줄|시간대|시간표|예정|도착시간|출발시간|도착예정|운행시간|오전|오후|새벽|당일|익일|평일|주말|연휴|공휴일|내일|모레|다음주|이번주|달력",
    en: "schedule|timetable|date|time slot|timeslot|slot|delivery window|time window|eta|arrival time|departure time|weekend|weekday|tomorrow|tonight|next week|this week|public holiday|calendar|deadline",
  },
  {
    id: "opening-hours",
    ko: "영업시간|운영시간|영업일|영업중|휴무|정기휴무|휴일|마감|오픈|개점|브레이크타임|라스트오더|문 닫|문을 닫|폐점|폐업",
    en: "opening hours|opening time|open hours|business hours|office hours|closing time|hours of operation|last order|break time|holiday hours|open until|24 7",
  },
  // ── Food and drink
  {
    id: "food",
    ko: "음식|식사|기내식|도시락|반찬|국물|치킨|피자|햄버거|버거|라면|샐러드|디저트|케이크|고기|야채|채소|재료|간식|요리|메뉴|유통기한|양이 적|양이 많|과자|과일",
    koShort: "밥|빵|맛",
    en: "food|meal|dish|menu|portion|taste|flavor|flavour|snack|dessert|chicken|pizza|burger|sandwich|salad|noodle|rice|soup|fries|breakfast|lunch|dinner|vegetarian|vegan|ingredient|sauce|grocery|expiry|best before|halal",
  },
  {
    id: "drink",
    ko: "음료|커피|아메리카노|라떼|주스|에이드|스무디|버블티|밀크티|녹차|홍차|우유|맥주|와인|생수|얼음|빨대|텀블러|리필|소주",
    koShort: "술|컵",
    en: "drink|beverage|coffee|latte|americano|espresso|tea|juice|soda|smoothie|boba|milk|beer|wine|alcohol|cocktail|bottled water|drinking water|ice|cup|straw|refill|tumbler",
  },
  {
    id: "restaurant-cafe",
    ko: "식당|음식점|레스토랑|카페|커피숍|베이커리|빵집|맛집|뷔페|분식|패스트푸드|푸드코트|술집|호프|테이크아웃|포장주문|주방|셰프|요리사|서빙|테이블",
    en: "restaurant|cafe|coffee shop|bakery|diner|bistro|buffet|eatery|canteen|cafeteria|pub|takeout|takeaway|dine in|drive thru|drive through|table|kitchen|chef|cook|waiter|waitress",
  },
  // ── People's circumstances
  {
    id: "family",
    ko: "가족|아기를|애기|신생아|유아|어린이|아이들|애들|우리 애|우리 아이|자녀|아들|아빠|엄마|부모|어머니|아버지|할머니|할아버지|남편|아내와|아내분|제 아내|와이프|동생|언니|임산부|유모차",
    koShort: "딸|형",
    en: "family|kids|my kid|child|children|baby|infant|toddler|newborn|son|daughter|mom|mum|mother|dad|father|parent|husband|wife|grandma|grandmother|grandpa|grandfather|sister|brother|pregnant|pregnancy|stroller|pram|unaccompanied minor",
  },
  {
    id: "pet",
    ko: "반려동물|반려견|반려묘|강아지|고양이|애완동물|애완견|애견|댕댕이|냥이|동물|케이지|이동장|켄넬|목줄",
    koShort: "펫",
    en: "pet|dog|cat|puppy|pup|kitten|animal|crate|cage|kennel|leash|vet|veterinarian",
  },
  {
    id: "accessibility-elderly",
    ko: "휠체어|장애인|장애우|장애등급|시각장애|청각장애|거동|보행|지팡이|보청기|점자|수어|엘리베이터|경사로|배리어프리|교통약자|노약자|어르신|노인|고령|시니어",
    en: "wheelchair|disability|disabled|accessible|accessibility|mobility|blind|deaf|hearing impaired|visually impaired|impairment|sign language|braille|hearing aid|ramp|elevator|step free|walking aid|cane|special assistance|elderly|senior|pensioner",
  },
  {
    id: "clinic",
    ko: "병원|의원|클리닉|진료|진찰|검진|건강검진|의사|간호사|치과|한의원|보건소|응급실|외래|입원|퇴원|수술|환자|주치의|물리치료|재활",
    en: "hospital|clinic|doctor|general practitioner|nurse|dentist|dental|appointment|checkup|surgery|emergency department|ward|specialist|physician|health check|outpatient|medical|healthcare|health care|physio|therapy|therapist|x ray",
  },
  {
    id: "illness-injury",
    ko: "아프|아파요|아파서|아픈|아팠|통증|질병|질환|기저질환|증상|감기|독감|코로나|발열|고열|기침|두통이|복통|배탈|설사|구토|식중독|알레르기|알러지|부상|상처|다쳤|다쳐|골절",
    en: "sick|sickness|ill|illness|unwell|pain|hurt|injury|injured|wound|bleeding|symptom|fever|cough|flu|covid|infection|allergy|allergic|food poisoning|vomit|threw up|nausea|diarrhea|diarrhoea|headache|stomach ache|rash|dizzy|emergency",
  },
  {
    id: "medicine",
    ko: "약국|처방|의약품|복용|알약|진통제|해열제|감기약|영양제|상비약|비타민|파스|백신|예방접종|주사|약값|약봉투|약사|연고",
    en: "medicine|medication|meds|pharmacy|pharmacist|prescription|pill|drug|painkiller|dose|dosage|inhaler|insulin|vitamin|supplement|ointment|chemist|antibiotic|vaccine|vaccination",
  },
  // ── Conditions of a place
  {
    id: "weather",
    ko: "날씨|기상악화|기상청|악천후|태풍|폭우|호우|폭설|대설|눈이 와|눈이 내|눈이 많이|눈 때문|눈보라|비가 와|비가 내|비가 많이|안개가|안개로|안개 때문|강풍|천둥|번개|황사|미세먼지|한파|폭염|장마|비 때문|비 오",
    en: "weather|storm|typhoon|hurricane|cyclone|tornado|snow|snowstorm|blizzard|rain|fog|wind|thunderstorm|lightning|flood|icy|de icing|deicing|heatwave|heat wave|monsoon|hailstorm|earthquake|natural disaster|air quality|volcanic ash",
  },
  {
    id: "temperature",
    ko: "온도|에어컨|냉방|난방|히터|추워|추운|추웠|춥다|춥고|더워|더운|더웠|덥다|덥고|뜨거|뜨겁|차갑|차가워|차가운|미지근|식었|식어|환기|환풍기|습도|찜통",
    en: "aircon|air con|air conditioning|air conditioner|ac|heater|heating|temperature|thermostat|radiator|hot|cold|warm|chilly|stuffy|humid|lukewarm|boiling|sweltering|ventilation|overheating",
  },
  {
    id: "cleanliness",
    ko: "위생|청결|청소|벌레|바퀴벌레|곰팡|모기|개미|머리카락|이물질|냄새|악취|얼룩|먼지|찌든|세균|소독|화장실|쓰레기|오물",
    koShort: "쥐|털",
    en: "hygiene|hygienic|unhygienic|clean|cleaning|cleanliness|cleaner|stain|mold|mould|cockroach|roach|insect|bedbug|bed bug|ant|mosquito|pest|rodent|hair|smell|stink|odor|odour|dust|germ|bacteria|disinfect|toilet|restroom",
  },
  {
    id: "noise",
    ko: "소음|층간소음|시끄러|시끄럽|떠드|떠들|소리|굉음|울음소리|코골이|음악|볼륨|방음|조용",
    en: "noise|noisy|loud|shouting|yelling|screaming|crying|barking|banging|blaring|snoring|music|volume|quiet|soundproof|decibel",
  },
];
