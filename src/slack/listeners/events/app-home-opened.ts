import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import { overdueInstants } from "../../../cases/sla.js";
import type { Case } from "../../../cases/types.js";
import { activeClaim } from "../../../cases/types.js";
import { dayBounds, localDate } from "../../../ops/time.js";
import { HOME_PENDING_SHOWN, type HomeData, homeView, type OpenEscalationRow } from "../../blocks/home.js";
import { slackError } from "../../case-cards.js";
import type { SlackDeps } from "../../intake.js";

const DAY = 24 * 60 * 60 * 1000;
/** How far back App Home looks for escalations still waiting (as the daily report does). */
const ESCALATION_LOOKBACK_DAYS = 30;
const PRECISION_DAYS = 7;

/** App Home: usage, pending cases, today's counts, surges, status lines, escalations, precision. */
export function appHomeOpened(deps: SlackDeps) {
  return async (args: AllMiddlewareArgs & SlackEventMiddlewareArgs<"app_home_opened">) => {
    if (args.event.tab !== "home") return;
    // Nothing to store: Slack is answered at once (the answer waits for this listener) and the
    // view is built and published after, tracked like every other after-ack Slack call.
    void deps.cards.track(publishHome(deps, args));
  };
}

/** Every case escalated among those taken in since `since` (a few: escalations are rare), oldest first. */
async function escalatedSince(deps: SlackDeps, since: Date): Promise<Case[]> {
  const found: Case[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.runtime.cases.page({
      escalated: true,
      since,
      order: "oldest",
      limit: 200,
      ...(cursor ? { cursor } : {}),
    });
    found.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return found;
}

async function publishHome(
  deps: SlackDeps,
  { event, client, logger }: AllMiddlewareArgs & SlackEventMiddlewareArgs<"app_home_opened">,
): Promise<void> {
  const { runtime, ops } = deps;
  const now = runtime.clock();
  const engine = runtime.engines.engine;
  const tz = runtime.config.TIMEZONE;

  const { start } = dayBounds(localDate(now, tz), tz);
  // Queries, not lists: the few pending cases shown, and counts (App Home opens often, and a
  // busy team's history is long).
  const [pendingPage, overdue, todayCounts, recent, statuses, surges, precision] = await Promise.all([
    runtime.cases.page({ state: "pending", order: "newest", limit: HOME_PENDING_SHOWN }),
    runtime.cases.count({ state: "pending", overdueBefore: overdueInstants(engine, now) }),
    Promise.all(
      engine.pack.intents.map(async (i) => ({
        intent: i.id,
        count: await runtime.cases.count({ intent: i.id, since: start, until: now }),
      })),
    ),
    escalatedSince(deps, new Date(now.getTime() - ESCALATION_LOOKBACK_DAYS * DAY)),
    runtime.statuses.list(),
    ops?.surges.active(),
    ops?.precision(PRECISION_DAYS),
  ]);
  const pending = pendingPage.items;
  const counts = new Map(todayCounts.filter((t) => t.count > 0).map((t) => [t.intent, t.count]));
  const departments = new Map(engine.pack.departments.map((d) => [d.id, d]));
  // Open: nobody from the department has answered and it was not resolved (the report's rule).
  const open = recent.filter((c) => c.escalation && !c.escalation.replies.length && !c.escalation.resolvedAt);
  // Where the shown cards and escalation threads are in Slack: one query for all of them.
  const located = await runtime.store.slackCards.getMany([
    ...pending.map((c) => c.id),
    ...open.map((c) => c.id),
  ]);
  const escalations: OpenEscalationRow[] = [];
  for (const c of open) {
    const e = c.escalation as NonNullable<typeof c.escalation>;
    const d = departments.get(e.department);
    const channel = located.get(c.id)?.thread?.channel;
    escalations.push({
      caseId: c.id,
      intent: c.intent,
      department: { id: e.department, name: d ? d.name : { ko: e.department, en: e.department } },
      since: e.at,
      ...(channel ? { channel } : {}),
    });
  }
  const cardChannels = new Map<string, string>();
  for (const [id, at] of located) if (at.card) cardChannels.set(id, at.card.channel);
  escalations.sort((a, b) => a.since.localeCompare(b.since));

  const idle = engine.pack.settings.claim_idle_minutes;
  const claims = new Map<string, string>();
  for (const c of pending) {
    const claim = activeClaim(c, now, idle);
    if (claim) claims.set(c.id, claim.by.name ?? claim.by.id);
  }
  const data: HomeData = {
    pending,
    pendingTotal: pendingPage.total,
    overdue,
    cardChannels,
    claims,
    today: [...counts]
      .map(([intent, count]) => ({ intent, count }))
      .sort((a, b) => b.count - a.count || a.intent.localeCompare(b.intent)),
    statuses,
    escalations,
    ...(surges ? { surges } : {}),
    ...(precision ? { precision, precisionDays: PRECISION_DAYS } : {}),
  };
  const view = homeView(data, {
    timezone: tz,
    now,
    intents: engine.pack.intents.map((i) => ({ id: i.id, title: i.title })),
    approvers: runtime.config.APPROVER_USER_IDS,
    statusMaxAgeMinutes: engine.pack.settings.status_max_age_minutes,
  });
  try {
    await client.views.publish({ user_id: event.user, view });
  } catch (err) {
    logger.error(`views.publish for ${event.user} failed: ${slackError(err)}`);
  }
}
