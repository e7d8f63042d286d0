/**
 * The built-in stance lexicon: how the customer FEELS about what happened, and whether something was
 * put right, in words that do not depend on the kind of company (telecom, airline, delivery, card and
 * bank, insurance, shops, apps). concepts.ts says what a mention is ABOUT (a statement, a suitcase, a
 * driver); a stance says what the customer makes of it: praise, thanks, a problem solved. Each
 * stance gives the classifier one shared feature whichever word the customer uses ("편리하네요",
 * "쓰기 편해요", "so easy to read"), so
 * - praise that names a topic ("the new statement layout is so easy to read", "배송 진짜 빠르네요")
 *   is still recognized as praise and not read as a question or complaint about that topic;
 * - thanks next to a fix ("해결해 주셔서 감사합니다") read as real gratitude, not as a complaint about
 *   what was fixed.
 * Losses and anger are not stances here: the request cues of cues.ts (missing, broken, wait,
 * complaint) name them already, and a second feature for them ("안 와요" as a bad outcome) moved the
 * default pack's not-arrived mentions between intents without gaining a held-out mention (docs/accuracy-history.md,
 * seventh session).
 *
 * Stance words are evaluation and feeling only: no topics (those are concepts.ts), no request words
 * (cancel, refund, change, how much, when, where) and no brand or company names. Terms are the words
 * a stranger actually writes in a post or a reply: everyday forms, polite and casual endings,
 * internet slang and common misspellings. Each term belongs to one stance only.
 *
 * Matching is that of the concept lexicon (see concepts.ts and concept-matcher.ts), on normalized
 * text (NFKC, lower case, punctuation turned into spaces, so emoji, ^^ and ㅡㅡ are not available):
 * - `ko`: a word or stem that starts a Hangul word, particles and endings may follow, at least two
 *   syllables, spaces after the start not significant. Stems that would also start unrelated words
 *   are spelled out: "최고예요", "최고의" rather than "최고" (최고가, 최고 금리); "살았어요" rather than
 *   "살았" (살았던 집); "해결됐", "해결해 주셔서" rather than "해결" (해결이 안 돼요, 해결해 주세요).
 * - `koShort`: one-syllable words, matched only alone or with a particle (굿, 짱 but not 짱나).
 * - `en`: lower-case base forms matched as whole words, -s/-es/-ed/-ing/-ies forms included, phrases
 *   word by word; apostrophes become spaces ("didn't" is "didn t"). A word whose inflected form is a
 *   common unrelated word is given only in phrases: "good" (goods), "kind" (kind of), "quick" (quick
 *   question), "best" (best regards), "patient" (patients), "scratch" (from scratch).
 */
import type { Concept } from "./concepts.js";

export const STANCES: readonly Concept[] = [
  {
    id: "positive",
    ko:
      "편하|편해|편했|편리|편안|쾌적|빠르네|빠르다|빠르고|빨라요|빨랐|빠른 배송|빠른 답변|빠른 처리|빠른 대응|칼배송|" +
      "친절|상냥|다정|세심|꼼꼼하시|꼼꼼하게 챙|꼼꼼하네|섬세|정성|만족|대만족|" +
      "좋았|좋네|좋아요|좋습니다|좋더라|좋다|좋고|좋은 서비스|너무 좋|진짜 좋|정말 좋|완전 좋|개좋|" +
      "기분 좋|기분이 좋|보기 좋|쓰기 편|사용하기 편|" +
      "최고예요|최고다|최고네|최고의|최고입니다|감동|든든|살았다|살았어요|살았습니다|다행|" +
      "쓰길 잘했|잘 샀|잘했어요|잘해 주셨|잘해 주셔서|추천합니다|추천해요|추천드|추천함|강추|강력 추천|" +
      "깔끔|센스|훌륭|대단하|믿음직|믿을 수 있|믿고 쓰|안심하고|안심돼|안심됐|" +
      "짱이에요|짱입니다|짱짱|대박|존맛|맛있|개꿀|갓성비|개이득|굿굿|나이스|엄지척|" +
      "멋지|멋있|예쁘|마음에 들|맘에 들|맘에 쏙|완벽|만점|프로페셔널|칭찬|사랑해요|사랑합니다|" +
      "행복|기쁘|기뻐|뿌듯|신나|재밌|재미있|유익|유용|쉬워|쉽네|쉽고|간편하|간편해|직관적|매끄럽|문제없|잘 되네|기대 이상|" +
      "아깝지 않|아깝지않|후회 없|후회없|나무랄 데|흠잡을 데|손색없|손색이 없|" +
      // Laughing with the crew, better than expected, coming back: praise without a praise word.
      "유머 감각|유머감각|재치|생각보다 괜찮|생각보다 좋|생각보다 훨씬|" +
      "믿고 타|믿고 탑|믿고 이용|믿고 주문|믿고 삽|믿고 사|또 이용할|또 이용하고 싶|다음에도 이용|앞으로도 이용|계속 이용할|또 탈게|또 타고 싶|다음에도 탈|다음에 또 탈|또 올게|또 주문할|또 시킬게|재구매|단골 될",
    koShort: "굿|짱",
    en:
      "great|nice|excellent|amazing|awesome|fantastic|wonderful|brilliant|superb|outstanding|terrific|marvelous|marvellous|phenomenal|" +
      "incredible|perfect|perfectly|flawless|seamless|painless|hassle free|stress free|smooth|smoothly|convenient|" +
      "so good|very good|really good|pretty good|good job|good work|good service|good experience|well done|top notch|" +
      "easy to use|easy to read|so easy|super easy|really easy|so fast|super fast|fast delivery|fast service|" +
      "so quick|quick response|quick reply|speedy|promptly|efficient|reliable|intuitive|user friendly|" +
      "friendly|polite|courteous|so kind|very kind|kindness|helpful|attentive|so patient|professional|caring|" +
      "thoughtful|satisfied|impressed|impressive|highly recommend|would recommend|worth it|" +
      "you re the best|youre the best|you are the best|simply the best|best ever|best service|best experience|love|lovely|relieved|what a relief|never going back|" +
      "very happy|so happy|super happy|really happy|pleased|delighted|thrilled|blown away|game changer|exceeded my expectations|" +
      "pleasantly surprised|thumbs up|big fan|bravo|yay|nailed it|you rock|" +
      "like a charm|spot on|in no time|pleasant|enjoyable|comfortable|delicious|tasty|yummy|" +
      "never let me down|never lets me down|never let us down|never disappoints|always on time|right on time|ahead of schedule|" +
      "earlier than expected|sooner than expected|faster than expected|quicker than expected|piping hot|" +
      "no complaints|zero complaints|can t complain|without any hassle|without a hitch|no hassle|" +
      "would fly again|would order again|would buy again|would use again|will fly again|will order again|will be back|legit good|was good|were good",
  },
  {
    id: "gratitude",
    ko:
      "감사|고맙|고마워|고마운|고마웠|고마움|고마우|덕분|덕택|덕에|복 받으|은인|은혜|노고|수고하셨|수고하세요|수고하십|수고하시는|수고 많으|수고해 주|" +
      "고생하셨|고생 많으|고생하시는|애쓰셨|애쓰신|애쓰시는|애써 주|배려해 주|헌신|땡큐|땡스|쌩큐|쌩유|땡유|생큐|감솨|캄사|깜사|" +
      "신세졌|신세 많이|큰 도움|도움이 됐|도움이 되었|도움이 많이|도움 주셔서|도움 주신|힘이 됐|힘이 되었|천사|축복|행운을 빌|" +
      "건강하세요|번창하세요|흥하세요|흥해라|응원|화이팅|파이팅|힘내세요|감격|몸 둘 바|존경|리스펙|박수|인사드|보답|잊지 않겠|잊지 못|못 잊을|못 잊어|잊을 수 없|평생 기억|고개 숙여|무한 감사",
    en:
      "thank|thanks|thank you|thankyou|thank u|thanku|thanx|thnx|thnks|thx|tnx|tks|ty|tysm|tyvm|tyty|thankful|grateful|gratefully|gratitude|" +
      "appreciate|appreciation|appreciative|much appreciated|greatly appreciated|bless|god bless|kudos|shout out|shoutout|props|cheers|cheers mate|" +
      "hats off|hat tip|owe you one|owe you guys|owe you big|indebted|obliged|much obliged|lifesaver|life saver|saved my life|saved the day|saved my day|" +
      "saved me|saved my bacon|hero|angel|godsend|legend|rockstar|rock star|mvp|big up|much respect|salute|merci|gracias|danke|grazie|obrigado|" +
      "arigato|arigatou|kamsahamnida|gamsahamnida|gomawo|gomapseumnida|you re a star|youre a star|sending love|much love",
  },
  {
    id: "resolved",
    ko:
      "해결됐|해결되었|해결됨|해결돼서|해결이 됐|해결해 주셨|해결해 주셔서|해결해 줘서|해결해 주신|해결했|해결 완료|해결 잘 됐|해결 잘 해 주셔서|" +
      "처리해 주셨|처리해 주셔서|처리해 줘서|처리됐|처리되었|처리 완료|바로 처리해 주셨|바로 처리해 주셔서|바로 처리됐|신속하게 처리해 주셔서|신속하게 처리해 주셨|빠르게 처리해 주셔서|빠르게 처리해 주셨|잘 처리됐|잘 처리해 주셔서|잘 해결됐|잘 해결해 주셔서|" +
      "도와주셔서|도와주셨|도와줘서|도움 받았|챙겨주셔서|챙겨주셨|챙겨줘서|잡아주셔서|잡아주셨|찾아주셨|찾아주셔서|찾아줘서|되찾았|" +
      "돌려받았|돌려주셨|돌려주셔서|환불받았|환불됐|환불되었|환불 처리됐|보상받았|보상해 주셨|보상해 주셔서|" +
      "복구됐|복구되었|복구해 주셨|복구해 주셔서|복구 완료|고쳐주셨|고쳐주셔서|고쳐줘서|고쳐졌|수리 완료|수리됐|" +
      "교환해 주셨|교환해 주셔서|교환받았|교체해 주셨|교체해 주셔서|다시 보내주셨|정상화됐|정상화되었|정상으로 돌아|다시 잘 되|다시 되네|다시 돼요|" +
      "이제 잘 되|이제 잘 돼|이제 돼요|이제 됩니다|이제 되네|개통됐|개통 완료|풀어 주셨|풀어주셔서|해제됐|마무리됐|" +
      "조치해 주셨|조치해 주셔서|조치됐|대응해 주셔서|대응해 주셨|응대해 주셔서|안내해 주셔서|안내해 주셨|알려주셔서|알려주셨|설명해 주셔서|설명해 주셨|" +
      "방문해 주셔서|와 주셔서|드디어 해결|드디어 받았|드디어 왔|드디어 됐|드디어 찾았|결국 해결|무사히|바로잡아 주셨|바로잡아 주셔서|방법을 찾아 주셨|방법을 찾아 주셔서",
    en:
      "resolved|solved|problem solved|issue resolved|sorted out|all sorted|got it sorted|sorted it|sorted me out|sorted now|fixed it|fixed the issue|" +
      "fixed the problem|got fixed|got it fixed|been fixed|all fixed|fixed now|fixed quickly|took care of|taken care of|walked me through|talked me through|" +
      "above and beyond|got it back|got my money back|got refunded|refunded|refunded quickly|reimbursed|credited back|compensated|replaced it|sent a replacement|" +
      "sent me a new|restored|recovered|reinstated|reconnected|up and running|working again|works again|back to normal|all good now|handled it|" +
      "handled quickly|helped me out|helped me|found my|found it|tracked down|located my|came through|made it right|made things right|" +
      "put things right|made up for it|rectified|corrected|waived|rebooked|rerouted|got me on|squeezed me in|found a solution|found a fix|cleared up|" +
      "straightened out|had us on|got us on|put us on|ironed out|figured it out|figured out|worked it out|no issues since|case closed|on it right away|reissued|upgraded us|upgraded me",
  },
];
