import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from "@slack/bolt";
import { isOverdue } from "../../../cases/sla.js";
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
    const [pending, today, recent, statuses, surges, precision] = await Promise.all([
      runtime.cases.list({ state: "pending" }),
      runtime.cases.list({ since: start }),
      runtime.cases.list({ since: new Date(now.getTime() - ESCALATION_LOOKBACK_DAYS * DAY) }),
      runtime.statuses.list(),
      ops?.surges.active(),
      ops?.precision(PRECISION_DAYS),
    ]);

    const counts = new Map<string, number>();
    for (const c of today) {
      if (Date.parse(c.createdAt) > now.getTime()) continue;
      counts.set(c.intent, (counts.get(c.intent) ?? 0) + 1);
    }
    const departments = new Map(engine.pack.departments.map((d) => [d.id, d]));
    // Open: nobody from the department has answered and it was not resolved (the report's rule).
    const open = recent.filter(
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
      overdue: pending.filter((c) => isOverdue(engine, c, now)).length,
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
  };
}
