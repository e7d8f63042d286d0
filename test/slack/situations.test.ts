/**
 * The Slack card shows the situation, what matched and up to two alternatives; "Use alternative N"
 * swaps the draft through the case service (recorded) and updates the card. Real Bolt app, signed
 * requests, on the small airline fixture pack (test/fixtures/situations).
 */
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ACTION } from "../../src/slack/ids.js";
import { actionIds, cardNow, click, JANE, reply, textOf } from "../support/slack-flows.js";
import { type SlackHarness, startSlackHarness } from "../support/slack-harness.js";

const NOW = new Date("2026-12-01T05:03:00Z");
const FIXTURE = path.resolve(import.meta.dirname, "../fixtures/situations");
let h: SlackHarness;

beforeEach(async () => {
  h = await startSlackHarness({
    clock: () => NOW,
    env: {
      APPROVER_USER_IDS: "U0JANE",
      INTENTS_DIR: path.join(FIXTURE, "intents"),
      REPLIES_DIR: path.join(FIXTURE, "replies"),
    },
  });
});
afterEach(async () => {
  await h.close();
});

describe("situations on the Slack card", () => {
  it("shows the situation and evidence, offers the alternative, and a click swaps the draft", async () => {
    const { card, case: c } = await reply(h, "@kim OZ541 결항이라는데 탑승구에서 기다려야 하나요");
    const text = textOf(card.blocks);
    const d = c.draft;
    expect(d?.situation).toMatch(/^(rebooking|gate-change)$/);
    expect(text).toContain(`*Situation:* ${d?.situationTitle?.ko} \`${d?.situation}\``);
    expect(text).toMatch(/matched: `(결항|탑승구)/);
    expect(text).toContain("customer said: flightNumber `OZ541`");
    const alt = d?.alternatives?.[0];
    expect(alt).toBeDefined();
    expect(text).toContain(`*Alternative 1: ${alt?.title?.ko}*`);
    const button = `${ACTION.pickAlternativePrefix}0`;
    expect(actionIds(card.blocks)).toContain(button);

    expect((await click(h, card, button, JANE)).status).toBe(200);
    const stored = await h.runtime.cases.get(c.id);
    expect(stored?.draft?.text).toBe(alt?.text);
    expect(stored?.draft?.situation).toBe(alt?.situation);
    expect(stored?.events.at(-1)).toMatchObject({
      type: "alternative-picked",
      actor: { id: JANE.id, via: "slack" },
      before: { situation: d?.situation },
      after: { situation: alt?.situation },
    });
    const now = textOf(cardNow(h, card).blocks);
    expect(now).toContain(`\`${alt?.situation}\``);
  });

  it("a mention matching no situation says `general` and offers nothing to pick", async () => {
    const { card, case: c } = await reply(h, "@lee 비행기 괜찮은 거죠?");
    expect(c.draft?.situation).toBe("general");
    expect(textOf(card.blocks)).toContain("*Situation:* General (no specific situation matched) `general`");
    expect(actionIds(card.blocks).some((a) => a.startsWith(ACTION.pickAlternativePrefix))).toBe(false);
  });
});
