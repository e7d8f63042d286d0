/**
 * A care agent's day in a real Chromium: two agents on one case (claim, and the draft check on
 * approval), clearing cases with the keyboard alone, bulk dismiss, live updates arriving in a second
 * page, and a long Korean paste. Skipped with a message where /usr/bin/chromium is missing; CI has it.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "../../src/cases/types.js";
import { TEXTS } from "../../src/console/i18n.js";
import { PASTE_MAX_CHARS } from "../../src/console/limits.js";
import { hasChromium, INSTALL_HINT, launchChromium, recordProblems } from "../support/chromium.js";
import { type ConsoleHarness, startHarness } from "./support.js";

if (!hasChromium) console.warn(`Skipping the console workday browser test: ${INSTALL_HINT}`);

const ko = TEXTS.ko;
const cli: Actor = { id: "importer", via: "cli" };
const DELAYS = [
  "@cust_a 아이폰 예약했는데 2주째 배송이 안 와요 언제 오나요",
  "@cust_b 주문한 폰이 아직도 출고 전이래요 배송 언제 시작하나요",
  "@cust_c 예약 1차였는데 배송 소식이 없어요 확인 부탁드려요",
];

describe.skipIf(!hasChromium)("a care agent's day in a real browser", () => {
  let browser: Browser;
  let h: ConsoleHarness;
  const contexts: BrowserContext[] = [];
  const problems: string[] = [];

  beforeAll(async () => {
    browser = await launchChromium();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(async () => {
    for (const c of contexts.splice(0)) await c.close();
    await h.close();
    expect(problems.splice(0)).toEqual([]);
  });

  /** A browser context (its own cookies) for one agent, named on /me. */
  async function agent(name: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    const page = await context.newPage();
    page.setDefaultTimeout(10_000);
    recordProblems(page, problems);
    await page.goto(`${h.web.url}me`);
    await page.fill("input[name=name]", name);
    await Promise.all([page.waitForURL(/\/queue/), page.click("form[action='/me'] button")]);
    return page;
  }

  async function intake(raw: string) {
    return (await h.runtime.cases.intake({ raw, source: { kind: "cli" }, actor: cli })).case;
  }

  it("two agents on one case: the claim shows, and approving a draft changed since is refused with the new text", async () => {
    const c = await intake(DELAYS[0] as string);
    const kim = await agent("kim");
    const lee = await agent("lee");

    await kim.goto(`${h.web.url}cases/${c.id}`);
    await kim.click("details[data-panel=edit] > summary");
    // Opening the editor claimed it.
    await expect.poll(async () => (await h.runtime.cases.get(c.id))?.claim?.by.id).toBe("kim");

    // Lee opens it and sees who is on it, in the queue and on the card.
    await lee.goto(`${h.web.url}queue`);
    await expect(
      lee.locator(`tr[data-case-id="${c.id}"] [data-claim]`).getAttribute("data-claim"),
    ).resolves.toBe("kim");
    await lee.goto(`${h.web.url}cases/${c.id}`);
    await expect(lee.locator("[data-claim-bar] [data-claim]").textContent()).resolves.toContain("kim 님이");

    // Kim saves an edit; Lee's page (loaded before) tells her it changed, live.
    const edited =
      "@cust_a 기다리게 해서 죄송합니다. 배송·개통 지원팀(080-000-0200)이 오늘 18시까지 출고일을 문자로 알려 드립니다.";
    await kim.fill("#edit-text", edited);
    await Promise.all([kim.waitForURL(/\/cases\//), kim.click("[data-action=edit]")]);
    await lee.waitForSelector("[data-live-note]:not([hidden])");
    expect(await lee.locator("[data-live-note]").textContent()).toContain("kim 님이 이 케이스를 바꿨습니다");

    // Lee approves from the stale page: refused, with Kim's text; nothing was sent.
    await Promise.all([lee.waitForURL(/\/cases\//), lee.click("[data-action=approve]")]);
    const flash = (await lee.locator("[data-flash]").textContent()) ?? "";
    expect(flash).toContain(ko.work.draftChanged);
    expect(flash).toContain("오늘 18시까지 출고일을 문자로");
    expect((await h.runtime.cases.get(c.id))?.state).toBe("pending");

    // Having now seen it, Lee takes over and approves Kim's text.
    await Promise.all([lee.waitForURL(/\/cases\//), lee.click("[data-action=claim]")]);
    expect((await h.runtime.cases.get(c.id))?.claim?.by.id).toBe("lee");
    await Promise.all([lee.waitForURL(/\/cases\//), lee.click("[data-action=approve]")]);
    const done = await h.runtime.cases.get(c.id);
    expect(done?.approved).toMatchObject({ text: edited, by: { id: "lee" } });
    expect(done?.claim).toBeUndefined();
  }, 60_000);

  it("clears 20 cases with the keyboard alone: j, Enter, then a (approve & next) twenty times", async () => {
    const made = [];
    for (let i = 0; i < 20; i++) made.push(await intake(`${DELAYS[i % 3]} (${i + 1}번째 문의)`));
    const page = await agent("kim");
    await page.goto(`${h.web.url}queue`);
    await page.keyboard.press("j");
    await Promise.all([page.waitForURL(/\/cases\//), page.keyboard.press("Enter")]);
    // Oldest first: the first case opened is the first one taken in.
    expect(page.url()).toContain(made[0]?.id);
    for (let i = 0; i < 20; i++) {
      const before = page.url();
      await Promise.all([page.waitForURL((u) => u.href !== before), page.keyboard.press("a")]);
    }
    expect(page.url()).toMatch(/\/queue\?cleared=1$/);
    await expect(page.locator("[data-cleared]").textContent()).resolves.toBe(ko.work.noNext);
    const approved = await h.runtime.cases.list({ state: "approved" });
    expect(approved).toHaveLength(20);
    expect(new Set(approved.map((c) => c.approved?.by.id))).toEqual(new Set(["kim"]));
  }, 120_000);

  it("bulk: selects every spam post and dismisses them in one go, each audited", async () => {
    const spam = [];
    for (let i = 0; i < 6; i++)
      spam.push(await intake(`@spam_${i} 무료 아이폰 받으세요 http://spam${i}.example 클릭`));
    const keep = await intake(DELAYS[1] as string);
    const page = await agent("kim");
    await page.goto(`${h.web.url}queue?q=${encodeURIComponent("무료 아이폰")}`);
    await expect(page.locator("table.cases tbody tr").count()).resolves.toBe(6);
    await page.check("[data-pick-all]");
    await expect(page.locator("[data-bulk-count]").textContent()).resolves.toBe(ko.work.bulk(6));
    await page.selectOption(".bulk-bar select[name=reason]", "spam");
    await Promise.all([page.waitForURL(/\/queue/), page.click("[data-bulk-action=dismiss]")]);
    await expect(page.locator("[data-flash]").textContent()).resolves.toContain(ko.work.bulkDone(6, 0));
    for (const c of spam) {
      const stored = await h.runtime.cases.get(c.id);
      expect(stored?.dismissed).toMatchObject({ reason: "spam", by: { id: "kim" } });
      expect(stored?.events.filter((e) => e.type === "dismissed")).toHaveLength(1);
    }
    expect((await h.runtime.cases.get(keep.id))?.state).toBe("pending");
  }, 60_000);

  it("a second page hears of new cases, claims and decisions without reloading", async () => {
    const first = await intake(DELAYS[0] as string);
    const watcher = await agent("lee");
    await watcher.goto(`${h.web.url}queue`);
    await expect(watcher.locator("[data-pending-count]").textContent()).resolves.toBe("1");

    // Somebody else (Slack, the CLI, another console) takes in a case and claims the first one.
    await intake(DELAYS[2] as string);
    await h.runtime.cases.claim(first.id, { id: "kim", name: "kim", via: "console" });
    await expect.poll(() => watcher.locator("[data-pending-count]").textContent()).toBe("2");
    await watcher.waitForSelector("[data-live-note]:not([hidden])");
    await expect(
      watcher.locator(`tr[data-case-id="${first.id}"] [data-claim]`).getAttribute("data-claim"),
    ).resolves.toBe("kim");

    await h.runtime.cases.approve(first.id, { id: "kim", name: "kim", via: "console" });
    await expect
      .poll(() => watcher.locator(`tr[data-case-id="${first.id}"]`).getAttribute("data-state"))
      .toBe("approved");
    await expect.poll(() => watcher.locator("[data-pending-count]").textContent()).toBe("1");
    // The page never reloaded: the same document heard everything.
    expect(await watcher.evaluate(() => performance.getEntriesByType("navigation").length)).toBe(1);
  }, 60_000);

  it("takes a 7,000-character Korean paste, and gives a too-long one back in the form with the reason", async () => {
    const page = await agent("kim");
    const long = `@long_kr ${"배송이 너무 늦어요 언제 오나요 ".repeat(400)}`.slice(0, 7000);
    await page.goto(h.web.url);
    await page.fill("#paste-text", long);
    await Promise.all([
      page.waitForURL(/\/cases\/c\d{8}/),
      page.click("form[data-paste] button[type=submit]"),
    ]);
    const id = page.url().split("/").pop() as string;
    expect((await h.runtime.cases.get(id))?.mention.text.length).toBeGreaterThan(6900);

    // The form's limit is the server's: over it (the limit lifted in the page, as a tool would), the
    // server refuses and the text comes back, whole, with the reason.
    const tooLong = "가".repeat(PASTE_MAX_CHARS + 5);
    await page.goto(h.web.url);
    expect(await page.getAttribute("#paste-text", "maxlength")).toBe(String(PASTE_MAX_CHARS));
    await page.evaluate(() => document.querySelector("#paste-text")?.removeAttribute("maxlength"));
    await page.fill("#paste-text", tooLong);
    await Promise.all([page.waitForURL(h.web.url), page.click("form[data-paste] button[type=submit]")]);
    await expect(page.locator("[data-flash]").textContent()).resolves.toContain(
      ko.work.tooLong(PASTE_MAX_CHARS, PASTE_MAX_CHARS + 5),
    );
    expect(await page.inputValue("#paste-text")).toBe(tooLong);
  }, 60_000);

  it("keeps the English navigation on one line at 1280 px and never breaks a percentage", async () => {
    const c = await intake("@lee_sy 새벽에도 답해주셔서 정말 감사합니다! 최고예요");
    const page = await agent("kim");
    await page.goto(`${h.web.url}queue?lang=en`);
    const heights = await page.evaluate(() => {
      const links = Array.from(document.querySelectorAll(".top nav a")).map((a) => a.getBoundingClientRect());
      return { tops: new Set(links.map((r) => Math.round(r.top))).size, count: links.length };
    });
    expect(heights.count).toBe(7);
    expect(heights.tops).toBe(1);
    await page.goto(`${h.web.url}cases/${c.id}`);
    const lines = await page.evaluate(() => {
      const el = document.querySelector("[data-confidence]");
      if (!el) return 0;
      const r = el.getBoundingClientRect();
      return Math.round(r.height / Number.parseFloat(getComputedStyle(el).lineHeight || "20"));
    });
    expect(lines).toBeLessThanOrEqual(1);
  }, 60_000);
});
