/**
 * The sincerity check, table-driven. The lessons come from the seed documents (shared/seeds/003 and
 * the SKT/KT cases): "sorry / we know / we are checking / we will pass it on" from a messenger is not
 * a reply; a sincere one says what happens next together with who, where or when.
 */
import { describe, expect, it } from "vitest";
import { checkSincerity, SINCERITY_MESSAGES, sincerityMessages } from "../../src/core/sincerity.js";
import type { Department } from "../../src/core/types.js";

const departments: Department[] = [
  {
    id: "social",
    name: { ko: "소셜 케어팀", en: "Social Care Team" },
    hotline: "080-000-0800",
    hours: { ko: "매일 08:00~24:00", en: "daily 8am-midnight" },
  },
  {
    id: "billing",
    name: { ko: "요금 상담센터", en: "Billing Center" },
    hotline: "080-000-0114",
    hours: { ko: "평일 09:00~18:00", en: "weekdays 9am-6pm" },
  },
];

const INSINCERE = [
  // The two that passed the old check.
  "정말 죄송합니다. 소셜 케어팀도 알고 있어요",
  "죄송합니다 114번째 고객님",
  "불편을 드려 죄송합니다. 확인 중입니다.",
  "고객님 말씀 잘 알고 있습니다. 죄송합니다.",
  "소중한 의견 관련 부서에 전달하겠습니다.",
  "요금 상담센터에 전달했습니다. 감사합니다.",
  "심려를 끼쳐 드려 대단히 죄송합니다.",
  "현재 원인을 확인하고 있습니다. 양해 부탁드립니다.",
  "최선을 다하겠습니다. 죄송합니다 ㅠㅠ",
  "소셜 케어팀입니다. 불편하셨다니 유감입니다.",
  "기다리게 해 드려 죄송합니다. 요금 상담센터",
  "빠르게 처리될 수 있도록 노력하겠습니다.",
  "Sorry! We are checking.",
  "We're looking into it. Thanks for your patience.",
  "We're aware of the issue and apologise for the inconvenience.",
  "Sorry about that, the Social Care Team knows.",
  "We'll pass this on to the relevant team.",
  "Your feedback has been forwarded. Thank you!",
  "We are investigating. Please bear with us.",
  "So sorry to hear that 😢",
  "Your call is important to us. Billing Center",
  "We know, and we're sorry. We'll do our best.",
  "We'll let the team know. Sorry!",
  "Sorry, the app shows the error for everyone. Billing Center",
  // Thanks and apologies "given" (드립니다) are no step.
  "진심으로 사과를 드립니다. 고객센터",
  "소중한 의견 감사 드립니다. 고객센터 양해 부탁 드립니다.",
  "감사의 말씀을 드립니다. 고객센터",
];

const SINCERE = [
  "죄송합니다. 080-000-0100으로 전화 주시면 바로 확인해 드릴게요.",
  "불편 드려 죄송합니다. 강남역 일대 기지국을 네트워크 관제센터에서 점검하고, 복구 예상 시각을 오늘 18시까지 이 답글로 알려 드리겠습니다.",
  "주문번호 2024-1234 건은 배송·개통 지원팀에서 출고 단계를 확인해 내일 오전까지 연락드리겠습니다.",
  "테더링 데이터는 요금제 기본 제공량에서 차감됩니다. 남은 양은 앱 '사용량 조회'에서 보실 수 있어요.",
  "해지 시 위약금은 앱 '요금 조회 > 예상 위약금'에서 오늘 기준 금액을 확인하실 수 있어요.",
  "이중 결제된 3만원은 요금 상담센터에서 환불해 드리고, 입금은 3영업일 안에 됩니다.",
  "12월 1일 13:30 기준 1차 물량 출고를 마쳤습니다. 개별 주문은 080-000-0200에서 확인해 드립니다.",
  "KT는 문자 링크로 인증을 요구하지 않습니다. 받으신 문자는 118로 신고해 주세요.",
  "당첨자는 이벤트 종료 후 공지와 DM으로 알려 드려요. 일정은 이벤트 게시물에서 보실 수 있어요.",
  "칭찬은 소셜 케어팀 일일 보고에 담아 오늘 담당 직원에게 전해 드립니다.",
  "기다리지 않으시도록 고객센터에서 편하신 시간에 먼저 전화 드리겠습니다.",
  "설정 > 모바일 네트워크 > APN을 초기화해 보시고, 안 되면 080-000-0300으로 연락 주세요.",
  "Sorry — the Billing Center will call you back today.",
  "Call 080-000-0800 (daily 8am-midnight) and the Social Care Team will rebook the visit.",
  "Your refund of $45 has been processed; it reaches your card within 3 business days.",
  "You can see every line of your bill in the app under 'Billing > Details'.",
  "Sorry for the wait. The Delivery Desk will look up order 2024-1234 and tell you when it ships.",
  "As of Dec 1, 13:30: first shipments are out. For your own order, call 080-000-0200.",
  "KT never asks you to verify through a text link. Report it to 118, or call us on 080-000-0800.",
  "Unplug the router for 30 seconds; if it still fails, call 080-000-1472 and we'll book a line check.",
  "Winners are announced in a post on this account and by DM after the event ends.",
  "We've posted the shipping order and dates here: https://example.com/notice/7",
  // Steps a new pack wrote and the check once refused (answering, publishing, updating a notice).
  "소셜 케어팀에서 오늘 중 답변드리겠습니다.",
  "점검 일정은 운영팀이 오늘 18시까지 공지에 업데이트하겠습니다.",
  "The Social Care Team will publish the changes at https://example.com/notes by Friday.",
  "Status is at https://example.com/status and the Social Care Team updates the notice every hour.",
  "The Billing Center will let you know by 6pm today.",
  "Once you send the form, the Billing Center processes it within 3 business days and texts you.",
  "소셜 케어팀에서 오늘 중 칭찬 게시판에 올리겠습니다.",
  "The Billing Center will review the charge today and DM you the result.",
  // Where to look, said in the passive (a newcomer's airline pack wrote these).
  "Sorry for the delay. Your new departure time is shown in the app under 'My trips'.",
  "Your points balance appears in the app under 'Dalbit Points'.",
  // Steps another newcomer's pack wrote (reserving, offering, crediting, prepaying).
  "The Special Assistance Desk will reserve a wheelchair for you at the gate.",
  "The Baggage Desk will offer a repair or compensation within 7 days.",
  "Missing miles? The Miles Desk credits them within 7 days of your claim.",
  "The Special Assistance Desk reserves bassinet seats on 1600-7700.",
  "Extra baggage can be prepaid in the app up to 3 hours before departure.",
  "The app shows your refund amount under My Trips.",
  "The Rules Desk explains the rules on 1599-0000.",
  "Conditions and perks are under My Page > Members in the app.",
  "식사 쿠폰은 탑승구에서 고객센터 직원이 나눠 드립니다.",
  "카운터에서 직원이 탑승권을 확인하고 바로 드립니다. 고객센터",
  "당첨자는 공지에 발표하고, 개별 DM을 드립니다.",
  "말씀하신 내용은 게시판에 올려 모든 직원이 볼 수 있게 하겠습니다.",
  "예약 내역은 앱 '예약 조회'에 표시돼요.",
  "Gate changes are updated every 10 minutes in the app.",
];

describe("the sincerity check", () => {
  it("has at least 20 of each, in both languages", () => {
    const korean = (t: string) => /[가-힣]/.test(t);
    expect(INSINCERE.length).toBeGreaterThanOrEqual(20);
    expect(SINCERE.length).toBeGreaterThanOrEqual(20);
    for (const table of [INSINCERE, SINCERE]) {
      expect(table.filter(korean).length).toBeGreaterThanOrEqual(8);
      expect(table.filter((t) => !korean(t)).length).toBeGreaterThanOrEqual(8);
    }
  });

  it.each(INSINCERE)("refuses %s", (text) => {
    const check = checkSincerity(text, departments);
    expect(check.ok).toBe(false);
    expect(check.problems.length).toBeGreaterThan(0);
  });

  it.each(SINCERE)("accepts %s", (text) => {
    const check = checkSincerity(text, departments);
    expect(check.problems).toEqual([]);
    expect(check.nextSteps.length).toBeGreaterThan(0);
    expect(check.anchors.length).toBeGreaterThan(0);
  });

  it("a team named only in 'we know' is neither a step nor an anchor", () => {
    const check = checkSincerity("정말 죄송합니다. 소셜 케어팀도 알고 있어요", departments);
    expect(check.problems).toEqual(["no-next-step"]);
    // Once the team says what it does, the same team counts.
    expect(checkSincerity("소셜 케어팀에서 오늘 18시까지 연락드리겠습니다.", departments).ok).toBe(true);
  });

  it("'114번째' is not the 114 hotline", () => {
    expect(checkSincerity("죄송합니다 114번째 고객님", departments).anchors).not.toContain("hotline");
    expect(checkSincerity("114로 전화 주세요", departments).anchors).toContain("hotline");
  });

  it("explains a refusal in the user's language", () => {
    const check = checkSincerity("확인 중입니다.", departments);
    expect(sincerityMessages(check, "ko")).toEqual([
      SINCERITY_MESSAGES.ko["no-next-step"],
      SINCERITY_MESSAGES.ko["no-anchor"],
    ]);
    expect(sincerityMessages(check, "en")[0]).toMatch(/Say what happens next/);
    expect(sincerityMessages(check, "ko")[0]).toMatch(/다음에 무엇을 하는지/);
  });
});
