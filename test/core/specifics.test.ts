/** What each extractor understands (README "Customer specifics" lists the same). */
import { describe, expect, it } from "vitest";
import { extractSpecifics } from "../../src/core/specifics.js";

describe("extractSpecifics", () => {
  it.each([
    ["강남역 근처 지금 LTE 완전 먹통이에요", { place: "강남역" }],
    ["2호선 타면 통화가 끊겨요", { place: "2호선" }],
    ["부산 해운대구 쪽 인터넷 안 돼요", { place: "부산 해운대구" }],
    ["No signal at Gangnam Station since noon", { place: "Gangnam Station" }],
    ["Is KT down in Busan right now?", { place: "Busan" }],
    ["아이폰4 씁니다 통화가 뚝뚝", { device: "아이폰4" }],
    ["갤럭시 S24 울트라 배송 언제요", { device: "갤럭시 S24 울트라" }],
    ["my Galaxy S24 won't activate", { device: "Galaxy S24" }],
    ["iPhone 15 Pro preorder is late", { device: "iPhone 15 Pro" }],
    ["아이폰 예약했는데 2주째 배송이 안 와요", { wait: "2주째" }],
    ["번호이동 사흘째 처리중", { wait: "사흘째" }],
    ["대기만 40분째", { wait: "40분째" }],
    ["출발이 두 시간 늦어진대요", { wait: "두 시간" }],
    ["waited for 3 hours at the shop", { wait: "for 3 hours" }],
    ["12월 3일에 설치 예약했는데", { date: "12월 3일" }],
    ["shipping was due last Monday", { date: "last Monday" }],
    ["주문번호 2024-12345 확인 부탁", { orderNumber: "2024-12345" }],
    ["order #A12345 hasn't shipped", { orderNumber: "A12345" }],
    ["예약번호 K7X2QP 영문 이름 철자가 틀렸어요", { orderNumber: "K7X2QP" }],
    ["my booking ref is QXTZPA, can I change the date?", { orderNumber: "QXTZPA" }],
    ["PNR: 5HJ2KD seat change please", { orderNumber: "5HJ2KD" }],
    ["접수번호 778812 수리 언제 끝나요", { ticketNumber: "778812" }],
    ["KE123편 결항이래요", { flightNumber: "KE123" }],
    ["flight OZ 541 delayed", { flightNumber: "OZ541" }],
    // Any airline's code: after a label, before 편, or two capitals and digits alone.
    ["편명 SB621 몇 시 출발이에요", { flightNumber: "SB621" }],
    ["is flight HB 402 on time?", { flightNumber: "HB402" }],
    ["sb621편 지연이래요", { flightNumber: "SB621" }],
    ["PA3021 still boarding?", { flightNumber: "PA3021" }],
    ["HJ 623 지연인가요", { flightNumber: "HJ623" }],
    ["요금이 3만원 더 나왔어요", { amount: "3만원" }],
    ["3만9천원 결제했는데 취소됐어요", { amount: "3만9천원" }],
    ["위약금이 1억 2천만원이래요", { amount: "1억 2천만원" }],
    ["33,000원이 두 번 빠져나감", { amount: "33,000원" }],
    ["charged $45 twice", { amount: "$45" }],
  ])("%s", (text, expected) => {
    expect(extractSpecifics(text)).toMatchObject(expected);
  });

  it("reads no flight number from a plain word and a number", () => {
    expect(extractSpecifics("flight to 621 destinations").flightNumber).toBeUndefined();
    expect(extractSpecifics("갤럭시 S24 울트라 개통").flightNumber).toBeUndefined();
    expect(extractSpecifics("the flight at 6 was fine").flightNumber).toBeUndefined();
  });

  it("finds nothing where there is nothing", () => {
    expect(extractSpecifics("요금제 문의드려요")).toEqual({});
    expect(extractSpecifics("thanks for the help!")).toEqual({});
  });

  it("does not read the word after a booking label as a booking reference", () => {
    expect(extractSpecifics("booking number please, I lost it").orderNumber).toBeUndefined();
    expect(extractSpecifics("예약번호 어디서 확인해요").orderNumber).toBeUndefined();
  });

  it("does not read a number ordinal or a plain word as a specific", () => {
    const s = extractSpecifics("114번째 문의인데 번호이동 가능해요?");
    expect(s.place).toBeUndefined();
    expect(s.orderNumber).toBeUndefined();
  });
});
