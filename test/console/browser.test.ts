/**
 * The console end to end in a real headless Chromium (Debian's `chromium`, driven by playwright-core).
 * Skipped, with a message, where /usr/bin/chromium is missing; CI installs it.
 */
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEXTS } from "../../src/console/i18n.js";
import { hasChromium, INSTALL_HINT, launchChromium, recordProblems } from "../support/chromium.js";
import { type ConsoleHarness, startHarness, tickingClock } from "./support.js";

if (!hasChromium) {
  console.warn(`Skipping the console browser test: ${INSTALL_HINT}`);
}

const ko = TEXTS.ko;
const USER = "minho";
const DELAY =
  "@kim_minji 아이폰4 예약가입 1차로 했는데 2주째 배송 소식이 없네요. 언제 오나요? https://x.com/kim_minji/status/1790000000000000001";
const TARIFF = "@parkjh 데이터 요금제 바꾸면 위약금 있나요? 요금 얼마예요";
const PRAISE = "@ollehkt @lee_sy 새벽에도 답해주셔서 정말 감사합니다!";
const XSS = "<img src=x onerror=alert(1)>";

describe.skipIf(!hasChromium)("the console in a real browser", () => {
  let h: ConsoleHarness;
  let browser: Browser;
  let page: Page;
  const dialogs: string[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    h = await startHarness({ CONSOLE_USER: USER }, { clock: tickingClock() });
    browser = await launchChromium();
    page = await browser.newPage();
    page.on("dialog", (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    recordProblems(page, problems);
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await h?.close();
  });

  async function paste(text: string, how: "click" | "keyboard" = "click"): Promise<string> {
    await page.goto(h.web.url);
    // The paste box has the focus on arrival. Chromium applies `autofocus` at its next rendering
    // update, which a loaded machine may run after the load event: wait for it (fails if it never comes).
    await page.waitForFunction(() => document.activeElement?.id === "paste-text", undefined, {
      timeout: 5_000,
    });
    await page.keyboard.insertText(text);
    if (how === "keyboard") await page.keyboard.press("Control+Enter");
    else await page.click("form[data-paste] button[type=submit]");
    await page.waitForURL(/\/cases\/c\d{8}-\d{6}-[a-z0-9]+$/);
    return page.url().split("/").pop() as string;
  }

  async function intentOf(id: string): Promise<string> {
    return (await h.runtime.cases.get(id))?.intent as string;
  }

  it("pastes three intents, approves one, edits one, reclassifies one, and shows queue and history", async () => {
    const delay = await paste(DELAY, "keyboard");
    const tariff = await paste(TARIFF);
    const praise = await paste(PRAISE);
    const intents = [await intentOf(delay), await intentOf(tariff), await intentOf(praise)];
    expect(new Set(intents).size).toBe(3);

    // Approve the delay complaint.
    await page.goto(`${h.web.url}cases/${delay}`);
    await expect(page.locator("[data-mention]").textContent()).resolves.toContain("2주째 배송");
    await page.click("[data-action=approve]");
    await page.waitForSelector("[data-decision=approved]");
    expect((await page.locator("[data-flash]").textContent())?.trim()).toBe(ko.flash.approved);
    const composer = await page.locator("[data-composer]").getAttribute("href");
    expect(new URL(composer as string).searchParams.get("in_reply_to")).toBe("1790000000000000001");
    expect((await h.runtime.cases.get(delay))?.approved?.by.id).toBe(USER);

    // Edit the tariff draft: first an apology-only text (refused, problems shown), then a concrete one.
    await page.goto(`${h.web.url}cases/${tariff}`);
    const original = (await h.runtime.cases.get(tariff))?.draft?.text;
    await page.click("details[data-panel=edit] > summary");
    await page.fill("#edit-text", "정말 죄송합니다.");
    await page.click("[data-action=edit]");
    await page.waitForSelector("[data-problems]");
    expect(await page.locator("[data-flash]").getAttribute("role")).toBe("alert");
    expect(await page.inputValue("#edit-text")).toBe("정말 죄송합니다.");
    expect((await h.runtime.cases.get(tariff))?.draft?.text).toBe(original);

    const edited =
      "@parkjh 요금제 변경 시 위약금은 가입 조건마다 달라요. 요금 상담센터 080-000-0114(평일 09:00~18:00)에서 바로 확인해 드립니다.";
    await page.fill("#edit-text", edited);
    // The live counter follows the typing with X's weighting, as the server counts it.
    const expectedLength = h.runtime.engines.engine.checkDraft(edited).length;
    await expect(page.locator("#edit-count").textContent()).resolves.toBe(`${expectedLength}/280`);
    await page.click("[data-action=edit]");
    await page.waitForSelector("[data-flash][role=status]");
    await expect(page.locator("[data-draft]").textContent()).resolves.toBe(edited);
    expect((await h.runtime.cases.get(tariff))?.draft).toMatchObject({ text: edited, edited: true });

    // Reclassify the praise mention to another intent.
    const target = h.runtime.engines.engine
      .intentIds()
      .find((i) => !intents.includes(i) && i !== "unknown") as string;
    await page.goto(`${h.web.url}cases/${praise}`);
    await page.click("details[data-panel=reclassify] > summary");
    await page.selectOption("#reclassify-intent", target);
    await page.click("[data-action=reclassify]");
    await page.waitForSelector(`h1 [data-intent="${target}"]`);
    expect(await intentOf(praise)).toBe(target);

    // The queue: the two pending cases, oldest first; the intent filter applies on change (script).
    await page.goto(`${h.web.url}queue`);
    const queued = await page
      .locator("table.cases tbody tr")
      .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-case-id")));
    expect(queued).toEqual([tariff, praise]);
    await Promise.all([page.waitForURL(/\/queue\?.*intent=/), page.selectOption("#queue-intent", target)]);
    const filtered = await page
      .locator("table.cases tbody tr")
      .evaluateAll((rows) => rows.map((r) => r.getAttribute("data-case-id")));
    expect(filtered).toEqual([praise]);

    // The history: the approved case, with who approved it.
    await page.goto(`${h.web.url}history`);
    const row = page.locator(`tr[data-case-id="${delay}"]`);
    await expect(row.getAttribute("data-state")).resolves.toBe("approved");
    await expect(row.locator("[data-by]").textContent()).resolves.toBe(USER);
    await expect(page.locator("table.cases tbody tr").count()).resolves.toBe(1);

    expect(dialogs).toEqual([]);
    expect(problems).toEqual([]);
  });

  it("shows a pasted <img onerror> as text and runs nothing", async () => {
    const id = await paste(XSS);
    await page.waitForLoadState("load");
    await expect(page.locator("[data-mention]").textContent()).resolves.toBe(XSS);
    expect(await page.evaluate(() => document.querySelectorAll("img[onerror], [onerror]").length)).toBe(0);
    expect(await page.evaluate(() => document.querySelectorAll("img").length)).toBe(0);

    await page.goto(`${h.web.url}queue`);
    await page.waitForLoadState("load");
    await expect(page.locator(`tr[data-case-id="${id}"] .mention-cell a`).textContent()).resolves.toBe(XSS);
    expect(await page.evaluate(() => document.querySelectorAll("img").length)).toBe(0);

    expect(dialogs).toEqual([]);
    expect(problems).toEqual([]);
  });
});
