/**
 * The console's case page shows the situation, what matched, the customer's specifics and the
 * alternatives; picking one is recorded; a refused edit is explained in the console's language.
 * Runs on the small airline fixture pack (test/fixtures/situations).
 */
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEXTS } from "../../src/console/i18n.js";
import { SINCERITY_MESSAGES } from "../../src/core/sincerity.js";
import {
  Client,
  type ConsoleHarness,
  decodeEntities,
  flashText,
  REPO,
  startHarness,
  tickingClock,
} from "./support.js";

const ko = TEXTS.ko;
const FIXTURE = path.join(REPO, "test/fixtures/situations");
let h: ConsoleHarness;
let client: Client;

beforeAll(async () => {
  h = await startHarness(
    {
      CONSOLE_USER: "minho",
      INTENTS_DIR: path.join(FIXTURE, "intents"),
      REPLIES_DIR: path.join(FIXTURE, "replies"),
    },
    { clock: tickingClock() },
  );
  client = new Client(h.base);
});

afterAll(async () => {
  await h?.close();
});

describe("situations on the case page", () => {
  it("shows the situation, its evidence and the specifics, and offers the close alternative", async () => {
    const { id, page } = await client.paste("@kim OZ541 결항이라는데 탑승구에서 기다려야 하나요");
    const text = decodeEntities(page.text);
    const c = await h.runtime.cases.get(id);
    const situation = c?.draft?.situation as string;
    expect(["rebooking", "gate-change"]).toContain(situation);
    expect(text).toContain(`data-situation="${situation}"`);
    expect(text).toContain(`${ko.card.situation}: <strong>${c?.draft?.situationTitle?.ko}</strong>`);
    expect(text).toMatch(/data-situation-evidence>[^<]*(결항|탑승구)/);
    expect(text).toContain("flightNumber “OZ541”");
    const alt = c?.draft?.alternatives?.[0];
    expect(alt).toBeDefined();
    expect(text).toContain(`data-alternative="${alt?.situation}"`);
    expect(text).toContain(alt?.text as string);
  });

  it("picking an alternative swaps the draft and is recorded in the audit", async () => {
    const { id } = await client.paste("@lee KE123 결항이라는데 탑승구에서 기다려야 하나요");
    const before = await h.runtime.cases.get(id);
    const alt = before?.draft?.alternatives?.[0];
    expect(alt).toBeDefined();
    const after = await client.submit(`/cases/${id}/alternative`, { situation: alt?.situation as string });
    expect(flashText(after.text)).toBe(ko.flash.alternativePicked);
    const stored = await h.runtime.cases.get(id);
    expect(stored?.draft?.text).toBe(alt?.text);
    expect(stored?.events.at(-1)).toMatchObject({
      type: "alternative-picked",
      actor: { via: "console" },
      before: { situation: before?.draft?.situation },
      after: { situation: alt?.situation },
    });
    expect(decodeEntities(after.text)).toContain(ko.events["alternative-picked"]);
  });

  it("explains a refused edit in Korean in the Korean console", async () => {
    const { id } = await client.paste("@park 짐이 안 나왔어요");
    const refused = await client.submit(`/cases/${id}/edit`, {
      text: "정말 죄송합니다. 수하물 센터도 알고 있어요",
    });
    const text = decodeEntities(refused.text);
    expect(text).toContain(SINCERITY_MESSAGES.ko["no-next-step"]);
    expect(text).not.toContain(SINCERITY_MESSAGES.en["no-next-step"]);
    expect((await h.runtime.cases.get(id))?.draft?.edited).toBe(false);
  });
});
