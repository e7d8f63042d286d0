import { describe, expect, it } from "vitest";
import { BLOCK_TEXT_LIMIT, escapeAndTruncate, escapeMrkdwn, fromSlackText } from "../../src/slack/escape.js";
import { messageText } from "../../src/slack/message-text.js";

describe("escapeMrkdwn", () => {
  it("turns Slack's control characters into entities, & first", () => {
    expect(escapeMrkdwn("<!channel> <@U1> a & b <https://x.com|x> &lt;")).toBe(
      "&lt;!channel&gt; &lt;@U1&gt; a &amp; b &lt;https://x.com|x&gt; &amp;lt;",
    );
  });
});

describe("escapeAndTruncate", () => {
  it("keeps short text whole", () => {
    expect(escapeAndTruncate("a < b", 100)).toEqual({ text: "a &lt; b", truncated: false });
  });

  it("cuts long text to the limit after escaping, never inside an entity, and says how much is left out", () => {
    const text = "<>&".repeat(2000);
    const { text: out, truncated } = escapeAndTruncate(text, BLOCK_TEXT_LIMIT);
    expect(truncated).toBe(true);
    expect(out.length).toBeLessThanOrEqual(BLOCK_TEXT_LIMIT);
    const body = out.slice(0, out.indexOf("…"));
    expect(body).toMatch(/^(?:&lt;|&gt;|&amp;)+$/);
    const shown = body.match(/&lt;|&gt;|&amp;/g)?.length ?? 0;
    expect(out).toContain(`${text.length - shown} more characters not shown`);
  });

  it("does not split a surrogate pair (emoji)", () => {
    const { text } = escapeAndTruncate("😡".repeat(100), 50, () => "");
    expect(text.replace("…", "")).toMatch(/^(?:😡)+$/u);
  });
});

describe("fromSlackText", () => {
  it("turns Slack markup back into what was typed", () => {
    expect(fromSlackText("<https://x.com/a/status/1|x.com/a/status/1> hi")).toBe(
      "https://x.com/a/status/1 hi",
    );
    expect(fromSlackText("<@U123|jane> <@U456> <#C1|care> <!channel> <!here> <!subteam^S1|@care>")).toBe(
      "@jane @U456 #care @channel @here @@care",
    );
    expect(fromSlackText("<mailto:a@b.c|a@b.c> &lt;b&gt; &amp;amp;")).toBe("a@b.c <b> &amp;");
  });

  it("drops mentions of the app itself", () => {
    expect(fromSlackText("<@U0BOT> @kim: 배송", { dropUsers: ["U0BOT"] })).toBe("@kim: 배송");
  });
});

describe("messageText", () => {
  it("adds shared messages and unfurls, putting an X post's link first so its handle and id are found", () => {
    const text = messageText({
      text: "FYI",
      attachments: [
        { author_subname: "@kim", original_url: "https://x.com/kim/status/5", text: "배송 언제 와요" },
      ],
    });
    expect(text).toBe("FYI\nhttps://x.com/kim/status/5 배송 언제 와요");
  });

  it("uses the author's @handle when the unfurl has no post link, and skips a link already in the text", () => {
    expect(messageText({ attachments: [{ author_subname: "@lee", text: "요금 문의" }] })).toBe(
      "@lee: 요금 문의",
    );
    expect(
      messageText({
        text: "<https://x.com/kim/status/5>",
        attachments: [{ original_url: "https://x.com/kim/status/5", text: "배송 언제 와요" }],
      }),
    ).toBe("https://x.com/kim/status/5\n배송 언제 와요");
  });
});
