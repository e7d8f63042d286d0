import { afterEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.js";
import type { Runtime } from "../../src/runtime.js";
import { slackAppMessages, startSlackApp } from "../../src/slack/app.js";
import { reply, textOf } from "../support/slack-flows.js";
import { type SlackHarness, startSlackHarness } from "../support/slack-harness.js";
import { eventEnvelope } from "../support/slack-requests.js";

let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe("starting the Slack app", () => {
  it("warns once at start when APPROVER_USER_IDS is empty", async () => {
    h = await startSlackHarness();
    const warnings = h.logger.lines.filter((l) => l.level === "warn").map((l) => l.message);
    expect(warnings.filter((w) => w === slackAppMessages.noApprovers)).toHaveLength(1);
  });

  it("does not warn when approvers are set", async () => {
    h = await startSlackHarness({ env: { APPROVER_USER_IDS: "U0JANE" } });
    expect(h.logger.lines.some((l) => l.message === slackAppMessages.noApprovers)).toBe(false);
  });

  it("listens on the chosen port (0: any free one) and answers /health", async () => {
    h = await startSlackHarness();
    expect(h.slack.port).toBeGreaterThan(0);
    expect(h.slack.url).toBe(`http://127.0.0.1:${h.slack.port}/slack/events`);
    const res = await fetch(`http://127.0.0.1:${h.slack.port}/health`);
    expect(res.status).toBe(200);
  });

  it("refuses to start without Slack credentials, naming them", async () => {
    const runtime = { config: parseConfig({}) } as Runtime;
    await expect(startSlackApp(runtime)).rejects.toThrow(slackAppMessages.missingCredentials);
  });
});

describe("App Home", () => {
  it("publishes usage and the cases waiting for a decision", async () => {
    h = await startSlackHarness();
    const { case: c } = await reply(
      h,
      "@kim_j 아이폰 예약했는데 2주째 배송이 안 와요 <!channel>".replace("<", "&lt;").replace(">", "&gt;"),
    );
    await h.requests.event(
      eventEnvelope({ type: "app_home_opened", user: "U0JANE", channel: "D0HOME", tab: "home" }),
    );
    await h.idle();
    const publish = await h.api.waitFor("views.publish");
    expect(publish.body.user_id).toBe("U0JANE");
    expect(publish.body.view.type).toBe("home");
    const text = textOf(publish.body.view.blocks);
    expect(text).toContain("/reply <mention>");
    expect(text).toContain("*Waiting for a decision:* 1");
    expect(text).toContain(c.id);
    expect(text).toContain("&lt;!channel&gt;");
    expect(text).toContain("APPROVER_USER_IDS is empty");
  });

  it("counts in the database: everything waiting, the newest five listed, today's total, open escalations", async () => {
    h = await startSlackHarness();
    const actor = { id: "U0JANE", name: "jane", via: "slack" as const };
    const made: string[] = [];
    for (let i = 0; i < 8; i++) {
      const raw = `@user${i} 아이폰 예약했는데 ${i + 2}주째 배송이 안 와요`;
      made.push((await h.runtime.cases.intake({ raw, source: { kind: "console" }, actor })).case.id);
    }
    expect((await h.runtime.cases.escalate(made[0] as string, actor)).ok).toBe(true);
    await h.idle();
    await h.requests.event(
      eventEnvelope({ type: "app_home_opened", user: "U0JANE", channel: "D0HOME", tab: "home" }),
    );
    await h.idle();
    const text = textOf((await h.api.waitFor("views.publish")).body.view.blocks);
    // An escalated case still waits for a decision (the department answers; staff approve).
    expect(text).toContain("*Waiting for a decision:* 8");
    expect(text).toContain("…and 3 older. The console lists them all.");
    expect(text).toContain(`\`${made[7]}\` · `);
    expect(text).not.toContain(`\`${made[2]}\` · `);
    expect(text).toContain("*Today:* 8 cases");
    expect(text).toMatch(new RegExp(`\`${made[0]}\`[^\n]*waiting since`));
  });

  it("counts the overdue cases (past their urgency's SLA) and says who is on which", async () => {
    let now = new Date("2026-11-22T05:00:00Z");
    h = await startSlackHarness({ clock: () => now });
    // delay-complaint is urgent (SLA 30 min); praise is low (24 h).
    const late = (await reply(h, "@kim_j 아이폰 예약했는데 2주째 배송이 안 와요")).case;
    await reply(h, "@lee_sy 새벽에도 답해주셔서 정말 감사합니다! 최고예요");
    // A claim lapses after claim_idle_minutes (15): this one is 5 minutes old when Home opens.
    now = new Date("2026-11-22T05:35:00Z");
    await h.runtime.cases.claim(late.id, { id: "U0JANE", name: "jane", via: "slack" });
    now = new Date("2026-11-22T05:40:00Z");
    await h.requests.event(
      eventEnvelope({ type: "app_home_opened", user: "U0JANE", channel: "D0HOME", tab: "home" }),
    );
    await h.idle();
    const text = textOf((await h.api.waitFor("views.publish")).body.view.blocks);
    expect(text).toContain("*Waiting for a decision:* 2 · :alarm_clock: *1 overdue*");
    expect(text).toContain(":eyes: jane is on it");
  });
});
