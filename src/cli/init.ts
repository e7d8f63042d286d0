/**
 * `sincerely init DIR [--lang ko,en]`: a small pack that validates and explains itself in comments,
 * for a team starting its own (see README "Start your own pack").
 */
import { existsSync, mkdirSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { cliCommand, UsageError } from "./common.js";

export const initHelp = `sincerely init DIR [--lang ko,en]
Writes a small pack into DIR (which must not exist or be empty): intents/ (settings, departments, one
intent and unknown), replies/ and tests/, each file explaining itself in comments, and prints the
commands to run next (validate, eval --cv 5, classify), spelled for the folder you are in.
--lang  the languages your customers write in (ko, en or both; default ko,en): the examples and test
        sentences are written in them. Reply files always have ko and en replies.`;

type Lang = "ko" | "en";

const pick = <T>(langs: Lang[], byLang: Record<Lang, T[]>): T[] => langs.flatMap((l) => byLang[l]);
const list = (items: string[], indent: string) =>
  items.map((s) => `${indent}- ${JSON.stringify(s)}`).join("\n");

function settingsFile(): string {
  return `# Pack-wide settings. Every key is optional; this file may even be empty.
#
# threshold: below this confidence a mention is \`unknown\` and a person decides. Left out (as here),
# the classifier chooses it by 5-fold cross-validation on your examples each time it trains, and
# \`sincerely eval --cv 5\` prints the choice. Write a number (e.g. 0.3) to fix it yourself.
# threshold: 0.3
#
# ambiguity_threshold: when the two best intents are closer than this, the card shows both.
ambiguity_threshold: 0.1
#
# fallback_intent: the intent for mentions nothing else fits; it has its own file (unknown.yaml)
# with examples of chit-chat, greetings and spam, and gets no draft.
fallback_intent: unknown
#
# own_handles: your company's accounts, so that "@yourbrand where is my order" is read as addressed
# to you. X or Instagram names, with or without the @. A mention that tags only another company's handle leans to \`unknown\`.
own_handles: []
#
# other_handles: other companies' accounts your customers tag when they write to *them* (a rival, an
# airport, a partner), for the ones the classifier does not know already (it knows the big airlines,
# telecoms, couriers, shops, banks, game publishers and platforms). A mention that tags only one of
# them leans to \`unknown\`. With or without the @.
# other_handles: [incheonairport, united]
#
# Also optional, with their defaults (the README says what each does):
# situation_threshold: 0.3    # below this relevance a draft comes from the \`general\` situation
# alternative_margin: 0.25    # other situations this close are offered as alternative drafts
# default_surge: { minCount: 15, windowMinutes: 60, rateMultiplier: 3 }   # when a surge alert fires
`;
}

function departmentsFile(): string {
  return `# Who handles what. Every intent routes to one department (its \`department:\` field), and replies
# can name it with {department}, {hotline} and {hours}.
#
# These two are SAMPLES: replace names, numbers and hours with your own teams before going live,
# then point each intent's \`department:\` at the right one. An id is kebab-case and never shown
# to customers; renaming one means updating the intents that use it (validate lists them).
departments:
  - id: customer-care
    name: { ko: 고객센터, en: Customer Care }
    hotline: 1588-0000
    hours: { ko: "평일 09:00~18:00", en: "weekdays 9am-6pm" }
    # slack_channel: C0123456   # optional: where escalations of its cases go
  - id: social-care
    name: { ko: 소셜 고객지원팀, en: Social Care Team }
    hotline: 1588-0001
    hours: { ko: "매일 08:00~22:00", en: "daily 8am-10pm" }
`;
}

function intentFile(langs: Lang[]): string {
  const examples = pick(langs, {
    ko: [
      "주문한 지 일주일인데 아직 배송이 안 왔어요",
      "택배 언제 와요? 송장 조회가 안 돼요",
      "배송 예정일이 지났는데 연락이 없네요",
      "오늘 도착이라더니 아직 출고도 안 됐대요",
      "주문 상태가 계속 '준비 중'이에요",
      "선물로 보낸 건데 받는 사람이 아직 못 받았대요",
    ],
    en: [
      "My order was supposed to arrive yesterday, where is it?",
      "Tracking hasn't updated in 5 days",
      "It's been two weeks and my package still hasn't shipped",
      "When will my order actually get here?",
      "The courier says delivered but nothing is at my door",
      "Ordered a gift for Friday and it's still not here",
    ],
  });
  return `# One intent: what a mention is about and what the customer wants. The file name is its id.
id: delivery-delay
# title: shown on cards and in the console.
title: { ko: 배송 지연, en: Delivery delay }
# description: what belongs here, in a sentence or two. The classifier learns from it too (and from
# the title and keywords), so name the things customers mention. A sentence that contains "not"
# (in any case), "→", 아님, 아닌 or 제외, or names another intent's id, says what does not belong
# and is not learned as this intent.
description: >-
  The order or parcel is late, has not shipped, tracking does not move, or it shows delivered but
  never arrived; the customer asks where it is or when it comes. Not here: asking for a refund.
# department: an id from departments.yaml.
department: customer-care
# urgency: low, normal or high: how soon a person should look at it.
urgency: normal
# keywords: words that point at this intent on their own; weight 1 is a cue, 3 is decisive. Hangul
# keywords match inside words (배송 matches 배송이); English ones match whole words and inflections.
keywords:
  - { term: 배송, weight: 2 }
  - { term: 택배, weight: 2 }
  - { term: delivery, weight: 2 }
  - { term: tracking, weight: 2 }
# examples: real mentions, as customers write them. Aim for 12 or more, varied: short and long,
# polite and angry, with and without typos, different things asked (where, when, why). Copying
# one sentence with small changes teaches less than two different ones.
examples:
${list(examples, "  ")}
# negative_examples (optional): mentions that look like this intent but are not; the classifier is
# pushed away from them.
# negative_examples:
#   - "배송비 환불해 주세요"
`;
}

function unknownFile(langs: Lang[]): string {
  const examples = pick(langs, {
    ko: ["안녕하세요", "ㅋㅋㅋㅋ", "불금이다!!", "점심 뭐 먹지", "맞팔해요~", "부업으로 월 300 버는 법"],
    en: ["good morning!", "lol", "happy friday everyone", "follow back pls", "what's for lunch", "test"],
  });
  return `# The fallback intent (settings.yaml \`fallback_intent\`): mentions that need no answer, such as
# greetings, chit-chat, jokes and spam. Its examples teach the classifier what those look like;
# mentions below the confidence threshold also land here. It gets no reply file and no draft; its
# department is the team that looks at those cases (a person still decides: dismiss or reclassify).
id: unknown
title: { ko: 기타, en: Other }
description: Nothing to answer - greetings, chit-chat, jokes, spam, topics unrelated to the company.
department: social-care
urgency: low
examples:
${list(examples, "  ")}
`;
}

function repliesFile(): string {
  return `# Replies for delivery-delay, grouped by situation. A draft is one reply of the situation that
# fits the mention best, filled in: {handle} the customer, {department} {hotline} {hours} from the
# intent's department. Every reply must say what happens next, who does it or where to look (not
# only sorry), and fit one X post (280 weighted characters) - validate checks both.
intent: delivery-delay
situations:
  # general: REQUIRED in every reply file; replies that fit any mention of the intent.
  - id: general
    ko:
      - "{handle} 기다리시게 해 죄송합니다. 주문번호를 DM으로 보내 주시면 {department}에서 배송 위치를 확인해 오늘 안에 알려 드릴게요. 급하시면 {hotline}({hours})."
    en:
      - "{handle} Sorry for the wait. DM us your order number and the {department} will check where the parcel is and get back to you today, or call {hotline} ({hours})."
  # Another situation: chosen when the mention matches its \`when:\` keywords or resembles its
  # examples. Its title is shown on the card. Give it many ways in: customers rarely use your words,
  # and a situation with two examples and a few keywords sends most of its mentions to \`general\`.
  # Aim for 8-15 keywords (stems that survive verb endings, such as 못 받 for 못 받았어요 and 못 받음;
  # slang; English) and 3-5 examples written differently.
  - id: marked-delivered
    title: { ko: 배송 완료인데 못 받음, en: "Marked delivered, not received" }
    when:
      keywords: [배송 완료, 배송완료, 받지 못, 못 받, 문 앞에 없, 없어졌, 도난, 분실, 다른 집, 오배송, delivered, not received, never got, never arrived, stolen, wrong address, not at my door]
      examples:
        - "배송 완료라고 뜨는데 물건이 없어요"
        - "It says delivered but I never got it"
        - "완료 문자 왔는데 경비실에도 없고 집 앞에도 없음 ㅠㅠ"
        - "사진에 찍힌 현관이 우리 집이 아니에요"
        - "Tracking says left at front door, nothing there, I think someone took it"
    ko:
      - "{handle} 배송 완료로 나오는데 못 받으셨다니 걱정되시죠. 주문번호를 DM으로 주시면 {department}에서 기사님 배송 기록을 확인하고 재발송이나 환불을 안내해 드릴게요."
    en:
      - "{handle} Sorry it shows delivered without reaching you. DM us the order number and the {department} will check the courier's record and arrange a resend or refund."
# Optional, for the whole intent (uncomment to use):
# While staff have set a live status line (an outage, a storm), the with_status replies are used
# instead; they must use {status} (the line as written) and {asOf} (its time).
# with_status:
#   ko: ["{handle} {asOf} 기준 {status}. 주문번호를 DM으로 주시면 {department}에서 확인해 드릴게요."]
#   en: ["{handle} As of {asOf}: {status}. DM us your order number and the {department} will check it."]
# While an approved official notice exists, the with_notice replies are used; they need {noticeUrl}.
# with_notice:
#   ko: ["{handle} 배송 지연 안내를 {noticeUrl} 에 올렸습니다. 개별 주문은 {department}({hotline})에서 확인해 드려요."]
#   en: ["{handle} Our delivery update is at {noticeUrl}. For your order, the {department} is at {hotline}."]
# notice: the official notice a person can post during a surge of these mentions; {status} and
# {asOf} are filled in from the live status line.
notice:
  ko: "[배송 안내] {asOf} 기준 {status}. 개별 주문은 {department}({hotline}, {hours})에서 확인해 드립니다."
  en: "[Delivery update] As of {asOf}: {status}. For your order, contact the {department} at {hotline} ({hours})."
`;
}

function testsFile(langs: Lang[], intent: string): string {
  const sentences =
    intent === "unknown"
      ? pick(langs, { ko: ["오늘 날씨 좋다"], en: ["anyone watching the game tonight?"] })
      : pick(langs, {
          ko: ["3일째 송장번호가 안 바뀌어요", "배송 완료라는데 문 앞에 아무것도 없어요"],
          en: ["Where is my parcel? It's a week late"],
        });
  return `# Test sentences for ${intent}: written apart from the examples (never copies of them), so that
# \`sincerely eval --sentences --pack DIR\` shows how the pack does on mentions it has not seen.
# A sentence may name the situation its draft should come from: { text: "...", situation: id }.
intent: ${intent}
sentences:
${list(sentences, "  ")}
`;
}

export async function runInit(args: string[]): Promise<number> {
  const { values, positionals } = parseInitArgs(args);
  if (values.help) {
    console.log(initHelp);
    return 0;
  }
  const dir = positionals[0];
  if (!dir || positionals.length > 1)
    throw new UsageError("init needs one folder: sincerely init DIR [--lang ko,en]");
  const langs = (values.lang ?? "ko,en").split(",").map((l) => l.trim());
  const unknown = langs.filter((l) => l !== "ko" && l !== "en");
  if (unknown.length > 0 || langs.length === 0)
    throw new UsageError(`--lang takes ko, en or ko,en; got ${values.lang}`);
  if (existsSync(dir) && readdirSync(dir).length > 0)
    throw new UsageError(`${dir} is not empty; init writes a new pack into a new or empty folder`);

  const chosen = [...new Set(langs)] as Lang[];
  const files: Record<string, string> = {
    "intents/settings.yaml": settingsFile(),
    "intents/departments.yaml": departmentsFile(),
    "intents/delivery-delay.yaml": intentFile(chosen),
    "intents/unknown.yaml": unknownFile(chosen),
    "replies/delivery-delay.yaml": repliesFile(),
    "tests/delivery-delay.yaml": testsFile(chosen, "delivery-delay"),
    "tests/unknown.yaml": testsFile(chosen, "unknown"),
  };
  for (const [path, text] of Object.entries(files)) {
    const full = join(dir, path);
    mkdirSync(join(full, ".."), { recursive: true });
    writeFileSync(full, text);
  }
  const cli = cliCommand();
  console.log(
    [
      `Wrote a small pack to ${dir}/ (${Object.keys(files).length} files). Next:`,
      `  ${cli} validate --pack ${dir}`,
      `  ${cli} eval --cv 5 --pack ${dir}`,
      `  echo "택배가 일주일째 안 와요" | ${cli} classify --pack ${dir}`,
      `Then add your own intents (one file each in intents/ and replies/), 12-15 examples each, and run`,
      `  ${cli} eval --few-shot 8 --pack ${dir}`,
      "(trains on 8 examples of each intent, tests on the rest: N must be below your smallest intent's count).",
      `eval and classify keep the trained model in ${process.env.DATA_DIR || "./data"}/cache (DATA_DIR); --no-cache skips it.`,
      'See README "Start your own pack".',
    ].join("\n"),
  );
  return 0;
}

function parseInitArgs(args: string[]) {
  try {
    return parseArgs({
      args,
      options: { lang: { type: "string" }, help: { type: "boolean", short: "h" } },
      allowPositionals: true,
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
