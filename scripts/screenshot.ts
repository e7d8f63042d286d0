/**
 * Screenshots of the console for the README: `npx tsx scripts/screenshot.ts`.
 * Starts the console on a temporary DATA_DIR, pastes a few mentions in headless Chromium, and saves
 * docs/console.png (the paste page with the queue), docs/console-case.png (a case card) and
 * docs/console-report.png (the day's report with its chart) and docs/console-queue.png (the queue:
 * oldest first, age and SLA, an overdue case, who is on which).
 * Needs Debian's chromium (`apt-get install -y chromium`) and a Korean font (`fonts-noto-cjk`, which
 * .ci/run installs), or Hangul renders as boxes.
 */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseConfig } from "../src/config.js";
import { startConsole } from "../src/console/server.js";
import { startOps } from "../src/ops/index.js";
import { createRuntime } from "../src/runtime.js";
import { hasChromium, INSTALL_HINT, launchChromium } from "../test/support/chromium.js";

const OUT_DIR = path.resolve("docs");

const MENTIONS = [
  "@kim_minji 아이폰4 예약가입 1차로 했는데 2주째 배송 소식이 없네요. 도대체 언제 오나요? https://x.com/kim_minji/status/1790000000000000001",
  "@ollehkt @parkjh 데이터 요금제 바꾸면 위약금 있나요? 학생 할인도 되는지 궁금해요",
  "@ollehkt 새벽 2시에 물어봤는데 바로 답 주셔서 감동했습니다. 감사해요!",
  "@lee_sy 인터넷이 어제 저녁부터 계속 끊겨요. 복구 언제 되나요? https://x.com/lee_sy/status/1790000000000000002",
];

/** More of a day for the report: another delay, a suggestion, an escalation. */
const REPORT_MENTIONS = [
  "@jung_h 예약가입한 폰이 아직도 출고 전이래요. 벌써 열흘째입니다",
  "@idea_lee 매장에 충전기 비치하면 좋을 것 같아요. 제안합니다",
  "@han_jy 요금제 바꾸면 위약금 얼마나 나와요?",
];

async function main(): Promise<void> {
  if (!hasChromium) {
    console.error(INSTALL_HINT);
    process.exit(1);
  }
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "sincerely-shot-"));
  const config = parseConfig({ DATA_DIR: dataDir, CONSOLE_USER: "minji.care" });
  // The first mentions arrived three hours ago, so the queue shows ages and an overdue case.
  let offsetMs = -3 * 3600_000;
  const runtime = await createRuntime(config, { clock: () => new Date(Date.now() + offsetMs) });
  // The operations as `npm start` runs them (report, surges), without watching the data files.
  const ops = await startOps(runtime, { watch: false });
  const web = await startConsole(runtime, { port: 0, host: "127.0.0.1", ops });
  const browser = await launchChromium();
  try {
    await runtime.statuses.set("delay-complaint", "1차 예약 물량 배송 중, 2차 물량은 12월 3일 출고 예정", {
      id: "minji.care",
      name: "minji.care",
      via: "console",
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 860 }, locale: "ko-KR" });
    const caseUrls: string[] = [];
    for (const text of MENTIONS) {
      await page.goto(web.url);
      await page.fill("#paste-text", text);
      await page.click("form[data-paste] button[type=submit]");
      await page.waitForURL(/\/cases\/c\d{8}-/);
      caseUrls.push(page.url());
    }
    offsetMs = 0;
    // One decided case, so the history is not empty.
    await page.goto(caseUrls[2] as string);
    await page.click("[data-action=approve]");
    await page.waitForSelector("[data-decision=approved]");

    fs.mkdirSync(OUT_DIR, { recursive: true });
    await page.goto(web.url);
    await page.fill("#paste-text", "@choi_dev 아이폰 개통했는데 유심 인식이 안 돼요. 어떻게 해야 하나요?");
    await page.screenshot({ path: path.join(OUT_DIR, "console.png") });

    await page.goto(caseUrls[0] as string);
    await page.click("details[data-panel=edit] > summary");
    await page.screenshot({ path: path.join(OUT_DIR, "console-case.png"), fullPage: true });

    for (const text of REPORT_MENTIONS) {
      await page.goto(web.url);
      await page.fill("#paste-text", text);
      await page.click("form[data-paste] button[type=submit]");
      await page.waitForURL(/\/cases\/c\d{8}-/);
      caseUrls.push(page.url());
    }
    await page.goto(caseUrls[0] as string);
    await page.click("[data-action=approve]");
    await page.waitForSelector("[data-decision=approved]");
    await page.goto(caseUrls[6] as string);
    await page.click("[data-action=escalate]");
    await page.waitForSelector("[data-flash]");
    // Someone else is on the internet outage.
    const outage = caseUrls[3]?.split("/").pop() as string;
    await runtime.cases.claim(outage, { id: "soyeon", name: "soyeon", via: "console" });
    await page.goto(`${web.url}queue`);
    await page.screenshot({ path: path.join(OUT_DIR, "console-queue.png"), fullPage: true });

    await page.goto(`${web.url}report`);
    await page.waitForFunction(() => {
      const img = document.querySelector<HTMLImageElement>("img[data-chart]");
      return Boolean(img?.complete && img.naturalWidth > 0);
    });
    await page.screenshot({ path: path.join(OUT_DIR, "console-report.png"), fullPage: true });
    console.log(
      `Saved ${["console.png", "console-case.png", "console-report.png", "console-queue.png"].map((f) => path.join("docs", f)).join(", ")}`,
    );
  } finally {
    await browser.close();
    await web.stop();
    await ops.stop();
    await runtime.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
