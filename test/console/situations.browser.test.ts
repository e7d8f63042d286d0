/**
 * The situation panel and the alternatives in a real Chromium: the case page says which situation
 * the draft answers and what matched, lists the customer's specifics, and "Use this reply" swaps
 * the draft, which the history then shows. Runs on the small airline fixture pack
 * (test/fixtures/situations). Skipped with a message where /usr/bin/chromium is missing; CI has it.
 */
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Actor } from "../../src/cases/types.js";
import { TEXTS } from "../../src/console/i18n.js";
import { hasChromium, INSTALL_HINT, launchChromium } from "../support/chromium.js";
import { type ConsoleHarness, REPO, startHarness, tickingClock } from "./support.js";

if (!hasChromium) console.warn(`Skipping the console situations browser test: ${INSTALL_HINT}`);

const ko = TEXTS.ko;
const FIXTURE = path.join(REPO, "test/fixtures/situations");
const cli: Actor = { id: "importer", via: "cli" };

describe.skipIf(!hasChromium)("situations and alternatives in a real browser", () => {
  let browser: Browser;
  let h: ConsoleHarness;
  let page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
    h = await startHarness(
      {
        CONSOLE_USER: "minho",
        INTENTS_DIR: path.join(FIXTURE, "intents"),
        REPLIES_DIR: path.join(FIXTURE, "replies"),
      },
      { clock: tickingClock() },
    );
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    page.setDefaultTimeout(10_000);
    page.on("pageerror", (e) => problems.push(e.message));
    page.on("console", (m) => {
      if (m.type() === "error") problems.push(m.text());
    });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  it("shows the situation, what matched and the specifics, and swaps in an alternative when asked", async () => {
    const raw = "@kim OZ541 결항이라는데 탑승구에서 기다려야 하나요";
    const c = (await h.runtime.cases.intake({ raw, source: { kind: "cli" }, actor: cli })).case;
    const alternative = c.draft?.alternatives?.[0];
    expect(alternative).toBeDefined();
    await page.goto(`${h.web.url}cases/${c.id}`);

    const panel = page.locator(`[data-situation="${c.draft?.situation}"]`);
    await expect(panel.textContent()).resolves.toContain(c.draft?.situationTitle?.ko as string);
    await expect(page.locator("[data-situation-evidence]").textContent()).resolves.toMatch(/결항|탑승구/);
    await expect(page.locator("body").textContent()).resolves.toContain("OZ541");

    const form = page.locator(`form[data-alternative="${alternative?.situation}"]`);
    await expect(form.textContent()).resolves.toContain(alternative?.text.slice(0, 20) as string);
    await Promise.all([
      page.waitForURL(new RegExp(`/cases/${c.id}`)),
      form.locator("[data-action=pick-alternative]").click(),
    ]);
    await expect(page.locator("body").textContent()).resolves.toContain(ko.flash.alternativePicked);
    await expect(page.locator("body").textContent()).resolves.toContain(ko.events["alternative-picked"]);

    const stored = await h.runtime.cases.get(c.id);
    expect(stored?.draft?.text).toBe(alternative?.text);
    expect(stored?.draft?.situation).toBe(alternative?.situation);
    expect(stored?.events.at(-1)).toMatchObject({ type: "alternative-picked", actor: { id: "minho" } });
    expect(problems).toEqual([]);
  });
});
