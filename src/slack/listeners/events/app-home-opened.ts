import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import { slaMinutes } from "../../../cases/sla.js";
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
  return async ({
    event,
    client,
    logger,
  }: AllMiddlewareArgs & SlackEventMiddlewareArgs<"app_home_opened">) => {
    if (event.tab !== "home") return;
    const { runtime, ops } = deps;
    const now = runtime.clock();
    const engine = runtime.engines.engine;
    const tz = runtime.config.TIMEZONE;

    const { start } = dayBounds(localDate(now, tz), tz);
    // Queries, not lists: the newest few pending cases, counts per intent, and the escalated cases.
    const [newest, pendingByIntent, counts, recent, statuses, surges, precision] = await Promise.all([
      runtime.cases.page({ state: "pending", order: "newest", limit: HOME_PENDING_SHOWN }),
      runtime.cases.countBy("intent", { state: "pending" }),
      // Created today up to now (a case stamped later than now is not counted yet).
      runtime.cases.countBy("intent", { since: start, until: new Date(now.getTime() + 1) }),
      runtime.cases.page({
        escalated: true,
        since: new Date(now.getTime() - ESCALATION_LOOKBACK_DAYS * DAY),
        order: "oldest",
        limit: 500,
      }),
      runtime.statuses.list(),
      ops?.surges.active(),
      ops?.precision(PRECISION_DAYS),
    ]);
    const pending = newest.items;
    // Overdue: created before now minus its intent's SLA, for every intent with pending cases.
    const overdueBefore: Record<string, string> = {};
    for (const intent of pendingByIntent.keys()) {
      if (intent === null) continue;
      overdueBefore[intent] = new Date(now.getTime() - slaMinutes(engine, intent) * 60_000).toISOString();
    }
    const overdue = await runtime.cases.count({ state: "pending", overdueBefore });
    const departments = new Map(engine.pack.departments.map((d) => [d.id, d]));
    // Open: nobody from the department has answered and it was not resolved (the report's rule).
    const open = recent.items.filter(
      (c) => c.escalation && !c.escalation.replies.length && !c.escalation.resolvedAt,
    );
    // Where the shown cards and escalation threads are in Slack: one query for all of them.
    const located = await runtime.store.slackCards.getMany([
      ...pending.slice(0, HOME_PENDING_SHOWN).map((c) => c.id),
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
      pendingTotal: newest.total,
      overdue,
      cardChannels,
      claims,
      today: [...counts]
        .filter((e): e is [string, number] => e[0] !== null)
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
  };
}
