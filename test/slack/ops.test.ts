/**
 * Operations in Slack, through the real Bolt app, the real ops (startOps with slackOpsHooks) and the
 * local Slack Web API stand-in: surge alerts with their notice and status modals, the daily report with
 * its chart, data-file errors, and App Home.
 */
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config.js";
import { surgeMessages } from "../../src/ops/surge.js";
import { createRuntime } from "../../src/runtime.js";
import { ACTION, NOTICE_TEXT, NOTICE_URL, STATUS_TEXT, VIEW } from "../../src/slack/ids.js";
import { statusMessages } from "../../src/slack/status-command.js";
import { CARE_INTENTS, CARE_REPLIES } from "../support/care-pack.js";
import type { Json, SlackApiCall } from "../support/slack-api.js";
import {
  actionIds,
  CARE_CHANNEL,
  cardNow,
  caseOfCard,
  click,
  GUEST,
  JANE,
  openHome,
  type PostedCard,
  postedCard,
  reply,
  submitView,
  textOf,
} from "../support/slack-flows.js";
import { type SlackHarness, startSlackHarness, tempDataDir } from "../support/slack-harness.js";
import { slashCommand } from "../support/slack-requests.js";

// 05:03 UTC is 14:03 in Seoul.
const NOW = new Date("2026-11-22T05:03:00Z");
const OPS = "C0OPS";
const REPORTS = "C0REPORTS";
const NOTICE = "https://blog.example.com/notice/delivery-1122";
const INTENT = "delay-complaint";

/** Five delay complaints, the last with a customer's `<!channel>` (sent as Slack escapes it). */
const BURST = [
  "@lee_s 예판 했는데 3주째 감감무소식이에요 배송 언제 시작하나요?",
  "@park_h 배송 예정일이 또 밀렸네요. 벌써 세 번째 지연입니다",
  "@choi_y 택배 온다던 날짜가 지났는데 아직도 폰이 안 왔어요",
  "@jung_m 사전예약 1차로 했는데 아직 출고 소식이 없어요. 언제 와요?",
  "@kim_j 아이폰 예약했는데 2주째 배송이 안 와요 &lt;!channel&gt;",
];
const ONE_MORE = "@han_k 예약가입 했는데 아직도 배송 소식이 없네요. 도대체 언제 오나요?";

const made: string[] = [];
let h: SlackHarness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** A temp copy of the care fixture pack's intents/ where delay-complaint surges at 5 cases in 60 minutes. */
function surgeIntents(): string {
  const dir = tempDataDir();
  made.push(dir);
  fs.cpSync(CARE_INTENTS, dir, { recursive: true });
  const file = path.join(dir, `${INTENT}.yaml`);
  fs.appendFileSync(file, "\nsurge: { minCount: 5, windowMinutes: 60, rateMultiplier: 1 }\n");
  return dir;
}

function mutableClock(start: Date) {
  let now = start;
  return {
    clock: () => now,
    advance(minutes: number) {
      now = new Date(now.getTime() + minutes * 60_000);
    },
  };
}

async function start(
  o: { clock?: () => Date; env?: Record<string, string>; watch?: boolean; dataDir?: string } = {},
) {
  const intentsDir = surgeIntents();
  h = await startSlackHarness({
    clock: o.clock ?? (() => NOW),
    ops: { watch: o.watch ?? false },
    ...(o.dataDir ? { dataDir: o.dataDir } : {}),
    env: {
      INTENTS_DIR: intentsDir,
      OPS_CHANNEL_ID: OPS,
      APPROVER_USER_IDS: "U0JANE,U0MINHO",
      ...o.env,
    },
  });
  return { h, intentsDir };
}

const opsPosts = (x: SlackHarness) => x.api.callsTo("chat.postMessage").filter((c) => c.body.channel === OPS);
const alertsIn = (x: SlackHarness) => opsPosts(x).filter((c) => !c.body.thread_ts);

/** /reply every text of the burst (a minute apart with `time`); each must be a delay complaint. */
async function burst(
  x: SlackHarness,
  texts: readonly string[] = BURST,
  time?: ReturnType<typeof mutableClock>,
) {
  const cases = [];
  for (const text of texts) {
    time?.advance(1);
    const { case: c } = await reply(x, text);
    expect(c.intent, text).toBe(INTENT);
    cases.push(c);
  }
  return cases;
}

async function theAlert(x: SlackHarness): Promise<PostedCard> {
  const alerts = alertsIn(x);
  expect(alerts).toHaveLength(1);
  return postedCard(alerts[0] as SlackApiCall);
}

function ephemeralsTo(x: SlackHarness, user: string): string[] {
  return x.api
    .callsTo("chat.postEphemeral")
    .filter((c) => c.body.user === user)
    .map((c) => String(c.body.text));
}

function inputOf(view: Json, blockId: string): Json {
  return view.blocks.find((b: Json) => b.type === "input" && b.block_id === blockId)?.element;
}

describe("surge alert", () => {
  it("a burst of delay complaints through /reply raises one alert in OPS_CHANNEL_ID with a notice draft, samples escaped", async () => {
    // A minute apart, so "the newest three" samples are well defined.
    const time = mutableClock(NOW);
    const { h } = await start({ clock: time.clock });
    await burst(h, BURST.slice(0, 4), time);
    expect(opsPosts(h)).toHaveLength(0);

    await burst(h, BURST.slice(4), time);
    const alert = await theAlert(h);
    const text = textOf(alert.blocks);
    expect(text).toContain("Delay complaint");
    expect(text).toContain("*5 cases in the last 60 min*, usually 0 per 60 min (alert at 5).");
    expect(text).toContain("Started 14:08");
    // The newest three distinct mentions, the customer's <!channel> escaped so it pings nobody.
    expect(text).toContain("&lt;!channel&gt;");
    expect(JSON.stringify(alert.blocks)).not.toContain("<!channel>");
    expect(text).toContain("택배 온다던 날짜가 지났는데");
    expect(text).not.toContain("예판 했는데 3주째");
    // The draft official notice from the intent's notice template, in both languages.
    expect(text).toContain("[배송·개통 지연 안내]");
    expect(text).toContain("[Delivery &amp; activation delays]");
    expect(actionIds(alert.blocks)).toEqual([ACTION.surgeNotice, ACTION.surgeStatus]);

    // More complaints during the same surge: no second alert.
    await burst(h, [ONE_MORE], time);
    expect(alertsIn(h)).toHaveLength(1);
    const active = await h.ops?.surges.active();
    expect(active?.map((s) => s.intent)).toEqual([INTENT]);
    expect(active?.[0]?.alert?.ref).toEqual({ channel: OPS, ts: alert.ts });
    expect(h.opsErrors).toEqual([]);
  });

  it("approving the notice in the modal makes the next delay-complaint draft link to it; errors stay in the modal", async () => {
    const { h } = await start();
    const cases = await burst(h);
    expect(cases.at(-1)?.draft?.text).not.toContain(NOTICE);
    const alert = await theAlert(h);

    // Someone who may not approve gets told, and no modal opens.
    await click(h, alert, ACTION.surgeNotice, GUEST);
    expect(h.api.callsTo("views.open")).toHaveLength(0);
    expect(ephemeralsTo(h, GUEST.id)).toContain(surgeMessages.forbidden("guest"));

    await click(h, alert, ACTION.surgeNotice, JANE, { triggerId: "trig-notice" });
    const open = await h.api.waitFor("views.open");
    expect(open.body.trigger_id).toBe("trig-notice");
    expect(open.body.view.callback_id).toBe(VIEW.surgeNotice);
    const draft = inputOf(open.body.view, NOTICE_TEXT.block).initial_value as string;
    expect(draft).toContain("[배송·개통 지연 안내]");
    expect(draft).toContain("[Delivery & activation delays]");
    const edited = `${draft}\n5. 오늘 18시에 다시 안내드리겠습니다.`;

    const badUrl = await submitView(h, open, {
      [NOTICE_TEXT.block]: { [NOTICE_TEXT.input]: edited },
      [NOTICE_URL.block]: { [NOTICE_URL.input]: "the blog" },
    });
    expect(badUrl.json).toEqual({
      response_action: "errors",
      errors: { [NOTICE_URL.block]: surgeMessages.badUrl("the blog") },
    });
    const empty = await submitView(h, open, {
      [NOTICE_TEXT.block]: { [NOTICE_TEXT.input]: "  " },
      [NOTICE_URL.block]: { [NOTICE_URL.input]: NOTICE },
    });
    expect(empty.json.errors).toEqual({ [NOTICE_TEXT.block]: surgeMessages.emptyNotice });
    // The same modal submitted by someone who may not approve: the surge monitor refuses.
    const forbidden = await submitView(
      h,
      open,
      {
        [NOTICE_TEXT.block]: { [NOTICE_TEXT.input]: edited },
        [NOTICE_URL.block]: { [NOTICE_URL.input]: NOTICE },
      },
      GUEST,
    );
    expect(forbidden.json.errors[NOTICE_TEXT.block]).toBe(surgeMessages.forbidden("guest"));
    expect((await h.ops?.surges.get(INTENT))?.notice).toBeUndefined();

    const ok = await submitView(h, open, {
      [NOTICE_TEXT.block]: { [NOTICE_TEXT.input]: edited },
      [NOTICE_URL.block]: { [NOTICE_URL.input]: NOTICE },
    });
    expect(ok.status).toBe(200);
    expect(ok.text).toBe("");
    const surge = await h.ops?.surges.get(INTENT);
    expect(surge?.notice).toMatchObject({ url: NOTICE, text: edited.trim(), approvedBy: "jane" });
    expect(h.runtime.notices.get(INTENT)?.url).toBe(NOTICE);

    // The alert says so, in its thread and in place (the button now edits the approved notice).
    const thread = opsPosts(h).filter((c) => c.body.thread_ts === alert.ts);
    expect(thread).toHaveLength(1);
    expect(String(thread[0]?.body.text)).toContain(NOTICE);
    const now = cardNow(h, alert);
    expect(textOf(now.blocks)).toContain(`*Official notice approved* by jane at 14:03: ${NOTICE}`);
    expect(textOf(now.blocks)).toContain("Edit notice");

    // The next delay complaint's draft links to the notice; other intents are untouched.
    const { case: next, card } = await reply(h, ONE_MORE);
    expect(next.intent).toBe(INTENT);
    expect(next.draft?.text).toContain(NOTICE);
    expect(textOf(card.blocks)).toContain(NOTICE);
    const { case: other } = await reply(h, "@kim_j 요금제 변경하면 위약금 있나요?");
    expect(other.intent).not.toBe(INTENT);
    expect(other.draft?.text ?? "").not.toContain(NOTICE);

    // Reopening the editor shows the approved notice and its address.
    await click(h, cardNow(h, alert), ACTION.surgeNotice, JANE, { triggerId: "trig-again" });
    const again = await h.api.waitFor("views.open", (c) => c.body.trigger_id === "trig-again");
    expect(inputOf(again.body.view, NOTICE_TEXT.block).initial_value).toBe(edited.trim());
    expect(inputOf(again.body.view, NOTICE_URL.block).initial_value).toBe(NOTICE);
  });

  it("sets the intent's status line from the alert (approvers only); the next notice draft quotes it", async () => {
    const { h } = await start();
    await burst(h);
    const alert = await theAlert(h);

    await click(h, alert, ACTION.surgeStatus, GUEST);
    expect(h.api.callsTo("views.open")).toHaveLength(0);
    expect(ephemeralsTo(h, GUEST.id)).toContain(statusMessages.forbidden);

    await click(h, alert, ACTION.surgeStatus, JANE, { triggerId: "trig-status" });
    const open = await h.api.waitFor("views.open", (c) => c.body.trigger_id === "trig-status");
    expect(open.body.view.callback_id).toBe(VIEW.statusLine);
    const line = "1차 물량 오늘 오후 출고 시작 <확인>";

    const refused = await submitView(h, open, { [STATUS_TEXT.block]: { [STATUS_TEXT.input]: line } }, GUEST);
    expect(refused.json.errors).toEqual({ [STATUS_TEXT.block]: statusMessages.forbidden });
    expect(await h.runtime.statuses.get(INTENT)).toBeUndefined();

    const ok = await submitView(h, open, { [STATUS_TEXT.block]: { [STATUS_TEXT.input]: line } });
    expect(ok.text).toBe("");
    expect(await h.runtime.statuses.get(INTENT)).toMatchObject({ text: line, setBy: "jane" });
    const thread = opsPosts(h).filter((c) => c.body.thread_ts === alert.ts);
    expect(thread.map((c) => String(c.body.text))).toEqual([
      `Live status for \`${INTENT}\` set by <@U0JANE>: 1차 물량 오늘 오후 출고 시작 &lt;확인&gt;`,
    ]);
    expect(textOf(cardNow(h, alert).blocks)).toContain("1차 물량 오늘 오후 출고 시작 &lt;확인&gt;");

    // The notice editor's fresh draft now quotes the status line as the current stage.
    await click(h, alert, ACTION.surgeNotice, JANE, { triggerId: "trig-notice" });
    const notice = await h.api.waitFor("views.open", (c) => c.body.trigger_id === "trig-notice");
    expect(inputOf(notice.body.view, NOTICE_TEXT.block).initial_value).toContain(line);

    // Reopening the status modal shows the line; submitting it empty clears it.
    await click(h, alert, ACTION.surgeStatus, JANE, { triggerId: "trig-status-2" });
    const reopen = await h.api.waitFor("views.open", (c) => c.body.trigger_id === "trig-status-2");
    expect(inputOf(reopen.body.view, STATUS_TEXT.block).initial_value).toBe(line);
    await submitView(h, reopen, { [STATUS_TEXT.block]: { [STATUS_TEXT.input]: "" } });
    expect(await h.runtime.statuses.get(INTENT)).toBeUndefined();
  });

  it("`/reply status` uses the same rule: approvers set the line, others are refused", async () => {
    const { h } = await start();
    const send = async (user: typeof JANE, text: string) => {
      const triggerId = `trig-${user.id}-${text.length}`;
      const res = await h.requests.command(
        slashCommand({
          text,
          user,
          channel: CARE_CHANNEL,
          responseUrl: h.api.responseUrl(triggerId),
          triggerId,
        }),
      );
      await h.idle();
      // Answered in the response to the command itself.
      return String(res.json?.text);
    };
    expect(await send(GUEST, `status ${INTENT} 곧 출고`)).toBe(statusMessages.forbidden);
    expect(await h.runtime.statuses.get(INTENT)).toBeUndefined();
    expect(await send(JANE, `status ${INTENT} 곧 출고`)).toContain(
      "Live status for `delay-complaint` as of 14:03",
    );
    expect(await h.runtime.statuses.get(INTENT)).toMatchObject({ text: "곧 출고", setBy: "jane" });
  });

  it("posts a threaded follow-up when the surge ends, and drafts stop linking to the notice", async () => {
    const time = mutableClock(NOW);
    const { h } = await start({ clock: time.clock });
    await burst(h);
    const alert = await theAlert(h);
    const approved = await h.ops?.surges.approveNotice(
      INTENT,
      "공지: 개별 주문은 080-000-0200에서 확인해 드립니다.",
      NOTICE,
      {
        id: "U0JANE",
        name: "jane",
        via: "slack",
      },
    );
    expect(approved?.ok).toBe(true);

    time.advance(120);
    await h.ops?.surges.checkNow();
    await h.idle();
    expect(await h.ops?.surges.active()).toEqual([]);
    const followUps = opsPosts(h).filter((c) => c.body.thread_ts === alert.ts);
    expect(followUps).toHaveLength(1);
    expect(String(followUps[0]?.body.text)).toContain("is over");
    const now = cardNow(h, alert);
    expect(textOf(now.blocks)).toContain("Surge ended");
    expect(actionIds(now.blocks)).toEqual([]);

    // Another check finds nothing new to say.
    await h.ops?.surges.checkNow();
    await h.idle();
    expect(opsPosts(h).filter((c) => c.body.thread_ts === alert.ts)).toHaveLength(1);
    expect(alertsIn(h)).toHaveLength(1);

    const { case: later } = await reply(h, ONE_MORE);
    expect(later.draft?.text ?? "").not.toContain(NOTICE);
  });
});

describe("daily report", () => {
  const EVENING = new Date("2026-11-22T09:30:00Z"); // 18:30 in Seoul, past REPORT_TIME 18:00
  const DATE = "2026-11-22";

  /** Cases of the day, made before the app starts (as `sincerely triage` would). */
  async function seed(dataDir: string, intentsDir: string) {
    const runtime = await createRuntime(
      parseConfig({
        DATA_DIR: dataDir,
        INTENTS_DIR: intentsDir,
        REPLIES_DIR: CARE_REPLIES,
        TIMEZONE: "Asia/Seoul",
      }),
      { clock: () => new Date("2026-11-22T03:00:00Z") },
    );
    try {
      for (const raw of [...BURST.slice(0, 3), "@fan_1 이번 이벤트 경품 언제 발송되나요?"]) {
        await runtime.cases.intake({ raw, source: { kind: "cli" }, actor: { id: "cli", via: "cli" } });
      }
    } finally {
      await runtime.close();
    }
  }

  it("posts the day's report once, past REPORT_TIME, with the Markdown and the chart in its thread", async () => {
    const dataDir = tempDataDir();
    made.push(dataDir);
    const intentsDir = surgeIntents();
    await seed(dataDir, intentsDir);
    const env = { INTENTS_DIR: intentsDir, REPORT_CHANNEL_ID: REPORTS };
    h = await startSlackHarness({ clock: () => EVENING, ops: true, dataDir, env });

    const post = await h.api.waitFor("chat.postMessage", (c) => c.body.channel === REPORTS);
    const complete = await h.api.waitFor("files.completeUploadExternal");
    const built = await h.ops?.report(DATE);
    expect(built?.report.total).toBe(4);

    const blocks = post.body.blocks as Json[];
    expect(blocks[0]).toEqual({ type: "markdown", text: built?.markdown.trimEnd() });
    expect(blocks[0].text).toContain(`# Daily report — ${DATE}`);
    expect(blocks[0].text).toMatch(/\*\*Delay complaint \(지연 불만\)\*\*: 3/);

    const asked = h.api.callsTo("files.getUploadURLExternal");
    expect(asked).toHaveLength(1);
    expect(asked[0]?.body.filename).toBe(`sincerely-report-${DATE}.svg`);
    const fileId = String(asked[0]?.response.file_id);
    const uploaded = h.api.file(fileId);
    expect(uploaded?.content?.toString("utf8")).toBe(built?.svg);
    expect(Number(asked[0]?.body.length)).toBe(Buffer.byteLength(built?.svg ?? ""));
    expect(complete.body.channel_id).toBe(REPORTS);
    expect(complete.body.thread_ts).toBe(post.response.ts);
    expect(complete.body.files).toEqual([expect.objectContaining({ id: fileId })]);

    // Later ticks, and a restart on the same DATA_DIR, post nothing more.
    await h.ops?.scheduler?.tick();
    const api = h.api;
    await h.stop();
    h = await startSlackHarness({ clock: () => EVENING, ops: true, dataDir, env, api });
    await h.ops?.scheduler?.tick();
    await h.idle();
    expect(api.callsTo("chat.postMessage").filter((c) => c.body.channel === REPORTS)).toHaveLength(1);
    expect(api.callsTo("files.completeUploadExternal")).toHaveLength(1);
    await h.close();
    h = undefined;
    await api.close();
  });

  it("when the chart upload fails, the next try uploads the chart without posting the report again", async () => {
    const time = mutableClock(new Date("2026-11-22T08:00:00Z")); // 17:00: nothing due yet
    const { h } = await start({ clock: time.clock, env: { REPORT_CHANNEL_ID: REPORTS } });
    await burst(h, BURST.slice(0, 2));
    expect(await h.ops?.scheduler?.tick()).toEqual([]);

    const restore = h.api.override("files.getUploadURLExternal", () => ({ ok: false, error: "ratelimited" }));
    time.advance(90);
    await expect(h.ops?.scheduler?.tick()).rejects.toThrow(/ratelimited/);
    restore();
    expect(await h.ops?.scheduler?.tick()).toEqual([DATE]);

    const reports = h.api.callsTo("chat.postMessage").filter((c) => c.body.channel === REPORTS);
    expect(reports).toHaveLength(1);
    const complete = h.api.callsTo("files.completeUploadExternal");
    expect(complete).toHaveLength(1);
    expect(complete[0]?.body.thread_ts).toBe(reports[0]?.response.ts);
    expect(await h.ops?.scheduler?.tick()).toEqual([]);
  });
});

describe("data files", () => {
  it("a broken intent file after start is posted to OPS_CHANNEL_ID as file:line, and /reply keeps answering", async () => {
    const { h, intentsDir } = await start({ watch: true });
    const file = path.join(intentsDir, `${INTENT}.yaml`);
    const good = fs.readFileSync(file, "utf8");
    fs.writeFileSync(file, good.replace("urgency: high", "urgency: extreme"));

    const post = await h.api.waitFor(
      "chat.postMessage",
      (c) => c.body.channel === OPS && String(c.body.text).includes(`${INTENT}.yaml:`),
      10_000,
    );
    const text = String(post.body.text);
    const line = good.split("\n").findIndex((l) => l.startsWith("urgency:")) + 1;
    expect(text).toMatch(new RegExp(`${INTENT}\\.yaml:${line}: .*urgency`));
    expect(text).toContain("last good pack");

    const { case: c } = await reply(h, BURST[0] as string);
    expect(c.intent).toBe(INTENT);
    expect(c.draft?.text).toBeTruthy();
    expect(h.runtime.engines.engine.intentIds()).toContain(INTENT);
  });
});

describe("App Home with operations", () => {
  it("shows pending cases, today's counts, surges, status lines with their age, open escalations and precision", async () => {
    const time = mutableClock(NOW);
    const { h } = await start({ clock: time.clock });
    const cases = await burst(h);
    const cards = new Map<string, PostedCard>();
    for (const call of h.api.callsTo("chat.postMessage").filter((c) => c.body.channel === CARE_CHANNEL)) {
      const card = postedCard(call);
      const c = await caseOfCard(h, card);
      if (c) cards.set(c.id, card);
    }
    const [first, second, third] = cases.map((c) => cards.get(c.id) as PostedCard);
    // Precision: one delay complaint kept its intent, one was moved to another.
    await click(h, first as PostedCard, ACTION.approve, JANE);
    await click(h, second as PostedCard, ACTION.reclassify, JANE, { select: "cancellation-refund" });
    await click(h, cardNow(h, second as PostedCard), ACTION.approve, JANE);
    await click(h, third as PostedCard, ACTION.escalate, JANE);
    await h.requests.command(
      slashCommand({
        text: `status ${INTENT} 1차 물량 출고 중`,
        user: JANE,
        channel: CARE_CHANNEL,
        responseUrl: h.api.responseUrl("status"),
      }),
    );
    await h.idle();

    time.advance(25);
    const view = await openHome(h);
    expect(view.type).toBe("home");
    const text = textOf(view.blocks);
    expect(text).toContain("*Waiting for a decision:* 3");
    expect(text).toContain(cases[4]?.id);
    expect(text).toContain("*Today:* 5 cases");
    expect(text).toContain("Delay complaint (`delay-complaint`): 4");
    expect(text).toContain("Cancellation &amp; refund (`cancellation-refund`): 1");
    expect(text).toContain("*Surges in progress*");
    expect(text).toMatch(/:rotating_light: \*Delay complaint\* since 14:03: \d+ in 60 min/);
    expect(text).toContain("_no notice approved yet_");
    expect(text).toContain("*Live status lines*");
    expect(text).toContain("Delay complaint: 1차 물량 출고 중 (set 25 min ago, 14:03, by jane)");
    expect(text).toContain("*Open escalations:* 1");
    expect(text).toContain(`\`${cases[2]?.id}\``);
    expect(text).toMatch(/waiting since 14:03 \(25 min\)/);
    expect(text).toContain("in <#C0DELIVERY>");
    expect(text).toContain("*Precision from staff corrections, last 7 days*");
    expect(text).toContain("Delay complaint: 50% (1 of 2 kept their intent)");
    expect(text).not.toContain("<!channel>");
  });
});
