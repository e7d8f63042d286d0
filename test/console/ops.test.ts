/**
 * The operations in the console: the daily report (page, chart, Markdown), surges (banner, notice
 * approval, status line), precision from staff corrections, and pack errors found by live reload.
 * Real runtime, real surge monitor and watcher, real HTTP.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { TEXTS } from "../../src/console/i18n.js";
import { surgeMessages } from "../../src/ops/surge.js";
import {
  Client,
  type ConsoleHarness,
  copyPack,
  decodeEntities,
  flashText,
  pollUntil,
  startHarness,
  tickingClock,
} from "./support.js";

const ko = TEXTS.ko;
const en = TEXTS.en;
// 14:00 in Seoul (TIMEZONE defaults to Asia/Seoul): the cases below fall on 2026-11-22.
const START = "2026-11-22T05:00:00Z";
const DAY = "2026-11-22";
const DELAY = "delay-complaint";

const delayMention = (i: number) => `@cust${i} 예약한 아이폰 배송 언제 와요? 주문 ${i}번째 확인 부탁`;
const TARIFF = "@parkjh 데이터 요금제 바꾸면 위약금 있나요? 요금 얼마예요";
const PRAISE = "@ollehkt 새벽에도 답해주셔서 정말 감사합니다!";
const SUGGESTION = "@idea_kim 앱에 다크 모드 추가해 주세요 <script>alert(1)</script> 그러면 좋겠어요";
const NOTICE_URL = "https://notice.example.com/delivery-1122?from=console&x=1";

/** The row of the report's "cases per intent" table for an intent, as [count, change, previous day]. */
function intentRow(page: string, intent: string): string[] | undefined {
  const row = new RegExp(`<tr data-intent-row="${intent}">([\\s\\S]*?)</tr>`).exec(page)?.[1];
  if (!row) return undefined;
  return [...row.matchAll(/<td class="num[^"]*"[^>]*>([^<]*)<\/td>/g)].map((m) => m[1] as string);
}

function rateCount(page: string, key: string): string | undefined {
  return new RegExp(`<tr data-rate="${key}">[\\s\\S]*?<td class="num" data-rate-count>(\\d+)</td>`).exec(
    page,
  )?.[1];
}

describe("the daily report", () => {
  let pack: ReturnType<typeof copyPack>;
  let h: ConsoleHarness;
  let client: Client;

  beforeAll(async () => {
    pack = copyPack();
    // A title with markup in it: labels must be escaped in the page and in the SVG.
    const file = path.join(pack.intentsDir, "suggestion.yaml");
    fs.writeFileSync(
      file,
      fs
        .readFileSync(file, "utf8")
        .replace(/^title: .*$/m, 'title: { ko: "제안 <b>&", en: "Ideas <b> & tips" }'),
    );
    // No `ops`: the report is built from the runtime alone.
    h = await startHarness(
      { INTENTS_DIR: pack.intentsDir, REPLIES_DIR: pack.repliesDir, CONSOLE_USER: "minho" },
      { clock: tickingClock(START) },
    );
    client = new Client(h.base);
  });

  afterAll(async () => {
    await h?.close();
    pack?.cleanup();
  });

  it("shows the day's counts per intent, rates, approval time and the suggestions verbatim, escaped", async () => {
    const delays = [await client.paste(delayMention(1)), await client.paste(delayMention(2))];
    const tariff = await client.paste(TARIFF);
    const suggestion = await client.paste(SUGGESTION);
    const praise = await client.paste(PRAISE);
    // Preconditions: the pack reads these as intended.
    const intents = await Promise.all(
      [...delays, tariff, suggestion, praise].map(async (p) => (await h.runtime.cases.get(p.id))?.intent),
    );
    expect(intents).toEqual([DELAY, DELAY, "tariff-question", "suggestion", "praise"]);

    await client.submit(`/cases/${delays[0]?.id}/approve`, {});
    await client.submit(`/cases/${praise.id}/dismiss`, { reason: "no-reply-needed" });
    await client.submit(`/cases/${tariff.id}/escalate`, {});

    const page = await client.get("/report");
    expect(page.status).toBe(200);
    expect(page.text).toContain(`data-report="${DAY}"`);
    expect(page.text).toContain(`<span class="figure-value" data-total>5</span>`);
    expect(intentRow(page.text, DELAY)?.slice(0, 3)).toEqual(["2", "+2", "0"]);
    expect(intentRow(page.text, "tariff-question")?.slice(0, 3)).toEqual(["1", "+1", "0"]);
    expect(intentRow(page.text, "suggestion")?.slice(0, 3)).toEqual(["1", "+1", "0"]);
    expect(intentRow(page.text, "praise")?.slice(0, 3)).toEqual(["1", "+1", "0"]);
    expect(intentRow(page.text, "event")).toBeUndefined();
    expect(rateCount(page.text, "approved")).toBe("1");
    expect(rateCount(page.text, "dismissed")).toBe("1");
    expect(rateCount(page.text, "pending")).toBe("3");
    expect(page.text).toMatch(/data-approval-time>\s*<dt>/);

    // The escalation waits on the tariff question's department.
    const dept = h.runtime.engines.engine.department("tariff-question");
    const escalations = new RegExp(`<tr data-department="${dept.id}">[\\s\\S]*?</tr>`).exec(page.text)?.[0];
    expect(escalations).toContain(dept.name.ko);
    expect(escalations).toContain(tariff.id);

    // The suggestion, verbatim and as text.
    const quoted = /<blockquote class="customer-text" data-suggestion>([\s\S]*?)<\/blockquote>/.exec(
      page.text,
    );
    const stored = (await h.runtime.cases.get(suggestion.id))?.mention.text as string;
    expect(stored).toContain("<script>alert(1)</script>");
    expect(decodeEntities(quoted?.[1] ?? "")).toBe(stored);
    expect(page.text).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(page.text.match(/<script\b/g)).toHaveLength(1);
    // The intent title with markup is escaped too.
    expect(page.text).toContain("제안 &lt;b&gt;&amp;");
    expect(page.text).not.toContain("<b>&");

    // The chart by reference (CSP: no inline SVG needed), prev/next days, the Markdown download.
    expect(page.text).toContain(`<img src="/report/chart.svg?date=${DAY}"`);
    expect(page.text).toContain(`href="/report?date=2026-11-21"`);
    expect(page.text).not.toContain(`href="/report?date=2026-11-23"`);
    expect(page.text).toContain(`href="/report.md?date=${DAY}"`);
    expect(page.text).toContain('<a href="/report" aria-current="page">');
  });

  it("serves the chart as image/svg+xml with the counts and escaped labels, in the interface language", async () => {
    const svg = await client.get(`/report/chart.svg?date=${DAY}`);
    expect(svg.status).toBe(200);
    expect(svg.headers.get("content-type")).toBe("image/svg+xml");
    expect(svg.headers.get("content-security-policy")).toContain("script-src 'self'");
    expect(svg.text).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg.text).toContain(`유형별 건수 — ${DAY} (5)`);
    expect(svg.text).toContain("제안 &lt;b&gt;&amp;");
    expect(svg.text).not.toContain("<b>");
    expect(svg.text).not.toMatch(/<script/i);
    const delayTitle = h.runtime.engines.engine.pack.intents.find((i) => i.id === DELAY)?.title;
    expect(svg.text).toContain(`>${delayTitle?.ko}</text>`);

    const english = await client.get(`/report/chart.svg?date=${DAY}&lang=en`);
    expect(english.text).toContain("Ideas &lt;b&gt; &amp; tips");
    expect(english.text).toContain(`>${delayTitle?.en}</text>`);
    await client.get("/report?lang=ko");
  });

  it("offers the same report as Markdown, and other days with their own figures", async () => {
    const md = await client.get(`/report.md?date=${DAY}`);
    expect(md.status).toBe(200);
    expect(md.headers.get("content-type")).toBe("text/markdown; charset=utf-8");
    expect(md.headers.get("content-disposition")).toBe(`attachment; filename="sincerely-report-${DAY}.md"`);
    expect(md.text).toContain(`# Daily report — ${DAY}`);
    expect(md.text).toMatch(/- \*\*Delay complaint \(지연 불만\)\*\*: 2 \(\+2 vs\. the day before/);
    expect(md.text).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");

    const before = await client.get("/report?date=2026-11-21");
    expect(before.text).toContain(`<span class="figure-value" data-total>0</span>`);
    expect(before.text).toContain(ko.report.noCases);
    expect(before.text).toContain(`href="/report?date=2026-11-20"`);
    expect(before.text).toContain(`href="/report?date=${DAY}"`);
    // The day after sees yesterday's cases as its "day before".
    const after = await client.get("/report?date=2026-11-23");
    expect(intentRow(after.text, DELAY)?.slice(0, 3)).toEqual(["0", "-2", "2"]);

    for (const bad of ["2026-13-01", "yesterday", "2026-11-22T00:00"]) {
      expect((await client.get(`/report?date=${encodeURIComponent(bad)}`)).status).toBe(400);
      expect((await client.get(`/report/chart.svg?date=${encodeURIComponent(bad)}`)).status).toBe(400);
    }
  });

  it("says the surge monitor is not running when the console has no operations", async () => {
    const page = await client.get("/surges");
    expect(page.status).toBe(200);
    expect(page.text).toContain("data-surges-off");
    expect(page.text).toContain("surge monitor not running");
    expect(page.text).not.toContain("data-surge-banner");
    const posted = await client.submit(`/surges/${DELAY}/notice`, { text: "x", url: NOTICE_URL });
    expect(flashText(posted.text)).toBe(ko.flash.surgesOff);
  });
});

describe("surges", () => {
  let pack: ReturnType<typeof copyPack>;
  let h: ConsoleHarness;
  let client: Client;

  beforeAll(async () => {
    pack = copyPack();
    const file = path.join(pack.intentsDir, "delay-complaint.yaml");
    const yaml = fs.readFileSync(file, "utf8");
    expect(yaml).not.toMatch(/^surge:/m);
    fs.writeFileSync(
      file,
      `${yaml.trimEnd()}\nsurge: { minCount: 3, windowMinutes: 60, rateMultiplier: 1 }\n`,
    );
    h = await startHarness(
      { INTENTS_DIR: pack.intentsDir, REPLIES_DIR: pack.repliesDir, CONSOLE_USER: "minho" },
      { clock: tickingClock(START), ops: { watch: false, onError: (e) => console.error(e) } },
    );
    client = new Client(h.base);
  });

  afterAll(async () => {
    await h?.close();
    pack?.cleanup();
  });

  it("raises a banner on every page once three delay complaints come in, linking to /surges", async () => {
    const ops = h.ops;
    if (!ops) throw new Error("the harness has no ops");
    expect(h.runtime.engines.engine.pack.intents.find((i) => i.id === DELAY)?.surge).toEqual({
      minCount: 3,
      windowMinutes: 60,
      rateMultiplier: 1,
    });
    await client.paste(delayMention(1));
    await client.paste(delayMention(2));
    await ops.surges.idle();
    expect((await client.get("/queue")).text).not.toContain("data-surge-banner");
    await client.paste(delayMention(3));
    await ops.surges.idle();

    const title = h.runtime.engines.engine.pack.intents.find((i) => i.id === DELAY)?.title.ko as string;
    for (const p of ["/", "/queue", "/history", "/status", "/report", "/intents"]) {
      const page = await client.get(p);
      const banner = /<div class="surge-banner"[\s\S]*?<\/div>\s*<\/div>/.exec(page.text)?.[0] ?? "";
      expect(banner, p).toContain(`data-surge="${DELAY}"`);
      expect(decodeEntities(banner)).toContain(`급증: ${title} — 최근 60분 동안 3건`);
      expect(banner).toContain(`href="/surges#surge-${DELAY}"`);
    }
    // The report counts the surge too (built by ops.report).
    expect((await client.get("/report")).text).toMatch(/data-report-surges>[\s\S]*지연 불만/);
  });

  it("shows the surge with sample mentions and the notice draft; the status line set there goes into the draft", async () => {
    const page = await client.get("/surges");
    const box = new RegExp(`<section class="box surge" id="surge-${DELAY}"[\\s\\S]*?</section>`).exec(
      page.text,
    )?.[0];
    expect(box).toBeDefined();
    expect(box).toContain('<span class="figure-value" data-surge-count>3</span>');
    const samples = [...(box ?? "").matchAll(/<li class="customer-text" data-sample>([^<]*)<\/li>/g)].map(
      (m) => decodeEntities(m[1] as string),
    );
    // The three mentions, newest first, as stored.
    const stored = (await h.runtime.cases.list({ intent: DELAY }))
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
      .map((c) => c.mention.text);
    expect(stored).toHaveLength(3);
    expect(samples).toEqual(stored);
    const draft = decodeEntities(
      /<textarea[^>]*data-notice-text>([\s\S]*?)<\/textarea>/.exec(box ?? "")?.[1] ?? "",
    );
    expect(draft).toContain("[배송·개통 지연 안내]");
    expect(page.text).not.toContain("data-surge-banner");
    // The English draft on request.
    const english = await client.get("/surges?draft=en");
    expect(decodeEntities(english.text)).toContain("[Delivery & activation delays]");

    const line = "1차 물량 배송 중, 2차는 12월 3일 출고 예정";
    const after = await client.submit("/status", { intent: DELAY, text: line, return: "surges" });
    expect(after.text).toContain(`id="surge-${DELAY}"`);
    expect((await h.runtime.statuses.get(DELAY))?.text).toBe(line);
    const redrafted = decodeEntities(
      /<textarea[^>]*data-notice-text>([\s\S]*?)<\/textarea>/.exec(after.text)?.[1] ?? "",
    );
    expect(redrafted).toContain(line);
  });

  it("approves the notice with its URL (showing refusals), and the next delay draft links to it", async () => {
    await client.get("/surges");
    const text =
      "[배송 지연 안내] 1차 물량 배송 중입니다. 배송·개통 지원팀(080-000-0200)이 주문 순서대로 보내 드리고 있어요.";

    const bad = await client.submit(`/surges/${DELAY}/notice`, { text, url: "javascript:alert(1)" });
    expect(decodeEntities(flashText(bad.text) ?? "")).toBe(
      `${ko.flash.noticeRefused} ${surgeMessages.badUrl("javascript:alert(1)")}`,
    );
    // The refused text and URL come back in the form.
    expect(decodeEntities(bad.text)).toContain(`data-notice-text>${text}</textarea>`);
    expect(bad.text).toContain('value="javascript:alert(1)"');
    const empty = await client.submit(`/surges/${DELAY}/notice`, { text: "  ", url: NOTICE_URL });
    expect(decodeEntities(flashText(empty.text) ?? "")).toContain(surgeMessages.emptyNotice);
    const notActive = await client.submit("/surges/praise/notice", { text, url: NOTICE_URL });
    expect(decodeEntities(flashText(notActive.text) ?? "")).toContain(surgeMessages.notActive("praise"));
    expect(h.runtime.notices.size).toBe(0);

    const ok = await client.submit(`/surges/${DELAY}/notice`, { text, url: NOTICE_URL });
    const title = h.runtime.engines.engine.pack.intents.find((i) => i.id === DELAY)?.title.ko as string;
    expect(decodeEntities(flashText(ok.text) ?? "")).toBe(ko.flash.noticeApproved(title, NOTICE_URL));
    expect(decodeEntities(ok.text)).toContain(`data-notice-url>${NOTICE_URL}</a>`);
    expect((await h.ops?.surges.get(DELAY))?.notice).toMatchObject({
      text,
      url: NOTICE_URL,
      approvedBy: "minho",
    });

    const { id, page } = await client.paste(delayMention(4));
    const c = await h.runtime.cases.get(id);
    expect(c?.intent).toBe(DELAY);
    expect(c?.draft?.text).toContain(NOTICE_URL);
    expect(decodeEntities(page.text)).toContain(NOTICE_URL);
    // Other intents are not affected.
    const other = await client.paste(TARIFF);
    expect((await h.runtime.cases.get(other.id))?.draft?.text).not.toContain(NOTICE_URL);
  });

  it("shows the surges page in English too", async () => {
    const page = await client.get("/surges?lang=en");
    expect(page.text).toContain(en.surges.intro);
    expect(page.text).toContain(en.surges.live);
    await client.get("/surges?lang=ko");
  });
});

describe("precision and live reload on the intents page", () => {
  it("shows per-intent precision from staff corrections after a reclassification", async () => {
    const h = await startHarness({ CONSOLE_USER: "minho" }, { clock: tickingClock(START) });
    try {
      const client = new Client(h.base);
      const praise = await client.paste(PRAISE);
      const tariff = await client.paste(TARIFF);
      expect((await h.runtime.cases.get(praise.id))?.intent).toBe("praise");
      expect((await h.runtime.cases.get(tariff.id))?.intent).toBe("tariff-question");

      const row = (page: string, intent: string) => {
        const m = new RegExp(
          `<tr data-precision-intent="${intent}">[\\s\\S]*?data-decided>(\\d+)</td><td class="num" data-kept>(\\d+)</td><td class="num[^"]*" data-precision>([\\s\\S]*?)</td></tr>`,
        ).exec(page);
        return m ? [m[1], m[2], m[3]?.replace(/<[^>]+>/g, "")] : undefined;
      };
      const before = await client.get("/intents");
      expect(before.text).toContain(ko.intents.staffPrecision(7));
      expect(row(before.text, "praise")).toEqual(["0", "0", "—"]);

      // Staff move the praise to "suggestion", then approve it; the tariff answer is approved as is.
      await client.submit(`/cases/${praise.id}/reclassify`, { intent: "suggestion" });
      await client.submit(`/cases/${praise.id}/approve`, {});
      await client.submit(`/cases/${tariff.id}/approve`, {});

      const after = await client.get("/intents");
      expect(row(after.text, "praise")).toEqual(["1", "0", "0.0%"]);
      expect(row(after.text, "tariff-question")).toEqual(["1", "1", "100.0%"]);
      // The intent it was moved to was not the classifier's choice: nothing decided under it.
      expect(row(after.text, "suggestion")).toEqual(["0", "0", "—"]);
    } finally {
      // The cross-validation child the page started is stopped by close.
      await h.close();
    }
  });

  it("shows a broken file found by the live reload watcher with file:line, while the last good pack serves", async () => {
    const pack = copyPack();
    const notes: string[] = [];
    const failures: unknown[] = [];
    const h = await startHarness(
      { INTENTS_DIR: pack.intentsDir, REPLIES_DIR: pack.repliesDir },
      { ops: { watch: true, log: (line) => notes.push(line), onError: (e) => failures.push(e) } },
    );
    try {
      const client = new Client(h.base);
      const engine = h.runtime.engines.engine;
      expect((await client.get("/intents")).text).toMatch(/data-problems="0"|class="warning"/);
      expect(h.runtime.engines.problems.filter((p) => p.severity === "error")).toEqual([]);

      fs.writeFileSync(path.join(pack.intentsDir, "praise.yaml"), "id: praise\ntitle: [not, a, map\n");
      const page = await pollUntil(
        () => client.get("/intents"),
        (p) => p.text.includes('<li class="error">'),
        { tries: 100, everyMs: 200 },
      );
      const errors = [...page.text.matchAll(/<li class="error"><code>([^<]*)<\/code><\/li>/g)].map((m) =>
        decodeEntities(m[1] as string),
      );
      expect(errors.length).toBeGreaterThan(0);
      expect(errors.some((e) => /praise\.yaml:\d+: /.test(e))).toBe(true);
      expect(h.runtime.engines.engine).toBe(engine);
      // The console still serves cases with the last good pack.
      const { id } = await client.paste(PRAISE);
      expect((await h.runtime.cases.get(id))?.intent).toBe("praise");
      expect(notes.some((n) => n.includes("still using the last good pack"))).toBe(true);
      expect(failures).toEqual([]);
    } finally {
      await h.close();
      pack.cleanup();
    }
  });
});
