import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { CaseResult } from "../../src/cases/types.js";
import type { Config } from "../../src/config.js";
import { CrossValidationRunner, CV_FOLDS } from "../../src/console/cross-validation.js";
import { percent } from "../../src/console/format.js";
import { escapeHtml, html, safeHref } from "../../src/console/html.js";
import { localizeMessage, TEXTS } from "../../src/console/i18n.js";
import { CONTENT_SECURITY_POLICY } from "../../src/console/security.js";
import { startConsole } from "../../src/console/server.js";
import { crossValidate, type Evaluation } from "../../src/core/evaluate.js";
import type { PackDirs } from "../../src/pack/load.js";
import type { Runtime } from "../../src/runtime.js";
import { CARE_INTENTS } from "../support/care-pack.js";
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
const USER = "minho";
const TOKEN = "console-token-for-tests-0123456789";

const DELAY =
  "@kim_minji 아이폰4 예약가입 1차로 했는데 2주째 배송 소식이 없네요. 언제 오나요? https://x.com/kim_minji/status/1790000000000000001";
const TARIFF = "@parkjh 데이터 요금제 바꾸면 위약금 있나요? 요금 얼마예요";
const PRAISE = "@ollehkt 새벽에도 답해주셔서 정말 감사합니다!";
const XSS = `@evil <script>alert("x")</script><img src=x onerror=alert(1)> & 'quoted'`;

let h: ConsoleHarness;
let client: Client;

beforeAll(async () => {
  h = await startHarness({ CONSOLE_USER: USER, CONSOLE_TOKEN: TOKEN }, { clock: tickingClock() });
  client = new Client(h.base);
});

afterAll(async () => {
  await h?.close();
});

async function pendingCount(runtime: Runtime = h.runtime): Promise<number> {
  return (await runtime.cases.list({ state: "pending" })).length;
}

/** A raw request, for headers fetch will not let a test set (Host). */
function rawGet(
  base: string,
  pathname: string,
  headers: Record<string, string>,
): Promise<{ status: number }> {
  return new Promise((resolve, reject) => {
    const req = http.get(base + pathname, { headers }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0 }));
    });
    req.on("error", reject);
  });
}

describe("the html helper", () => {
  it("escapes every interpolation unless it is already html, and keeps hrefs to http(s) and our paths", () => {
    const evil = `<img src=x onerror="alert(1)">'&\``;
    expect(escapeHtml(evil)).toBe("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;&#39;&amp;&#96;");
    const inner = html`<b>${evil}</b>`;
    expect(html`<p title="${evil}">${inner}${[evil, 2]}${null}${false}</p>`.value).toBe(
      `<p title="${escapeHtml(evil)}"><b>${escapeHtml(evil)}</b>${escapeHtml(evil)}2</p>`,
    );
    expect(safeHref("javascript:alert(1)")).toBe("#");
    expect(safeHref("//evil.example/x")).toBe("#");
    expect(safeHref("/cases/c1")).toBe("/cases/c1");
    expect(safeHref("https://x.com/a/status/1")).toBe("https://x.com/a/status/1");
  });
});

describe("pages and headers", () => {
  it("serves the paste page with the security headers, a SameSite=Strict CSRF cookie and no inline script or style", async () => {
    const c = new Client(h.base);
    const home = await c.get("/");
    expect(home.status).toBe(200);
    expect(home.headers.get("content-security-policy")).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(home.headers.get("x-content-type-options")).toBe("nosniff");
    expect(home.headers.get("referrer-policy")).toBe("no-referrer");
    expect(home.headers.get("x-frame-options")).toBe("DENY");
    expect(home.headers.get("cache-control")).toBe("no-store");
    const csrfCookie = home.headers.getSetCookie().find((s) => s.startsWith("sincerely_csrf="));
    expect(csrfCookie).toMatch(/HttpOnly/);
    expect(csrfCookie).toMatch(/SameSite=Strict/);
    expect(c.csrf).not.toBe("");
    expect(home.text).toMatch(/<textarea id="paste-text" name="text"[^>]*autofocus/);
    // Every script comes from our own file; no inline handlers or style attributes the CSP would block.
    expect(home.text.match(/<script\b[^>]*>/g)).toEqual(['<script src="/assets/console.js" defer>']);
    expect(home.text).not.toMatch(/\son[a-z]+=/i);
    expect(home.text).not.toMatch(/\sstyle=/i);
  });

  it("serves the script, the stylesheet and the icon as static files", async () => {
    const js = await client.get("/assets/console.js");
    expect(js.status).toBe(200);
    expect(js.headers.get("content-type")).toBe("text/javascript; charset=utf-8");
    expect(js.text).toContain("weightedLength");
    const css = await client.get("/assets/console.css");
    expect(css.headers.get("content-type")).toBe("text/css; charset=utf-8");
    expect((await client.get("/assets/favicon.svg")).headers.get("content-type")).toBe("image/svg+xml");
  });

  it("answers 404 for unknown pages and cases, 405 with Allow for the wrong method, and HEAD like GET", async () => {
    expect((await client.get("/nope")).status).toBe(404);
    expect((await client.get("/cases/c20260101-000000-zzzz")).status).toBe(404);
    expect((await client.get("/cases/../../etc/passwd")).status).toBe(404);
    expect((await client.get("/cases/not-a-case-id")).status).toBe(404);

    const getOnPost = await client.get("/cases/c20260101-000000-zzzz/approve");
    expect(getOnPost.status).toBe(405);
    expect(getOnPost.headers.get("allow")).toBe("POST");
    const deleteHome = await client.request("DELETE", "/");
    expect(deleteHome.status).toBe(405);
    expect(deleteHome.headers.get("allow")).toBe("GET, HEAD");
    expect((await client.post("/assets/console.js", {})).status).toBe(405);

    const head = await client.request("HEAD", "/queue");
    expect(head.status).toBe(200);
    expect(head.text).toBe("");
  });

  it("refuses a body over 64 KB with 413 and a non-form body with 415, creating nothing", async () => {
    await client.get("/");
    const before = await pendingCount();
    const big = await client.post("/cases", { text: "배송 ".repeat(30_000) });
    expect(big.status).toBe(413);
    const json = await client.request("POST", "/cases", {
      body: JSON.stringify({ text: "배송 언제 와요", _csrf: client.csrf }),
      headers: { "content-type": "application/json" },
    });
    expect(json.status).toBe(415);
    expect(await pendingCount()).toBe(before);
    // The console still answers afterwards.
    expect((await client.get("/")).status).toBe(200);
  });

  it("answers only to loopback Host names when bound to loopback (DNS rebinding)", async () => {
    expect((await rawGet(h.base, "/", { Host: "evil.example" })).status).toBe(400);
    expect((await rawGet(h.base, "/", { Host: "evil.example:80" })).status).toBe(400);
    expect((await rawGet(h.base, "/", { Host: `localhost:${new URL(h.base).port}` })).status).toBe(200);
  });

  it("switches the interface language with ?lang= and remembers it in a cookie", async () => {
    const c = new Client(h.base);
    expect((await c.get("/queue")).text).toContain(`<html lang="ko">`);
    const en = await c.get("/queue?lang=en");
    expect(en.text).toContain(`<html lang="en">`);
    expect(en.text).toContain(TEXTS.en.queue.intro);
    expect((await c.get("/history")).text).toContain(TEXTS.en.history.intro);
    expect((await c.get("/history?lang=ko")).text).toContain(ko.history.intro);
  });
});

describe("pasting and deciding", () => {
  it("pastes a mention: the case is stored and its card shows intent, confidence, evidence, department, draft and length", async () => {
    const { id, page } = await client.paste(DELAY);
    const c = await h.runtime.cases.get(id);
    expect(c).toBeDefined();
    if (!c) return;
    const engine = h.runtime.engines.engine;
    expect(c.source.kind).toBe("console");
    expect(c.events[0]?.actor).toEqual({ id: USER, name: USER, via: "console" });
    expect(c.mention).toMatchObject({ handle: "kim_minji", postId: "1790000000000000001" });
    expect(c.intent).toBe(engine.classify(c.mention.text).intent);
    expect(c.draft).not.toBeNull();

    expect(flashText(page.text)).toBe(ko.flash.created);
    const text = decodeEntities(page.text);
    const intent = engine.pack.intents.find((i) => i.id === c.intent);
    const dept = engine.department(c.intent);
    expect(text).toContain(c.mention.text);
    expect(text).toContain(intent?.title.ko);
    expect(text).toContain(`${Math.round(c.classification.confidence * 100)}%`);
    expect(text).toContain(String(c.classification.evidence[0]?.value));
    expect(text).toContain(dept.name.ko);
    expect(text).toContain(dept.hotline);
    expect(text).toContain(dept.hours.ko);
    expect(text).toContain(c.draft?.text);
    expect(page.text).toContain(`${c.draft?.length}/280`);
    // The actions, keyboard-reachable.
    expect(page.text).toMatch(/accesskey="a"[^>]*data-action="approve"/);
    for (const action of ["edit", "reclassify", "escalate", "dismiss"])
      expect(page.text).toContain(`data-action="${action}"`);
  });

  it("says which other company a pasted mention tags when that makes it unknown", async () => {
    const { id, page } = await client.paste("@cjlogistics 택배 3일째 안 와요 어떻게 된 거예요");
    const c = await h.runtime.cases.get(id);
    expect(c?.intent).toBe("unknown");
    expect(c?.mention.handle).toBeUndefined();
    const text = decodeEntities(page.text);
    expect(text).toContain(ko.card.company);
    expect(text).toContain("@cjlogistics");
  });

  it("makes one case when the same paste form is sent twice (double click)", async () => {
    const home = await client.get("/");
    const nonce = /name="nonce" value="([^"]+)"/.exec(home.text)?.[1] ?? "";
    const first = await client.post("/cases", { text: PRAISE, nonce });
    const second = await client.post("/cases", { text: PRAISE, nonce });
    expect(first.status).toBe(303);
    expect(second.location).toBe(first.location);
    expect(flashText((await client.get(second.location as string)).text)).toBe(ko.flash.existing);
  });

  it("refuses an empty paste with a message and keeps the person on the paste page", async () => {
    const before = await pendingCount();
    const page = await client.submit("/cases", { text: "   " });
    expect(flashText(page.text)).toContain(ko.flash.emptyPaste);
    expect(page.text).toContain('id="paste-text"');
    expect(await pendingCount()).toBe(before);
  });

  it("approves as the console user, links X's composer as a reply to the post, and reports a second approval as a conflict", async () => {
    const { id } = await client.paste(DELAY);
    const approved = await client.submit(`/cases/${id}/approve`, {});
    const c = await h.runtime.cases.get(id);
    expect(c?.state).toBe("approved");
    expect(c?.approved?.by).toEqual({ id: USER, name: USER, via: "console" });
    expect(c?.approved?.text).toBe(c?.draft?.text);
    expect(flashText(approved.text)).toBe(ko.flash.approved);
    expect(approved.text).toContain('data-decision="approved"');
    const composer = /<a class="button primary" href="([^"]+)"[^>]*data-composer/.exec(approved.text)?.[1];
    expect(composer).toBeDefined();
    const url = new URL(decodeEntities(composer as string));
    expect(url.origin + url.pathname).toBe("https://x.com/intent/post");
    expect(url.searchParams.get("in_reply_to")).toBe("1790000000000000001");
    expect(url.searchParams.get("text")).toBe(c?.approved?.text);
    // A decided case offers no actions any more.
    expect(approved.text).not.toContain('data-action="approve"');

    const again = await client.submit(`/cases/${id}/approve`, {});
    expect(flashText(again.text)).toContain(ko.flash.conflict);
    expect(flashText(again.text)).toMatch(new RegExp(`${USER} 님이 \\d\\d:\\d\\d에 이미 승인했습니다`));
    expect((await h.runtime.cases.get(id))?.events.filter((e) => e.type === "approved")).toHaveLength(1);
  });

  it("refuses to approve a draft another person changed after the page was rendered, showing the new text", async () => {
    const { id } = await client.paste(DELAY);
    const page = await client.get(`/cases/${id}`);
    const seen = /name="version" value="(\d+)"/.exec(page.text)?.[1];
    expect(seen).toBe("1");
    const newer = `${(await h.runtime.cases.get(id))?.draft?.text} 오늘 18시까지 다시 안내드립니다.`;
    expect((await h.runtime.cases.edit(id, { id: "other", name: "other", via: "console" }, newer)).ok).toBe(
      true,
    );

    const refused = await client.submit(`/cases/${id}/approve`, { version: seen as string });
    // The Korean console says it in Korean, with the text the approver has not seen yet.
    expect(flashText(refused.text)).toContain(`그 사이 초안이 바뀌었습니다: ${newer}`);
    expect((await h.runtime.cases.get(id))?.state).toBe("pending");
    const fresh = /name="version" value="(\d+)"/.exec(refused.text)?.[1];
    const approved = await client.submit(`/cases/${id}/approve`, { version: fresh as string });
    expect(flashText(approved.text)).toBe(ko.flash.approved);
    expect((await h.runtime.cases.get(id))?.approved?.text).toBe(newer);
  });

  it("an edit that fails the draft check shows the problems, keeps the typed text, and changes nothing", async () => {
    const { id } = await client.paste(DELAY);
    const before = await h.runtime.cases.get(id);
    const apologyOnly = "정말 죄송합니다.";
    // The check explains itself in the console's language (Korean here), not in English.
    const problems = h.runtime.engines.engine.checkDraft(apologyOnly, "ko").problems;
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0]).not.toBe(h.runtime.engines.engine.checkDraft(apologyOnly, "en").problems[0]);

    const page = await client.submit(`/cases/${id}/edit`, { text: apologyOnly });
    expect(flashText(page.text)).toContain(ko.flash.invalid);
    expect(decodeEntities(page.text)).toContain(localizeMessage("ko", problems[0] as string));
    expect(page.text).toMatch(/<ul class="problems" data-problems>/);
    expect(page.text).toContain(`>${apologyOnly}</textarea>`);
    expect(await h.runtime.cases.get(id)).toEqual(before);
  });

  it("a valid edit replaces the draft (marked edited) and shows its weighted length", async () => {
    const { id } = await client.paste(DELAY);
    const text =
      "@kim_minji 늦어져 죄송합니다. 배송·개통 지원팀 080-000-0200(매일 09:00~21:00)에서 오늘 안에 연락드리겠습니다.";
    const check = h.runtime.engines.engine.checkDraft(text);
    expect(check.ok).toBe(true);

    const page = await client.submit(`/cases/${id}/edit`, { text });
    const c = await h.runtime.cases.get(id);
    expect(c?.draft).toMatchObject({ text, edited: true, length: check.length });
    expect(flashText(page.text)).toBe(ko.flash.edited);
    expect(decodeEntities(page.text)).toContain(text);
    expect(page.text).toContain(`${check.length}/280`);
    expect(c?.events.at(-1)).toMatchObject({ type: "edited", actor: { id: USER, via: "console" } });
  });

  it("reclassifies to any intent of the pack, redrafting for the new department; an unknown intent is refused", async () => {
    const { id, page } = await client.paste(TARIFF);
    const engine = h.runtime.engines.engine;
    for (const intentId of engine.intentIds()) expect(page.text).toContain(`<option value="${intentId}"`);
    const target = engine
      .intentIds()
      .find((i) => i !== "unknown" && i !== engine.classify("요금제 위약금").intent) as string;

    const after = await client.submit(`/cases/${id}/reclassify`, { intent: target });
    const c = await h.runtime.cases.get(id);
    expect(c?.intent).toBe(target);
    expect(c?.department).toBe(engine.department(target).id);
    expect(c?.events.at(-1)?.type).toBe("reclassified");
    const title = engine.pack.intents.find((i) => i.id === target)?.title.ko as string;
    expect(decodeEntities(flashText(after.text) ?? "")).toBe(ko.flash.reclassified(title));
    expect(after.text).toContain(`data-intent="${target}"`);

    const refused = await client.submit(`/cases/${id}/reclassify`, { intent: "no-such-intent" });
    expect(flashText(refused.text)).toContain(ko.flash.invalid);
    expect(decodeEntities(flashText(refused.text) ?? "")).toContain('알 수 없는 의도 "no-such-intent"');
    expect((await h.runtime.cases.get(id))?.intent).toBe(target);
  });

  it("escalates: records it and shows the case as waiting on its department, in the card and the queue", async () => {
    const { id } = await client.paste(TARIFF);
    const page = await client.submit(`/cases/${id}/escalate`, {});
    const c = await h.runtime.cases.get(id);
    expect(c?.escalation).toMatchObject({
      department: c?.department,
      by: { id: USER, via: "console" },
      replies: [],
    });
    const deptName = h.runtime.engines.engine.department(c?.intent as string).name.ko;
    expect(decodeEntities(page.text)).toContain(ko.escalation.waitingOn(deptName));
    expect(page.text).not.toContain('data-action="escalate"');
    const queue = await client.get("/queue");
    const row = new RegExp(`<tr data-case-id="${id}"[\\s\\S]*?</tr>`).exec(queue.text)?.[0] ?? "";
    expect(decodeEntities(row)).toContain(ko.escalation.waitingOn(deptName));
  });

  it("dismisses with a reason and note; an unknown reason is refused", async () => {
    const { id } = await client.paste(PRAISE);
    const refused = await client.submit(`/cases/${id}/dismiss`, { reason: "bored" });
    expect(flashText(refused.text)).toContain(ko.flash.invalid);
    expect((await h.runtime.cases.get(id))?.state).toBe("pending");

    const page = await client.submit(`/cases/${id}/dismiss`, {
      reason: "duplicate",
      note: "same as yesterday",
    });
    const c = await h.runtime.cases.get(id);
    expect(c?.state).toBe("dismissed");
    expect(c?.dismissed).toMatchObject({ reason: "duplicate", note: "same as yesterday", by: { id: USER } });
    expect(flashText(page.text)).toBe(ko.flash.dismissed);
    expect(page.text).toContain('data-decision="dismissed"');
    expect(page.text).toContain(ko.reasons.duplicate);
  });

  it("shows a forbidden result from the case service as a flash message", async () => {
    const { id } = await client.paste(TARIFF);
    const forbidden: CaseResult = { ok: false, code: "forbidden", message: "minho may not decide on cases." };
    // The real service, except that approval is refused (as for a Slack user not on the approver list).
    const real = h.runtime.cases;
    const cases = new Proxy(real, {
      get(target, prop) {
        if (prop === "approve") return async () => forbidden;
        const value = Reflect.get(target, prop, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    const other = await startConsole({ ...h.runtime, cases }, { port: 0, host: "127.0.0.1" });
    try {
      const c = new Client(other.url.replace(/\/$/, ""));
      await c.get(`/cases/${id}`);
      const page = await c.submit(`/cases/${id}/approve`, {});
      expect(flashText(page.text)).toBe(`${ko.flash.forbidden} ${localizeMessage("ko", forbidden.message)}`);
      expect(localizeMessage("ko", forbidden.message)).toContain("권한이 없습니다");
      expect((await h.runtime.cases.get(id))?.state).toBe("pending");
    } finally {
      await other.stop();
    }
  });
});

describe("queue and history", () => {
  it("lists pending cases oldest first, filters by intent, and lists decided ones with who and when", async () => {
    const a = await client.paste(DELAY);
    const b = await client.paste(TARIFF);
    const c = await client.paste(DELAY);
    const engine = h.runtime.engines.engine;
    const delayIntent = (await h.runtime.cases.get(a.id))?.intent as string;
    const tariffIntent = (await h.runtime.cases.get(b.id))?.intent as string;
    expect(delayIntent).not.toBe(tariffIntent);

    const queue = await client.get("/queue");
    const order = [...queue.text.matchAll(/<tr data-case-id="([^"]+)"/g)].map((m) => m[1]);
    expect(order.indexOf(a.id)).toBeLessThan(order.indexOf(b.id));
    expect(order.indexOf(b.id)).toBeLessThan(order.indexOf(c.id));
    const newest = await client.get("/queue?order=newest");
    const reversed = [...newest.text.matchAll(/<tr data-case-id="([^"]+)"/g)].map((m) => m[1]);
    expect(reversed).toEqual([...order].reverse());
    expect(order).toHaveLength(await pendingCount());

    const filtered = await client.get(`/queue?intent=${delayIntent}`);
    const ids = [...filtered.text.matchAll(/<tr data-case-id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toContain(a.id);
    expect(ids).toContain(c.id);
    expect(ids).not.toContain(b.id);
    expect(filtered.text).toContain(`<option value="${delayIntent}" selected>`);

    await client.submit(`/cases/${a.id}/approve`, {});
    await client.submit(`/cases/${b.id}/dismiss`, { reason: "spam" });
    const history = await client.get("/history");
    const rows = [
      ...history.text.matchAll(/<tr data-case-id="([^"]+)" data-state="([a-z]+)">([\s\S]*?)<\/tr>/g),
    ];
    const byId = new Map(rows.map((m) => [m[1], m]));
    expect(byId.get(a.id)?.[2]).toBe("approved");
    expect(byId.get(b.id)?.[2]).toBe("dismissed");
    expect(byId.get(a.id)?.[3]).toContain(`<td class="nowrap" data-by>${USER}</td>`);
    expect(byId.get(a.id)?.[3]).toMatch(/<time datetime="[^"]+"/);
    // Most recently decided first: the dismissal came after the approval.
    expect(rows.findIndex((m) => m[1] === b.id)).toBeLessThan(rows.findIndex((m) => m[1] === a.id));
    expect(byId.has(c.id)).toBe(false);
    const approvedOnly = await client.get("/history?state=approved");
    expect(approvedOnly.text).toContain(a.id);
    expect(approvedOnly.text).not.toContain(`data-case-id="${b.id}"`);
    expect(engine.intentIds()).toContain(delayIntent);
  });
});

describe("status lines", () => {
  it("sets a line per intent, shows it with who and when, and quotes it in new drafts", async () => {
    await client.get("/status");
    const intent = "delay-complaint";
    const line = "1차 물량 배송 중, 2차는 12월 3일 출고 예정";
    const title = h.runtime.engines.engine.pack.intents.find((i) => i.id === intent)?.title.ko as string;
    const page = await client.submit("/status", { intent, text: line });
    expect(decodeEntities(flashText(page.text) ?? "")).toBe(ko.flash.statusSet(title));
    const row = new RegExp(`<tr id="status-${intent}"[\\s\\S]*?</tr>`).exec(page.text)?.[0] ?? "";
    expect(row).toContain(line);
    expect(row).toContain(USER);
    expect(row).toMatch(/<time datetime="[^"]+"/);
    expect((await h.runtime.statuses.get(intent))?.text).toBe(line);

    const { id, page: card } = await client.paste(DELAY);
    const c = await h.runtime.cases.get(id);
    expect(c?.intent).toBe(intent);
    expect(c?.draft?.text).toContain(line);
    expect(decodeEntities(card.text)).toContain(`<p data-status-line>${line}</p>`);
    expect(card.text).toContain(ko.card.statusUsed);

    const cleared = await client.submit("/status", { intent, text: "" });
    expect(decodeEntities(flashText(cleared.text) ?? "")).toBe(ko.flash.statusCleared(title));
    expect(await h.runtime.statuses.get(intent)).toBeUndefined();

    const unknown = await client.submit("/status", { intent: "nope", text: "x" });
    expect(flashText(unknown.text)).toContain(ko.flash.unknownIntent);
  });
});

describe("intents", () => {
  // The real cross-validation trains k classifiers in a child process: seconds, more on a busy machine.
  const CV_TIMEOUT = 180_000;
  /** Reads /intents until the cross-validation box has settled (bounded: about two minutes). */
  const settledIntents = (c: Client) =>
    pollUntil(
      () => c.get("/intents"),
      (page) => !page.text.includes('data-cv="computing"'),
      { tries: 480, everyMs: 250 },
    );

  it(
    "shows the loaded pack and the validate result at once, and the cross-validation figures once the child process is done",
    async () => {
      const engine = h.runtime.engines.engine;
      const first = await client.get("/intents");
      expect(first.status).toBe(200);
      for (const i of engine.pack.intents) expect(first.text).toContain(`<tr data-intent="${i.id}">`);
      expect(first.text).toContain(`data-problems="${h.runtime.engines.problems.length}"`);
      for (const d of engine.pack.departments) expect(first.text).toContain(d.hotline);
      expect(first.text).toContain('action="/intents/reload"');
      // The request does not wait for the figures: they are being computed in the background.
      expect(first.text).toContain('data-cv="computing"');
      expect(first.text).toContain(ko.intents.cvComputing);
      // Meanwhile the console answers other pages.
      expect((await client.get("/queue")).status).toBe(200);

      const page = await settledIntents(client);
      expect(page.text).toContain('data-cv="done"');
      // The child computed the same figures as cross-validating the loaded pack in this process.
      const expected = crossValidate(engine.pack, CV_FOLDS);
      expect(page.text).toContain(
        `<span class="figure-value" data-accuracy>${percent(expected.accuracy, 1)}</span>`,
      );
      expect(page.text).toContain(`<span class="figure-value">${expected.total}</span>`);
      for (const m of expected.perIntent) {
        expect(page.text).toContain(
          `<tr><td><code>${m.intent}</code></td><td class="num">${percent(m.precision, 1)}</td><td class="num">${percent(m.recall, 1)}</td>`,
        );
      }
      // Kept for the loaded pack: the next visit shows the figures at once.
      expect((await client.get("/intents")).text).toContain('data-cv="done"');
    },
    CV_TIMEOUT,
  );

  it("reloads the pack on request, and the new pack's figures are computed anew", async () => {
    const engine = h.runtime.engines.engine;
    await client.get("/status");
    const posted = await client.post("/intents/reload", {});
    expect(posted.status).toBe(303);
    expect(posted.location).toBe("/intents");
    expect(h.runtime.engines.engine).not.toBe(engine);
    const page = await client.get("/intents");
    expect(flashText(page.text)).toBe(ko.flash.reloaded);
    expect(page.text).toContain('data-cv="computing"');
  });

  it("computes once per loaded pack, starts again when loadedAt changes (stopping the older run), and reports failures", async () => {
    const calls: Array<{ dirs: PackDirs; signal: AbortSignal; settle: Deferred<Evaluation> }> = [];
    const runner = new CrossValidationRunner({
      compute: (dirs, _k, signal) => {
        const settle = deferred<Evaluation>();
        calls.push({ dirs, signal, settle });
        return settle.promise;
      },
    });
    const dirs: PackDirs = { intentsDir: "/x/intents", repliesDir: "/x/replies" };
    const holder = { dirs, loadedAt: new Date("2026-11-22T05:00:00Z") };
    expect(runner.state(holder).status).toBe("computing");
    expect(runner.state(holder).status).toBe("computing");
    expect(calls).toHaveLength(1);
    expect(calls[0]?.dirs).toEqual(dirs);

    // A reload while the first run is in flight: the first is stopped and its result ignored.
    const reloaded = { dirs, loadedAt: new Date("2026-11-22T05:10:00Z") };
    expect(runner.state(reloaded).status).toBe("computing");
    expect(calls).toHaveLength(2);
    expect(calls[0]?.signal.aborted).toBe(true);
    calls[0]?.settle.resolve(fakeEvaluation(0.1));
    calls[1]?.settle.resolve(fakeEvaluation(0.9));
    await settled();
    const done = runner.state(reloaded);
    expect(done.status === "done" && done.evaluation.accuracy).toBe(0.9);
    expect(calls).toHaveLength(2);

    const third = { dirs, loadedAt: new Date("2026-11-22T05:20:00Z") };
    runner.state(third);
    calls[2]?.settle.reject(new Error("intents/praise.yaml:2: broken"));
    await settled();
    const failed = runner.state(third);
    expect(failed.status === "failed" && failed.error).toBe("intents/praise.yaml:2: broken");
    // A failure stays until asked again (or the next reload).
    expect(calls).toHaveLength(3);
    expect(runner.state(third, { retry: true }).status).toBe("computing");
    expect(calls).toHaveLength(4);
    runner.stop();
    expect(calls[3]?.signal.aborted).toBe(true);
  });

  it("renders what the runner has: figures, or its error as text, without waiting in the request", async () => {
    let finish: Deferred<Evaluation> = deferred();
    const runner = new CrossValidationRunner({ compute: () => finish.promise });
    const other = await startHarness({}, { crossValidation: runner });
    try {
      const c = new Client(other.base);
      expect((await c.get("/intents")).text).toContain('data-cv="computing"');
      expect((await c.get("/queue")).status).toBe(200);
      finish.resolve(fakeEvaluation(0.42));
      await settled();
      const page = await c.get("/intents");
      expect(page.text).toContain('<span class="figure-value" data-accuracy>42.0%</span>');

      finish = deferred();
      expect((await c.get("/intents?cv=retry")).location).toBe("/intents");
      expect(runner.state(other.runtime.engines).status).toBe("done");
      await c.get("/status");
      await c.post("/intents/reload", {});
      expect((await c.get("/intents")).text).toContain('data-cv="computing"');
      finish.reject(new Error('eval failed: <script>alert("x")</script>'));
      await settled();
      const failed = await c.get("/intents");
      expect(failed.text).toContain('data-cv="failed"');
      expect(failed.text).toContain(ko.intents.cvFailed);
      expect(failed.text).toContain("eval failed: &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
      expect(failed.text).not.toContain("<script>alert");
    } finally {
      await other.close();
    }
  });

  it(
    "shows the child's error with file:line when the files on disk do not load",
    async () => {
      const pack = copyPack();
      const other = await startHarness({ INTENTS_DIR: pack.intentsDir, REPLIES_DIR: pack.repliesDir });
      try {
        // Broken on disk after the pack was loaded (and not reloaded): the child reads the files.
        fs.writeFileSync(path.join(pack.intentsDir, "praise.yaml"), "id: praise\ntitle: [not, a, map\n");
        const c = new Client(other.base);
        expect((await c.get("/intents")).text).toContain('data-cv="computing"');
        const page = await settledIntents(c);
        expect(page.text).toContain('data-cv="failed"');
        const error = decodeEntities(/<pre class="small">([\s\S]*?)<\/pre>/.exec(page.text)?.[1] ?? "");
        expect(error).toMatch(/sincerely eval --cv 5 failed \(exit code 1\)/);
        expect(error).toMatch(/praise\.yaml:\d+: /);
        expect(page.text).toContain('href="/intents?cv=retry"');
      } finally {
        await other.close();
        pack.cleanup();
      }
    },
    CV_TIMEOUT,
  );

  it("keeps the last good pack when a reload finds errors, and says where they are", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "sincerely-"));
    const intentsDir = path.join(dir, "intents");
    fs.cpSync(CARE_INTENTS, intentsDir, { recursive: true });
    const other = await startHarness({ INTENTS_DIR: intentsDir });
    try {
      const c = new Client(other.base);
      await c.get("/status");
      const engine = other.runtime.engines.engine;
      fs.writeFileSync(path.join(intentsDir, "praise.yaml"), "id: praise\ntitle: [not, a, map\n");
      expect((await c.post("/intents/reload", {})).status).toBe(303);
      const flash = flashText((await c.get("/status")).text);
      expect(flash).toContain(ko.flash.reloadFailed);
      expect(flash).toContain("praise.yaml:");
      expect(other.runtime.engines.engine).toBe(engine);
    } finally {
      await other.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: unknown): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // A run that was stopped may be rejected with nobody listening.
  promise.catch(() => {});
  return { promise, resolve, reject };
}

/** Lets settled promises' callbacks run. */
function settled(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function fakeEvaluation(accuracy: number): Evaluation {
  return {
    total: 10,
    accuracy,
    macroF1: accuracy,
    perIntent: [{ intent: "praise", precision: accuracy, recall: accuracy, f1: accuracy, support: 10 }],
    confusion: { praise: { praise: 10 } },
    labels: ["praise"],
    mistakes: [],
  };
}

describe("safety", () => {
  it("shows pasted markup as text everywhere, never as markup", async () => {
    const { id, page } = await client.paste(XSS);
    const c = await h.runtime.cases.get(id);
    const escaped = escapeHtml(c?.mention.text as string);
    expect(escaped).toContain("&lt;script&gt;");
    for (const p of [page.text, (await client.get("/queue")).text]) {
      expect(p).toContain(escaped.slice(0, 40));
      expect(p).not.toContain("<script>alert");
      expect(p).not.toContain("<img src=x");
      expect(p.match(/<script\b/g)).toHaveLength(1);
    }
    // Refused edit text comes back inside the textarea, escaped, so it cannot close it.
    const edit = await client.submit(`/cases/${id}/edit`, {
      text: "</textarea><img src=x onerror=alert(2)>",
    });
    expect(edit.text).toContain("&lt;/textarea&gt;&lt;img src=x onerror=alert(2)&gt;</textarea>");
    expect(edit.text).not.toContain("<img src=x");
    await client.submit(`/cases/${id}/dismiss`, { reason: "spam", note: "<b>bold</b>" });
    const history = await client.get("/history");
    expect(history.text).toContain("&lt;b&gt;bold&lt;/b&gt;");
    expect(history.text).not.toContain("<b>bold</b>");
  });

  it("refuses form posts without the CSRF token, with a foreign Origin, Referer or Sec-Fetch-Site", async () => {
    const c = new Client(h.base);
    await c.get("/");
    const before = await pendingCount();
    const form = { text: DELAY };

    expect((await c.post("/cases", form, { csrf: false })).status).toBe(403);
    expect((await c.post("/cases", { ...form, _csrf: "forged" })).status).toBe(403);
    // The right field but no cookie (another site's page cannot send our SameSite=Strict cookie).
    expect((await c.post("/cases", form, { headers: { cookie: "" } })).status).toBe(403);
    expect((await c.post("/cases", form, { headers: { origin: "http://evil.example" } })).status).toBe(403);
    expect((await c.post("/cases", form, { headers: { referer: "http://evil.example/page" } })).status).toBe(
      403,
    );
    expect((await c.post("/cases", form, { headers: { "sec-fetch-site": "cross-site" } })).status).toBe(403);
    expect(await pendingCount()).toBe(before);

    // Our own pages post with `Origin: null` (Referrer-Policy: no-referrer) or our own origin.
    expect(
      (await c.post("/cases", form, { headers: { origin: "null", "sec-fetch-site": "same-origin" } })).status,
    ).toBe(303);
    expect((await c.post("/cases", form, { headers: { origin: h.base } })).status).toBe(303);
    expect(await pendingCount()).toBe(before + 2);
  });

  describe("bound to a non-loopback address", () => {
    let other: Awaited<ReturnType<typeof startConsole>>;
    let base: string;
    beforeAll(async () => {
      other = await startConsole(h.runtime, { port: 0, host: "0.0.0.0" });
      base = `http://127.0.0.1:${new URL(other.url).port}`;
    });
    afterAll(async () => {
      await other?.stop();
    });

    it("answers 401 without the token, for pages and files alike", async () => {
      const res = await new Client(base).get("/");
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
      expect(res.text).not.toContain("data-case-id");
      expect((await new Client(base).get("/assets/console.js")).status).toBe(401);
      expect((await new Client(base, { authorization: "Bearer wrong" }).get("/queue")).status).toBe(401);
      expect((await new Client(base).get("/queue?token=wrong")).status).toBe(401);
    });

    it("answers 200 with the bearer token, and ?token= once sets an HttpOnly SameSite=Strict cookie", async () => {
      expect((await new Client(base, { authorization: `Bearer ${TOKEN}` }).get("/queue")).status).toBe(200);

      const c = new Client(base);
      const first = await c.get(`/queue?token=${TOKEN}&intent=praise`);
      expect(first.status).toBe(303);
      expect(first.location).toBe("/queue?intent=praise");
      const cookie = first.headers.getSetCookie().find((s) => s.startsWith("sincerely_token="));
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Strict/);
      expect((await c.get("/queue")).status).toBe(200);
      // And the forms work through it.
      const { id } = await c.paste(PRAISE);
      expect((await h.runtime.cases.get(id))?.state).toBe("pending");
    });

    it("refuses to start there without CONSOLE_TOKEN", async () => {
      const config: Config = { ...h.runtime.config, CONSOLE_TOKEN: undefined };
      await expect(startConsole({ ...h.runtime, config }, { port: 0, host: "0.0.0.0" })).rejects.toThrow(
        /CONSOLE_TOKEN/,
      );
    });
  });
});
