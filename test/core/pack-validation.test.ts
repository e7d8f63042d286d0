import { describe, expect, it } from "vitest";
import { buildPack, type PackSources } from "../../src/core/pack.js";
import { formatProblem } from "../../src/core/problems.js";

const departments = `departments:
  - id: care
    name: { ko: 고객센터, en: Customer Center }
    hotline: 080-000-0100
    hours: { ko: "24시간", en: "24 hours" }
`;

const intent = (id: string, examples: string[], extra = "") => `id: ${id}
title: { ko: 제목, en: Title }
description: What belongs here.
department: care
examples:
${examples.map((e) => `  - "${e}"`).join("\n")}
${extra}`;

const replies = (id: string, ko = `"{handle} {department:으로/로} 연락 주세요: {hotline}"`) => `intent: ${id}
ko:
  default:
    - ${ko}
en:
  default:
    - "{handle} please call {department} at {hotline} ({hours})."
notice:
  ko: "{asOf} 기준 {status}. 문의 {hotline}"
  en: "As of {asOf}: {status}. Call {hotline}"
`;

function sources(
  overrides: {
    intents?: Record<string, string>;
    replies?: Record<string, string>;
    tests?: Record<string, string>;
  } = {},
): PackSources {
  const intents = {
    "departments.yaml": departments,
    "praise.yaml": intent("praise", ["thank you so much", "고마워요"]),
    "refund.yaml": intent("refund", ["give me my money back", "환불해 주세요"]),
    ...overrides.intents,
  };
  const reply = { "praise.yaml": replies("praise"), "refund.yaml": replies("refund"), ...overrides.replies };
  return {
    intents: Object.entries(intents).map(([name, text]) => ({ path: `intents/${name}`, text })),
    replies: Object.entries(reply).map(([name, text]) => ({ path: `replies/${name}`, text })),
    tests: Object.entries(overrides.tests ?? {}).map(([name, text]) => ({
      path: `test/intents/${name}`,
      text,
    })),
  };
}

const errors = (s: PackSources) =>
  buildPack(s)
    .problems.filter((p) => p.severity === "error")
    .map(formatProblem);

describe("a valid pack", () => {
  it("builds with its intents, replies and departments", () => {
    const build = buildPack(sources());
    expect(build.problems.filter((p) => p.severity === "error")).toEqual([]);
    expect(build.pack?.intents.map((i) => i.id)).toEqual(["praise", "refund"]);
    expect(build.pack?.replies.get("refund")?.situations[0]?.replies.en).toHaveLength(1);
  });
});

describe("schema errors point at the file, line and field", () => {
  it("names a non-string example by its index and line", () => {
    const text = intent("praise", ["thanks"]).replace('  - "thanks"', '  - "thanks"\n  - 3\n  - [a, b]');
    expect(errors(sources({ intents: { "praise.yaml": text } }))).toMatchInlineSnapshot(`
      [
        "intents/praise.yaml:7: examples[1]: Invalid input: expected string, received number",
        "intents/praise.yaml:8: examples[2]: Invalid input: expected string, received array",
      ]
    `);
  });

  it("names a missing field and an unknown one", () => {
    const text = intent("praise", ["thanks"]).replace("department: care\n", "departmnt: care\n");
    expect(errors(sources({ intents: { "praise.yaml": text } }))).toMatchInlineSnapshot(`
      [
        "intents/praise.yaml:1: department: is missing (expected string)",
        "intents/praise.yaml:1: unknown field 'departmnt'",
      ]
    `);
  });

  it("says a comma inside { … } split a title, and only then", () => {
    const split = intent("praise", ["thanks"]).replace(
      "title: { ko: 제목, en: Title }",
      "title: { ko: 칭찬, en: Thanks, praise and compliments }",
    );
    expect(errors(sources({ intents: { "praise.yaml": split } }))).toEqual([
      `intents/praise.yaml:2: title: unknown field 'praise and compliments' (a comma inside { … } ends the text before it: put text with a comma in quotes, en: "Check-in, boarding")`,
    ]);
    const typo = intent("praise", ["thanks"]).replace("en: Title }", "en: Title, fr: Titre }");
    expect(errors(sources({ intents: { "praise.yaml": typo } }))).toEqual([
      "intents/praise.yaml:2: title: unknown field 'fr'",
    ]);
  });

  it("says to quote a value that starts with a character YAML reserves", () => {
    const text = `${intent("praise", ["thank you so much", "고마워요"])}keywords:\n  - % 할인\n`;
    const found = errors(sources({ intents: { "praise.yaml": text } }));
    expect(found[0]).toMatch(/YAML syntax: .*must be in quotes: "% 할인"/);
    expect(found[0]).not.toMatch(/lines up with/);
  });

  it("reports YAML syntax errors with their line instead of throwing", () => {
    const text = "id: praise\nexamples:\n  - [unclosed\n";
    const found = errors(sources({ intents: { "praise.yaml": text } }));
    expect(found[0]).toMatch(/^intents\/praise\.yaml:\d+: YAML syntax: /);
    // And says that nothing else in that file was checked.
    const warnings = buildPack(sources({ intents: { "praise.yaml": text } })).problems.filter(
      (p) => p.severity === "warning" && p.file === "intents/praise.yaml",
    );
    expect(warnings.map((w) => w.message)).toEqual([
      "nothing else in this file is checked until it parses (fields, templates, sincerity, length)",
    ]);
  });

  it("says what a syntax error most often means: `asks:` under a plain-string reply", () => {
    const text = `intent: refund
situations:
  - id: general
    ko:
      - "{handle} 주문번호를 알려 주시면 {department}에서 바로 확인해 드립니다: {hotline}"
        asks: [orderNumber]
`;
    const found = errors(sources({ replies: { "refund.yaml": text } }));
    expect(found[0]).toMatch(
      /^replies\/refund\.yaml:6: YAML syntax: .*a reply with `asks:` is written `- text: "…"`/,
    );
  });
});

describe("cross-file checks", () => {
  it("requires the id to match the file name", () => {
    expect(errors(sources({ intents: { "praise.yaml": intent("praised", ["thank you"]) } }))).toContain(
      "intents/praise.yaml:1: id: 'praised' must match the file name 'praise'",
    );
  });

  it("requires departments to exist", () => {
    const text = intent("praise", ["thank you"]).replace("department: care", "department: nowhere");
    expect(errors(sources({ intents: { "praise.yaml": text } }))).toContain(
      "intents/praise.yaml:4: department: 'nowhere' is not in intents/departments.yaml (known: care)",
    );
  });

  it("refuses the same example under two intents, naming both places", () => {
    const text = intent("refund", ["give me my money back", "Thank you SO much!"]);
    expect(errors(sources({ intents: { "refund.yaml": text } }))).toContain(
      "intents/refund.yaml:7: examples[1]: 'Thank you SO much!' is also an example of 'praise' (intents/praise.yaml:6); keep it under one intent",
    );
  });

  it("warns about an intent without replies (it builds: its cases get no draft), and requires both languages", () => {
    const s = sources();
    s.replies = s.replies.filter((r) => !r.path.endsWith("refund.yaml"));
    const build = buildPack(s);
    expect(build.problems.map(formatProblem)).toContain(
      "intents/refund.yaml:1: warning: has no replies yet: its mentions get no draft until you add replies/refund.yaml with ko and en templates",
    );
    expect(errors(s)).toEqual([]);
    expect(build.pack?.replies.has("refund")).toBe(false);
    const noEnglish = replies("refund").replace(/en:\n {2}default:\n.*\n/, "");
    expect(errors(sources({ replies: { "refund.yaml": noEnglish } })).join("\n")).toMatch(
      /replies\/refund\.yaml:\d+: en: /,
    );
  });

  it("rejects unknown placeholders and particles", () => {
    const found = errors(
      sources({
        replies: { "praise.yaml": replies("praise", `"{handle} {departmnet} {hotline} {department:을를}"`) },
      }),
    );
    expect(found).toContain(
      "replies/praise.yaml:4: ko.default[0]: unknown placeholder {departmnet} (allowed: {handle} {department} {hotline} {hours} {status} {asOf} {noticeUrl} {place} {device} {wait} {date} {orderNumber} {ticketNumber} {flightNumber} {amount})",
    );
    expect(found.some((e) => e.includes("unknown particle '을를'"))).toBe(true);
  });

  it("rejects an apology-only template", () => {
    expect(
      errors(
        sources({
          replies: { "praise.yaml": replies("praise", `"{handle} 불편을 드려 죄송합니다. 확인 중입니다."`) },
        }),
      ),
    ).toContain(
      "replies/praise.yaml:4: ko.default[0]: not sincere (no next step): An apology or 'we know / we're checking / we'll pass it on' is not enough. Say what happens next: who contacts the customer, or what they can do, e.g. 'the Baggage Desk will call you today', 'we'll rebook you', 'you can see it in the app', 'call us at 1588-0000'. (forms that count: README, \"The sincerity check\"; e.g. 연락드리겠습니다, 답변드리겠습니다, 공지하겠습니다, 주시면, will call/send/publish/update, you can …)",
    );
  });

  it("rejects a template that can exceed one X post", () => {
    const long = `"{handle} ${"가".repeat(130)} {hotline}"`;
    expect(errors(sources({ replies: { "praise.yaml": replies("praise", long) } })).join("\n")).toMatch(
      /replies\/praise\.yaml:4: ko\.default\[0\]: can reach \d+\/280 weighted characters/,
    );
  });

  it("requires status templates to carry the time and notice templates the link", () => {
    const text = replies("praise").replace(
      "en:\n",
      '  with_status:\n    - "{status} — {department}"\n  with_notice:\n    - "{department} 공지"\nen:\n',
    );
    const found = errors(sources({ replies: { "praise.yaml": text } }));
    expect(found).toContain(
      "replies/praise.yaml:6: ko.with_status[0]: a with_status template must use {status} and {asOf}",
    );
    expect(found).toContain(
      "replies/praise.yaml:8: ko.with_notice[0]: a with_notice template must use {noticeUrl}",
    );
  });

  it("rejects test sentences that copy an example, ignoring spacing and case", () => {
    const tests = {
      "praise.yaml": 'intent: praise\nsentences:\n  - "you were great"\n  - "THANK YOU so much"\n',
    };
    expect(errors(sources({ tests }))).toEqual([
      "test/intents/praise.yaml:4: sentences[1]: copies an example (intents/praise.yaml:6); a test sentence must be new to the classifier",
    ]);
  });
});

describe("a short Hangul keyword inside other words", () => {
  const withKeywords = (keywords: string) =>
    sources({
      intents: {
        "praise.yaml": intent("praise", ["다리 공간 넓어서 좋았어요", "고마워요"], `keywords:\n${keywords}`),
        "refund.yaml": intent("refund", [
          "한 시간 기다리다가 취소했어요 환불해 주세요",
          "불친절해서 환불할래요",
        ]),
      },
    });
  const warnings = (s: PackSources) =>
    buildPack(s)
      .problems.filter((p) => p.severity === "warning")
      .map(formatProblem);

  it("is warned about, naming the word and the intent it fires in", () => {
    expect(warnings(withKeywords("  - { term: 다리, weight: 2 }"))).toContainEqual(
      expect.stringMatching(
        /intents\/praise\.yaml:\d+: warning: keywords\[0\]: '다리' also matches inside '기다리다가' \(refund\)/,
      ),
    );
  });

  it("is not, after a digit, after 불 (which the matcher skips) or when longer", () => {
    const quiet = warnings(withKeywords("  - { term: 친절, weight: 2 }\n  - { term: 다리 공간, weight: 2 }"));
    expect(quiet.filter((w) => w.includes("matches inside"))).toEqual([]);
  });
});

describe("the same Hangul keyword twice", () => {
  it("is warned about: with and without a space it is one keyword, counted twice", () => {
    const text = `${intent("praise", ["thank you so much", "고마워요"])}keywords:\n  - { term: 안 와, weight: 1 }\n  - { term: 안와, weight: 1 }\n  - { term: thank you, weight: 1 }\n`;
    const found = buildPack(sources({ intents: { "praise.yaml": text } }))
      .problems.filter((p) => p.severity === "warning")
      .map(formatProblem);
    expect(found).toContainEqual(
      expect.stringMatching(/praise\.yaml:\d+: warning: keywords\[1\]: '안와' is keywords\[0\] again/),
    );
    expect(found.filter((w) => w.includes("again"))).toHaveLength(1);
  });
});
