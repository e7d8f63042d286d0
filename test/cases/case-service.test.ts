import path from "node:path";
import SQLite from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CaseService, IntakeError } from "../../src/cases/case-service.js";
import type { StatusLines } from "../../src/cases/status-lines.js";
import type { Actor, AuditEvent, Case, CaseResult } from "../../src/cases/types.js";
import type { DraftCheck, Engine } from "../../src/core/engine.js";
import { settingsFileSchema } from "../../src/core/schema.js";
import type { ActiveNotice, DraftContext, Language, Mention, Pack } from "../../src/core/types.js";
import { openStore, type Store } from "../../src/store/index.js";
import { tempDir } from "../store/fixtures.js";

/**
 * A tiny stand-in for the real engine: "배송" means delivery-delay, "thanks" means praise, anything
 * else is unknown (no draft). Drafts show which context they got, so tests can see it.
 */
function fakeEngine(extraIntents: string[] = []): Engine & { draftCalls: DraftContext[] } {
  const intents = ["delivery-delay", "praise", "unknown", ...extraIntents];
  const draftCalls: DraftContext[] = [];
  // The pack's defaults, so the fake keeps up with new settings.
  const settings = { ...settingsFileSchema.parse({}), status_max_age_minutes: 60 };
  const pack: Pack = { intents: [], departments: [], replies: new Map(), settings, tests: new Map() };
  return {
    pack,
    draftCalls,
    threshold: 0.5,
    parseMention(raw: string): Mention {
      const m = /^@(\w+)\s+([\s\S]*)$/.exec(raw.trim());
      return m?.[1] !== undefined && m[2] !== undefined
        ? { handle: m[1], text: m[2].trim() }
        : { text: raw.trim() };
    },
    classify(text: string) {
      const intent = text.includes("배송")
        ? "delivery-delay"
        : text.includes("thanks")
          ? "praise"
          : "unknown";
      const language: Language = /[가-힣]/.test(text) ? "ko" : "en";
      return {
        intent,
        confidence: 0.9,
        alternatives: [],
        evidence: [],
        ambiguous: false,
        bestGuess: intent,
        language,
      };
    },
    draft(intent: string, mention: Mention, language: Language, ctx: DraftContext) {
      draftCalls.push(ctx);
      if (intent === "unknown") return null;
      let text = `[${intent}/${language}] @${mention.handle ?? "?"} 080-000-1472`;
      if (ctx.status) text += ` status=${ctx.status.text}`;
      if (ctx.notice) text += ` notice=${ctx.notice.url}`;
      return {
        text,
        length: text.length,
        language,
        variant: "general#0",
        concrete: ["hotline"],
        situation: "general",
        // "수리" in the mention: a close second situation is offered, as the real engine does.
        alternatives: mention.text.includes("수리")
          ? [
              {
                situation: "repair",
                text: `[repair/${language}] 080-000-1472`,
                length: 40,
                variant: "repair#0",
                score: 0.4,
              },
            ]
          : [],
        specifics: {},
      };
    },
    checkDraft(text: string): DraftCheck {
      const problems: string[] = [];
      if (!text.trim()) problems.push("empty");
      if (/sorry|죄송/.test(text) && !/080/.test(text))
        problems.push("apology only: add the hotline or a next step");
      if (text.length > 280) problems.push("too long");
      return { ok: problems.length === 0, length: text.length * 2, problems, concrete: [], nextSteps: [] };
    },
    department(intent: string) {
      const id = intent === "delivery-delay" ? "logistics" : "care";
      return { id, name: { ko: id, en: id }, hotline: "080-000-1472", hours: { ko: "24시간", en: "24h" } };
    },
    notice: () => "",
    intentIds: () => intents,
  };
}

const jane: Actor = { id: "U-JANE", name: "Jane", via: "slack" };
const minho: Actor = { id: "U-MINHO", name: "Minho", via: "console" };
const guest: Actor = { id: "U-GUEST", name: "Guest", via: "slack" };
const deptUser = "U-LOGISTICS";

// 05:03 UTC is 14:03 in Seoul.
const NOW = new Date("2026-11-22T05:03:00Z");

let dir: string;
let cleanup: () => void;
let store: Store;
let engine: ReturnType<typeof fakeEngine>;
let now: Date;
let notices: Map<string, ActiveNotice>;
let service: CaseService;
let statuses: StatusLines;

async function start(): Promise<void> {
  store = await openStore(dir);
  ({ service, statuses } = CaseService.fromStore(store, {
    engine: () => engine,
    clock: () => now,
    timezone: "Asia/Seoul",
    mayDecide: (actor) => actor.id !== guest.id,
    notices: (intent) => notices.get(intent),
  }));
}

beforeEach(async () => {
  ({ dir, cleanup } = tempDir("sincerely-cases-"));
  engine = fakeEngine();
  now = NOW;
  notices = new Map();
  await start();
});

afterEach(async () => {
  await store.close();
  cleanup();
});

async function newCase(raw = "@kim 아이폰 배송 언제 와요?"): Promise<Case> {
  return (await service.intake({ raw, source: { kind: "console" }, actor: jane })).case;
}

function ok(result: CaseResult): Case {
  if (!result.ok) throw new Error(`expected ok, got ${result.code}: ${result.message}`);
  return result.case;
}

/** The case as committed: read through a second, read-only connection to the SQLite file. */
function onDisk(c: Case): Case | undefined {
  const db = new SQLite(path.join(dir, "sincerely.db"), { readonly: true });
  try {
    const row = db.prepare("SELECT doc FROM cases WHERE id = ?").get(c.id) as { doc: string } | undefined;
    return row ? (JSON.parse(row.doc) as Case) : undefined;
  } finally {
    db.close();
  }
}

describe("intake", () => {
  it("parses, classifies, drafts and stores the case before returning", async () => {
    const { case: c, created } = await service.intake({
      raw: "@kim 아이폰 배송 언제 와요?",
      source: { kind: "slack-command", channel: "C-CARE", user: jane.id },
      actor: jane,
    });
    expect(created).toBe(true);
    expect(c.id).toMatch(/^c20261122-050300-[a-z0-9]{6}$/);
    expect(c.createdAt).toBe(NOW.toISOString());
    expect(c.mention).toEqual({ handle: "kim", text: "아이폰 배송 언제 와요?" });
    expect(c.intent).toBe("delivery-delay");
    expect(c.classification.intent).toBe("delivery-delay");
    expect(c.department).toBe("logistics");
    expect(c.state).toBe("pending");
    expect(c.draft).toMatchObject({ language: "ko", variant: "general#0", edited: false });
    expect(c.draft?.text).toContain("@kim");
    expect(c.events).toEqual([
      expect.objectContaining({ type: "created", actor: jane, at: NOW.toISOString() }),
    ]);
    // On disk already, not just in memory.
    expect(onDisk(c)).toEqual(c);
  });

  it("drafts with the clock, the timezone, a fresh status line and the active notice", async () => {
    await statuses.set("delivery-delay", "1차 물량 배송 중", minho);
    notices.set("delivery-delay", { intent: "delivery-delay", url: "https://blog.example/notice/1" });
    const c = await newCase();
    expect(c.draft?.text).toContain("status=1차 물량 배송 중");
    expect(c.draft?.text).toContain("notice=https://blog.example/notice/1");
    const ctx = engine.draftCalls.at(-1);
    expect(ctx?.now).toEqual(NOW);
    expect(ctx?.timezone).toBe("Asia/Seoul");
    expect(ctx?.status).toMatchObject({ text: "1차 물량 배송 중", setBy: "Minho" });
  });

  it("leaves out a status line older than the pack allows", async () => {
    await statuses.set("delivery-delay", "어제 상황", minho);
    now = new Date(NOW.getTime() + 61 * 60_000);
    const c = await newCase();
    expect(c.draft?.text).not.toContain("status=");
    expect(engine.draftCalls.at(-1)?.status).toBeUndefined();
  });

  it("makes a case without a draft for the fallback intent", async () => {
    const c = await newCase("@lee 그냥 궁금해서요");
    expect(c.intent).toBe("unknown");
    expect(c.draft).toBeNull();
  });

  it("refuses empty text", async () => {
    await expect(
      service.intake({ raw: "   ", source: { kind: "console" }, actor: jane }),
    ).rejects.toBeInstanceOf(IntakeError);
    expect(await service.list()).toEqual([]);
  });

  it("returns the same case for a dedupe key seen before, even after a restart", async () => {
    const input = {
      raw: "@kim 배송 언제?",
      source: { kind: "slack-mention" as const },
      actor: jane,
      dedupeKey: "Ev1",
    };
    const first = await service.intake(input);
    const retry = await service.intake(input);
    expect(retry.created).toBe(false);
    expect(retry.case.id).toBe(first.case.id);

    await store.close();
    await start();
    const afterRestart = await service.intake(input);
    expect(afterRestart).toEqual({ case: first.case, created: false });
    expect(await service.list()).toHaveLength(1);
  });

  it("makes one case when a retried request arrives while the first is still being handled", async () => {
    const input = {
      raw: "@kim 배송?",
      source: { kind: "slack-command" as const },
      actor: jane,
      dedupeKey: "command:T1",
    };
    const results = await Promise.all([service.intake(input), service.intake(input), service.intake(input)]);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(results.map((r) => r.case.id)).size).toBe(1);
    expect(await service.list()).toHaveLength(1);
  });

  it("forgets a dedupe key after a day", async () => {
    const input = {
      raw: "@kim 배송?",
      source: { kind: "slack-command" as const },
      actor: jane,
      dedupeKey: "Ev9",
    };
    const first = await service.intake(input);
    now = new Date(NOW.getTime() + 24 * 60 * 60_000 + 1000);
    const later = await service.intake(input);
    expect(later.created).toBe(true);
    expect(later.case.id).not.toBe(first.case.id);
  });
});

describe("approve", () => {
  it("stores who approved, when, and the draft text", async () => {
    const c = await newCase();
    const approved = ok(await service.approve(c.id, jane));
    expect(approved.state).toBe("approved");
    expect(approved.approved).toEqual({ by: jane, at: NOW.toISOString(), text: c.draft?.text });
    expect(approved.events.at(-1)).toMatchObject({
      type: "approved",
      actor: jane,
      after: { state: "approved" },
    });
    expect(onDisk(c)?.state).toBe("approved");
  });

  it("stores the given text instead of the draft", async () => {
    const c = await newCase();
    const approved = ok(
      await service.approve(c.id, jane, { text: "  확인 후 080-000-1472 로 연락드릴게요  " }),
    );
    expect(approved.approved?.text).toBe("확인 후 080-000-1472 로 연락드릴게요");
  });

  it("checks given text like an edit", async () => {
    const c = await newCase();
    const result = await service.approve(c.id, jane, { text: "정말 죄송합니다" });
    expect(result).toMatchObject({ ok: false, code: "invalid" });
    expect(result.ok === false && result.code === "invalid" && result.problems).toEqual([
      "apology only: add the hotline or a next step",
    ]);
    expect((await service.get(c.id))?.state).toBe("pending");
  });

  it("needs a reply when there is no draft", async () => {
    const c = await newCase("@lee 그냥 궁금해서요");
    const result = await service.approve(c.id, jane);
    expect(result).toMatchObject({ ok: false, code: "invalid" });
    expect(result.ok ? "" : result.message).toContain("write a reply first");
    expect(ok(await service.approve(c.id, jane, { text: "문의는 080-000-1472 로 주세요" })).state).toBe(
      "approved",
    );
  });

  it("a second approve is a conflict naming the first approver and the time in the service timezone", async () => {
    const c = await newCase();
    ok(await service.approve(c.id, jane));
    now = new Date(NOW.getTime() + 5 * 60_000);
    const again = await service.approve(c.id, minho);
    expect(again).toMatchObject({
      ok: false,
      code: "conflict",
      message: "already approved by Jane at 14:03",
    });
    const stored = await service.get(c.id);
    expect(stored?.approved?.by).toEqual(jane);
    expect(stored?.events.filter((e) => e.type === "approved")).toHaveLength(1);
  });

  it("two approvers at once: exactly one succeeds, the other gets a conflict", async () => {
    const c = await newCase();
    const results = await Promise.all([service.approve(c.id, jane), service.approve(c.id, minho)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const conflict = results.find((r) => !r.ok);
    expect(conflict).toMatchObject({ code: "conflict" });
    expect(conflict?.ok === false && conflict.message).toMatch(/^already approved by (Jane|Minho) at 14:03$/);
    const stored = await service.get(c.id);
    expect(stored?.events.map((e) => e.type)).toEqual(["created", "approved"]);
    expect(onDisk(c)?.events.map((e) => e.type)).toEqual(["created", "approved"]);
  });

  it("bumps the version on every change and only then", async () => {
    const c = await newCase();
    expect(c.version).toBe(1);
    const approved = ok(await service.approve(c.id, jane));
    expect(approved.version).toBe(2);
    await service.approve(c.id, jane);
    expect((await service.get(c.id))?.version).toBe(2);
  });

  it("refuses an approval of a draft that changed since the approver saw it, with the new text", async () => {
    const c = await newCase();
    const seen = c.version;
    const edited = ok(await service.edit(c.id, minho, "[edited] @kim 080-000-1472 내일 출고됩니다"));
    const refused = await service.approve(c.id, jane, { expectedVersion: seen });
    expect(refused).toMatchObject({ ok: false, code: "conflict", reason: "draft-changed" });
    expect(refused.ok === false && refused.message).toBe(
      "the draft changed: [edited] @kim 080-000-1472 내일 출고됩니다",
    );
    expect((await service.get(c.id))?.state).toBe("pending");
    // Having seen the new text, the approval goes through.
    const approved = ok(await service.approve(c.id, jane, { expectedVersion: edited.version }));
    expect(approved.approved?.text).toBe("[edited] @kim 080-000-1472 내일 출고됩니다");
  });

  it("lets an approval through when only something other than the draft changed since", async () => {
    const c = await newCase();
    ok(await service.escalate(c.id, minho));
    const approved = ok(await service.approve(c.id, jane, { expectedVersion: c.version }));
    expect(approved.state).toBe("approved");
  });

  it("refuses an edit over someone else's newer edit", async () => {
    const c = await newCase();
    ok(await service.edit(c.id, minho, "[minho] @kim 080-000-1472 오늘 출고"));
    const refused = await service.edit(c.id, jane, "[jane] @kim 080-000-1472 내일 출고", {
      expectedVersion: c.version,
    });
    expect(refused).toMatchObject({ ok: false, code: "conflict", reason: "draft-changed" });
    expect((await service.get(c.id))?.draft?.text).toBe("[minho] @kim 080-000-1472 오늘 출고");
  });

  it("a double click by the same person changes the case once", async () => {
    const c = await newCase();
    const results = await Promise.all([service.approve(c.id, jane), service.approve(c.id, jane)]);
    expect(results.map((r) => r.ok).sort()).toEqual([false, true]);
    expect((await service.get(c.id))?.events.filter((e) => e.type === "approved")).toHaveLength(1);
  });

  it("shows the date in the conflict when the decision was on another day", async () => {
    const c = await newCase();
    ok(await service.approve(c.id, jane));
    now = new Date(NOW.getTime() + 24 * 60 * 60_000);
    const again = await service.approve(c.id, minho);
    expect(again.ok ? "" : again.message).toBe("already approved by Jane at 2026-11-22 14:03");
  });
});

describe("authorization", () => {
  it("an actor who may not decide changes nothing, whatever the command", async () => {
    const c = await newCase();
    const before = await service.get(c.id);
    const results = [
      await service.approve(c.id, guest),
      await service.edit(c.id, guest, "새 답변 080-000-1472"),
      await service.reclassify(c.id, guest, "praise"),
      await service.escalate(c.id, guest),
      await service.dismiss(c.id, guest, "spam"),
    ];
    for (const r of results) expect(r).toMatchObject({ ok: false, code: "forbidden" });
    expect(results[0]?.ok === false && results[0].message).toContain("Guest");
    expect(await service.get(c.id)).toEqual(before);
    expect(onDisk(c)).toEqual(before);
  });

  it("preview says whether a command would be allowed, and changes nothing", async () => {
    const c = await newCase();
    const before = await service.get(c.id);
    expect(await service.preview(c.id, guest, "edit")).toMatchObject({ ok: false, code: "forbidden" });
    expect(await service.preview(c.id, jane, "edit")).toMatchObject({ ok: true, changed: false });
    expect(await service.preview("c20261122-000000-none", jane, "edit")).toMatchObject({ code: "not-found" });
    ok(await service.approve(c.id, jane));
    const after = await service.preview(c.id, jane, "edit");
    expect(after).toMatchObject({ ok: false, code: "conflict" });
    expect(after.ok === false && after.message).toMatch(/^already approved by Jane at \d\d:\d\d$/);
    expect((await service.get(c.id))?.events.length).toBe((before?.events.length ?? 0) + 1);
  });

  it("anyone may paste a mention", async () => {
    const { created } = await service.intake({
      raw: "@kim 배송?",
      source: { kind: "console" },
      actor: guest,
    });
    expect(created).toBe(true);
  });
});

describe("state transitions", () => {
  it("after approval: edit, reclassify, escalate and dismiss are conflicts", async () => {
    const c = await newCase();
    ok(await service.approve(c.id, jane));
    for (const r of [
      await service.edit(c.id, minho, "다른 답변 080-000-1472"),
      await service.reclassify(c.id, minho, "praise"),
      await service.escalate(c.id, minho),
      await service.dismiss(c.id, minho, "duplicate"),
    ]) {
      expect(r).toMatchObject({ ok: false, code: "conflict", message: "already approved by Jane at 14:03" });
    }
    expect((await service.get(c.id))?.events.map((e) => e.type)).toEqual(["created", "approved"]);
  });

  it("dismiss records the reason and note, and then approve is a conflict", async () => {
    const c = await newCase();
    const dismissed = ok(await service.dismiss(c.id, minho, "duplicate", " same as c1 "));
    expect(dismissed.state).toBe("dismissed");
    expect(dismissed.dismissed).toEqual({
      by: minho,
      at: NOW.toISOString(),
      reason: "duplicate",
      note: "same as c1",
    });
    const again = await service.approve(c.id, jane);
    expect(again).toMatchObject({
      ok: false,
      code: "conflict",
      message: "already dismissed by Minho at 14:03",
    });
  });

  it("dismiss refuses an unknown reason", async () => {
    const c = await newCase();
    // @ts-expect-error: a reason from an untyped form
    const r = await service.dismiss(c.id, jane, "boring");
    expect(r).toMatchObject({ ok: false, code: "invalid" });
    expect((await service.get(c.id))?.state).toBe("pending");
  });

  it("an unknown id is not-found", async () => {
    expect(await service.approve("c20261122-000000-zzzz", jane)).toMatchObject({
      ok: false,
      code: "not-found",
    });
  });
});

describe("edit", () => {
  it("replaces the draft text, marks it edited and keeps the case pending", async () => {
    const c = await newCase();
    const edited = ok(await service.edit(c.id, jane, "  배송은 18시 기준 출고 중입니다. 080-000-1472 "));
    expect(edited.state).toBe("pending");
    expect(edited.draft).toEqual({
      text: "배송은 18시 기준 출고 중입니다. 080-000-1472",
      length: 2 * "배송은 18시 기준 출고 중입니다. 080-000-1472".length,
      language: "ko",
      variant: "general#0",
      edited: true,
    });
    expect(edited.events.at(-1)).toMatchObject({
      type: "edited",
      actor: jane,
      before: { text: c.draft?.text },
      after: { text: "배송은 18시 기준 출고 중입니다. 080-000-1472" },
    });
    expect(onDisk(c)?.draft?.edited).toBe(true);
  });

  it("refuses text the draft check rejects, and stores nothing", async () => {
    const c = await newCase();
    const r = await service.edit(c.id, jane, "정말 죄송합니다");
    expect(r).toMatchObject({
      ok: false,
      code: "invalid",
      problems: ["apology only: add the hotline or a next step"],
    });
    expect(await service.get(c.id)).toEqual(c);
    expect(onDisk(c)).toEqual(c);
  });

  it("refuses empty text", async () => {
    const c = await newCase();
    expect(await service.edit(c.id, jane, "   ")).toMatchObject({ ok: false, code: "invalid" });
    expect(await service.get(c.id)).toEqual(c);
  });

  it("the same text again is ok but changes nothing", async () => {
    const c = await newCase();
    const r = await service.edit(c.id, jane, c.draft?.text ?? "");
    expect(r).toMatchObject({ ok: true, changed: false });
    expect((await service.get(c.id))?.events).toHaveLength(1);
  });
});

describe("pick an alternative", () => {
  it("swaps in the offered draft, keeps the old one as an alternative, and records both situations", async () => {
    const c = await newCase("@kim 배송이랑 수리 둘 다 늦어요");
    expect(c.draft?.alternatives?.map((a) => a.situation)).toEqual(["repair"]);
    const r = ok(await service.pickAlternative(c.id, jane, "repair"));
    expect(r.draft).toMatchObject({ text: "[repair/ko] 080-000-1472", situation: "repair", edited: false });
    expect(r.draft?.alternatives?.map((a) => a.situation)).toEqual(["general"]);
    expect(r.state).toBe("pending");
    expect(r.events.at(-1)).toMatchObject({
      type: "alternative-picked",
      actor: jane,
      before: {
        intent: "delivery-delay",
        situation: "general",
        text: c.draft?.text,
        mention: c.mention.text,
      },
      after: { intent: "delivery-delay", situation: "repair", text: "[repair/ko] 080-000-1472" },
    });
    expect(onDisk(c)?.draft?.situation).toBe("repair");
    // And back: the replaced draft is on offer in turn.
    const back = ok(await service.pickAlternative(c.id, jane, "general"));
    expect(back.draft?.text).toBe(c.draft?.text);
  });

  it("refuses a situation that was not offered, and one who may not decide, changing nothing", async () => {
    const c = await newCase("@kim 배송이랑 수리 둘 다 늦어요");
    const bad = await service.pickAlternative(c.id, jane, "callback");
    expect(bad).toMatchObject({ ok: false, code: "invalid" });
    expect(await service.pickAlternative(c.id, guest, "repair")).toMatchObject({
      ok: false,
      code: "forbidden",
    });
    expect(onDisk(c)?.events.map((e) => e.type)).toEqual(["created"]);
  });

  it("is a conflict once the case is approved", async () => {
    const c = await newCase("@kim 배송이랑 수리 둘 다 늦어요");
    ok(await service.approve(c.id, jane));
    expect(await service.pickAlternative(c.id, jane, "repair")).toMatchObject({
      ok: false,
      code: "conflict",
    });
  });
});

describe("reclassify", () => {
  it("regenerates draft and department and records the intent before and after", async () => {
    const c = await newCase();
    const r = ok(await service.reclassify(c.id, jane, "praise"));
    expect(r.intent).toBe("praise");
    expect(r.department).toBe("care");
    expect(r.draft?.text).toContain("[praise/ko]");
    expect(r.draft?.edited).toBe(false);
    // What the classifier said stays, for learning.
    expect(r.classification.intent).toBe("delivery-delay");
    const event = r.events.at(-1) as AuditEvent;
    expect(event).toMatchObject({
      type: "reclassified",
      actor: jane,
      before: { intent: "delivery-delay", department: "logistics", draft: c.draft?.text },
      after: { intent: "praise", department: "care", draft: r.draft?.text },
    });
    expect(onDisk(c)?.intent).toBe("praise");
  });

  it("keeps an edited draft's text in the audit event when it is replaced", async () => {
    const c = await newCase();
    ok(await service.edit(c.id, jane, "직접 쓴 답변 080-000-1472"));
    const r = ok(await service.reclassify(c.id, jane, "praise"));
    expect(r.events.at(-1)?.before).toMatchObject({ draft: "직접 쓴 답변 080-000-1472", edited: true });
  });

  it("to the fallback intent leaves no draft", async () => {
    const c = await newCase();
    const r = ok(await service.reclassify(c.id, jane, "unknown"));
    expect(r.draft).toBeNull();
  });

  it("refuses an unknown intent and changes nothing", async () => {
    const c = await newCase();
    const r = await service.reclassify(c.id, jane, "weather");
    expect(r).toMatchObject({ ok: false, code: "invalid" });
    expect(r.ok ? "" : r.message).toContain("weather");
    expect(await service.get(c.id)).toEqual(c);
  });

  it("uses the current engine, so intents added by a reload are known at once", async () => {
    const c = await newCase();
    expect((await service.reclassify(c.id, jane, "wifi-rumor")).ok).toBe(false);
    engine = fakeEngine(["wifi-rumor"]);
    expect(ok(await service.reclassify(c.id, jane, "wifi-rumor")).intent).toBe("wifi-rumor");
  });
});

describe("escalation", () => {
  it("escalates to the case's department once, then takes the replies", async () => {
    const c = await newCase();
    const escalated = ok(await service.escalate(c.id, jane));
    expect(escalated.escalation).toEqual({
      department: "logistics",
      at: NOW.toISOString(),
      by: jane,
      replies: [],
    });
    expect(escalated.state).toBe("pending");
    expect(await service.escalate(c.id, minho)).toMatchObject({ ok: true, changed: false });

    const reply = { user: deptUser, text: "오늘 18시 출고 예정입니다", at: "2026-11-22T05:10:00.000Z" };
    const replied = ok(await service.addEscalationReply(c.id, reply));
    expect(replied.escalation?.replies).toEqual([reply]);
    expect(replied.events.at(-1)).toMatchObject({ type: "escalation-reply", actor: { id: deptUser } });
    // Slack redelivers: the same reply twice is stored once.
    expect(await service.addEscalationReply(c.id, reply)).toMatchObject({ ok: true, changed: false });
  });

  it("takes escalation replies after the case was decided: they are information", async () => {
    const c = await newCase();
    ok(await service.escalate(c.id, jane));
    ok(await service.approve(c.id, jane));
    const r = ok(
      await service.addEscalationReply(c.id, { user: deptUser, text: "처리 완료", at: NOW.toISOString() }),
    );
    expect(r.state).toBe("approved");
    expect(r.escalation?.replies).toHaveLength(1);
  });

  it("refuses replies for a case that was never escalated", async () => {
    const c = await newCase();
    expect(
      await service.addEscalationReply(c.id, { user: deptUser, text: "?", at: NOW.toISOString() }),
    ).toMatchObject({ ok: false, code: "invalid" });
  });
});

describe("audit", () => {
  it("appends an audit event for every change, in order", async () => {
    const c = await newCase();
    ok(await service.edit(c.id, jane, "답변 080-000-1472"));
    ok(await service.reclassify(c.id, jane, "praise"));
    ok(await service.escalate(c.id, jane));
    ok(await service.approve(c.id, minho));
    expect((await service.get(c.id))?.events.map((e) => e.type)).toEqual([
      "created",
      "edited",
      "reclassified",
      "escalated",
      "approved",
    ]);
  });

  it("runs many different commands on one case at once without losing any", async () => {
    const c = await newCase();
    await Promise.all([
      service.claim(c.id, jane),
      service.escalate(c.id, jane),
      service.edit(c.id, jane, "답변 080-000-1472"),
    ]);
    const stored = await service.get(c.id);
    expect(stored?.claim).toBeDefined();
    expect(stored?.escalation).toBeDefined();
    expect(stored?.draft?.edited).toBe(true);
    expect(stored?.events).toHaveLength(4);
  });
});

describe("onChange", () => {
  it("tells listeners about every stored change, and stops after unsubscribe", async () => {
    const seen: string[] = [];
    const off = service.onChange((c, event) => {
      seen.push(`${event.type}:${c.state}`);
    });
    const c = await newCase();
    ok(await service.approve(c.id, jane));
    await service.approve(c.id, jane); // conflict: nothing stored, nothing told
    off();
    await newCase();
    expect(seen).toEqual(["created:pending", "approved:approved"]);
  });

  it("a failing listener does not fail the command", async () => {
    const errors: unknown[] = [];
    await store.close();
    store = await openStore(dir);
    ({ service } = CaseService.fromStore(store, {
      engine: () => engine,
      clock: () => now,
      timezone: "Asia/Seoul",
      mayDecide: () => true,
      onListenerError: (err) => errors.push(err),
    }));
    service.onChange(() => {
      throw new Error("listener broke");
    });
    const c = await newCase();
    expect(ok(await service.approve(c.id, jane)).state).toBe("approved");
    expect(errors).toHaveLength(2);
  });
});

describe("list", () => {
  it("lists cases newest first with filters", async () => {
    const a = await newCase();
    now = new Date(NOW.getTime() + 60_000);
    const b = await newCase("@park thanks for the quick fix");
    ok(await service.approve(b.id, jane));
    expect((await service.list()).map((c) => c.id)).toEqual([b.id, a.id]);
    expect((await service.list({ state: "pending" })).map((c) => c.id)).toEqual([a.id]);
    expect((await service.list({ intent: "praise" })).map((c) => c.id)).toEqual([b.id]);
  });
});

describe("claims, reopen and the posted time", () => {
  it("a claim names who is on it, refuses a second claimer until taken over or lapsed, and a decision releases it", async () => {
    const c = await newCase();
    const claimed = ok(await service.claim(c.id, jane));
    expect(claimed.claim).toEqual({ by: jane, at: NOW.toISOString() });
    expect(onDisk(c)?.claim?.by.id).toBe(jane.id);

    const second = await service.claim(c.id, minho);
    expect(second).toMatchObject({ ok: false, code: "conflict", message: "Jane is on it since 14:03" });

    // Renewing one's own claim is quiet: no second audit line.
    now = new Date(NOW.getTime() + 5 * 60_000);
    ok(await service.claim(c.id, jane));
    const renewed = await service.get(c.id);
    expect(renewed?.claim?.at).toBe(now.toISOString());
    expect(renewed?.events.filter((e) => e.type === "claimed")).toHaveLength(1);

    // After claim_idle_minutes without a touch the claim lapses and anyone may claim.
    now = new Date(now.getTime() + (engine.pack.settings.claim_idle_minutes + 1) * 60_000);
    const taken = ok(await service.claim(c.id, minho));
    expect(taken.claim?.by.id).toBe(minho.id);

    const approved = ok(await service.approve(c.id, jane));
    expect(approved.claim).toBeUndefined();
    expect(onDisk(c)?.claim).toBeUndefined();
  });

  it("reopens a dismissed case (audited) but not an approved one", async () => {
    const c = await newCase();
    ok(await service.dismiss(c.id, minho, "duplicate"));
    const reopened = ok(await service.reopen(c.id, jane));
    expect(reopened.state).toBe("pending");
    expect(reopened.dismissed).toBeUndefined();
    expect(reopened.events.at(-1)).toMatchObject({
      type: "reopened",
      before: { state: "dismissed", reason: "duplicate" },
    });
    ok(await service.approve(c.id, jane));
    expect(await service.reopen(c.id, jane)).toMatchObject({ ok: false, code: "conflict" });
    const pending = await newCase("@lee 배송 또 늦어요");
    expect(await service.reopen(pending.id, jane)).toMatchObject({ ok: false, code: "invalid" });
  });

  it("keeps an edited draft on reclassify unless the template is chosen", async () => {
    const c = await newCase();
    ok(await service.edit(c.id, jane, "제가 직접 씁니다 080-000-1472 로 전화 주세요"));
    const kept = ok(await service.reclassify(c.id, jane, "praise"));
    expect(kept.draft?.text).toBe("제가 직접 씁니다 080-000-1472 로 전화 주세요");
    expect(kept.events.at(-1)?.after).toMatchObject({
      keptEdited: true,
      template: "[praise/ko] @kim 080-000-1472",
    });
    const replaced = ok(await service.reclassify(c.id, jane, "delivery-delay", { useTemplate: true }));
    expect(replaced.draft).toMatchObject({ text: "[delivery-delay/ko] @kim 080-000-1472", edited: false });
  });

  it("stores the mention's own posted time when the intake knows it", async () => {
    const made = await service.intake({
      raw: "@kim 배송 언제?",
      source: { kind: "cli" },
      actor: jane,
      postedAt: "2026-11-20T01:00:00.000Z",
    });
    expect(made.case.mention.postedAt).toBe("2026-11-20T01:00:00.000Z");
    expect(onDisk(made.case)?.mention.postedAt).toBe("2026-11-20T01:00:00.000Z");
  });
});
