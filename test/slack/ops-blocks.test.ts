import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.js";
import type { SurgeEvent } from "../../src/ops/surge.js";
import { homeView } from "../../src/slack/blocks/home.js";
import {
  MARKDOWN_BLOCK_LIMIT,
  problemsBlocks,
  problemsText,
  reportBlocks,
} from "../../src/slack/blocks/ops-posts.js";
import { noticeModal, surgeAlertBlocks, surgeEndedText } from "../../src/slack/blocks/surge.js";
import { ACTION, NOTICE_TEXT, NOTICE_URL } from "../../src/slack/ids.js";
import { slackOpsHooks } from "../../src/slack/ops-hooks.js";
import type { Json } from "../support/slack-api.js";
import { actionIds, textOf } from "../support/slack-flows.js";

const NOW = new Date("2026-11-22T05:03:00Z");
const ctx = { timezone: "Asia/Seoul", now: NOW };

function event(overrides: Partial<SurgeEvent> = {}): SurgeEvent {
  return {
    type: "started",
    id: "delay-complaint@2026-11-22T05:03:00.000Z/started",
    intent: "delay-complaint",
    title: { ko: "지연 불만", en: "Delay complaint" },
    count: 17,
    baseline: 2.5,
    threshold: 15,
    rule: { minCount: 15, windowMinutes: 60, rateMultiplier: 3 },
    peakCount: 17,
    startedAt: NOW.toISOString(),
    samples: ["<!channel> 배송 언제 와요 <https://evil.example|click>", "a & b", "세 번째"],
    noticeDraft: { ko: "[안내] <b>지연</b>", en: "[Notice] delays & more" },
    ...overrides,
  };
}

describe("surge alert blocks", () => {
  it("shows the count against the usual rate, escaped samples, the draft in both languages and the two buttons", () => {
    const blocks = surgeAlertBlocks(event(), ctx);
    const text = textOf(blocks);
    expect(text).toContain("*17 cases in the last 60 min*, usually 2.5 per 60 min (alert at 15).");
    expect(text).toContain("&lt;!channel&gt; 배송 언제 와요 &lt;https://evil.example|click&gt;");
    expect(text).toContain("a &amp; b");
    expect(JSON.stringify(blocks)).not.toMatch(/<!channel>|<https:/);
    expect(text).toContain("[안내] &lt;b&gt;지연&lt;/b&gt;");
    expect(text).toContain("[Notice] delays &amp; more");
    expect(actionIds(blocks as Json[])).toEqual([ACTION.surgeNotice, ACTION.surgeStatus]);
    const actions = (blocks as Json[]).find((b) => b.type === "actions");
    expect(actions.elements.map((e: Json) => e.value)).toEqual(["delay-complaint", "delay-complaint"]);
    for (const b of blocks as Json[])
      if (b.type === "section") expect(b.text.text.length).toBeLessThanOrEqual(3000);
  });

  it("keeps every section within Slack's limit however long the samples and the notice are", () => {
    const long = "<".repeat(5000);
    const blocks = surgeAlertBlocks(
      event({ samples: [long, `${long}x`, `${long}y`], noticeDraft: { ko: long, en: long } }),
      ctx,
    );
    for (const b of blocks as Json[])
      if (b.type === "section") expect(b.text.text.length).toBeLessThanOrEqual(3000);
  });

  it("an ended surge has no buttons and says how it went; an approved notice replaces the draft", () => {
    const ended = event({
      type: "ended",
      endedAt: "2026-11-22T07:03:00.000Z",
      total: 40,
      notice: {
        text: "공지",
        url: "https://blog.example.com/n?a=1&b=<2>",
        approvedAt: NOW.toISOString(),
        approvedBy: "jane",
      },
    });
    const blocks = surgeAlertBlocks(ended, ctx);
    expect(actionIds(blocks as Json[])).toEqual([]);
    const text = textOf(blocks);
    expect(text).toContain("*Ended* 16:03: 40 cases in all, peak 17 per 60 min.");
    expect(text).toContain("https://blog.example.com/n?a=1&amp;b=&lt;2&gt;");
    expect(text).not.toContain("Draft official notice");
    expect(surgeEndedText(ended, ctx)).toContain("is over");
  });

  it("the notice modal carries the intent and prefills the text and address", () => {
    const view = noticeModal({
      intent: "delay-complaint",
      title: { ko: "지연 불만", en: "Delay complaint" },
      text: "x".repeat(4000),
      url: "https://blog.example.com/n",
    });
    expect(JSON.parse(view.private_metadata ?? "")).toEqual({ intent: "delay-complaint" });
    const inputs = (view.blocks as Json[]).filter((b) => b.type === "input");
    expect(inputs.map((b) => b.block_id)).toEqual([NOTICE_TEXT.block, NOTICE_URL.block]);
    expect(inputs[0].element.initial_value).toHaveLength(3000);
    expect(inputs[1].element).toMatchObject({
      type: "url_text_input",
      initial_value: "https://blog.example.com/n",
    });
  });
});

describe("report and problem posts", () => {
  it("puts the report's Markdown in a markdown block, cut at a line to fit Slack's limit", () => {
    const short = "# Daily report — 2026-11-22\n\n- a\n";
    expect(reportBlocks("2026-11-22", short)[0]).toEqual({ type: "markdown", text: short.trimEnd() });
    const long = Array.from({ length: 2000 }, (_, i) => `- line ${i}`).join("\n");
    const [block] = reportBlocks("2026-11-22", long) as Json[];
    expect(block.type).toBe("markdown");
    expect(block.text.length).toBeLessThanOrEqual(MARKDOWN_BLOCK_LIMIT);
    expect(block.text).toContain("sincerely report --date 2026-11-22");
    expect(block.text).toMatch(/- line \d+\n\n_\(Cut/);
  });

  it("lists problems as escaped file:line: message lines", () => {
    const text = problemsText([
      { file: "intents/a.yaml", line: 3, message: "title: <!here> is wrong & bad", severity: "error" },
      { file: "replies/b.yaml", line: 12, message: "default: needs one", severity: "error" },
    ]);
    expect(text).toContain("intents/a.yaml:3: title: &lt;!here&gt; is wrong &amp; bad");
    expect(text).toContain("replies/b.yaml:12: default: needs one");
    expect(text).not.toContain("<!here>");
    const many = Array.from({ length: 200 }, (_, i) => ({
      file: "intents/x.yaml",
      line: i + 1,
      message: "a long message ".repeat(3),
      severity: "error" as const,
    }));
    const [block] = problemsBlocks(many) as Json[];
    expect(block.text.text.length).toBeLessThanOrEqual(3000);
    expect(block.text.text).toMatch(/…and \d+ more\.$/);
  });
});

describe("slackOpsHooks", () => {
  const base = { SLACK_BOT_TOKEN: "xoxb-test", SLACK_SIGNING_SECRET: "s" };
  it("gives a hook only for a configured channel", () => {
    expect(Object.keys(slackOpsHooks(parseConfig(base)))).toEqual([]);
    expect(Object.keys(slackOpsHooks(parseConfig({ ...base, OPS_CHANNEL_ID: "C0OPS" }))).sort()).toEqual([
      "postSurge",
      "reportProblems",
    ]);
    expect(Object.keys(slackOpsHooks(parseConfig({ ...base, REPORT_CHANNEL_ID: "C0R" })))).toEqual([
      "postReport",
    ]);
    expect(slackOpsHooks(parseConfig({ OPS_CHANNEL_ID: "C0OPS" }))).toEqual({});
  });
});

describe("App Home without operations", () => {
  it("leaves out the sections only operations can fill", () => {
    const view = homeView(
      { pending: [] },
      { timezone: "Asia/Seoul", now: NOW, intents: [], approvers: ["U0JANE"] },
    );
    const text = textOf(view.blocks);
    expect(text).toContain("*Waiting for a decision:* 0");
    expect(text).not.toContain("Surges in progress");
    expect(text).not.toContain("Precision");
  });
});
