/**
 * `/reply status`: live status lines per intent ("1차 물량 배송 중"), quoted in drafts with their time.
 * Setting one changes what customers are told, so only approvers may (anyone when the list is empty).
 */
import { formatClock } from "../core/time.js";
import { escapeMrkdwn } from "./escape.js";
import type { SlackDeps } from "./intake.js";

export const statusMessages = {
  forbidden: "Only approvers may set live status lines: they go into replies to customers.",
} as const;

export async function setStatusLine(
  deps: SlackDeps,
  userId: string,
  userName: string | undefined,
  intent: string | undefined,
  text: string,
): Promise<string> {
  const { runtime } = deps;
  const tz = runtime.config.TIMEZONE;
  if (!intent) {
    const lines = await runtime.statuses.list();
    if (!lines.length) return "No live status lines are set. Set one with `/reply status <intent> <text>`.";
    return lines
      .map(
        (s) =>
          `\`${s.intent}\`: ${escapeMrkdwn(s.text)} (${formatClock(s.setAt, tz)}, ${escapeMrkdwn(s.setBy)})`,
      )
      .join("\n");
  }
  const actor = await deps.cards.actor(userId, userName);
  // The case service's rule (runtime.mayDecide), not a second reading of APPROVER_USER_IDS.
  if (!runtime.mayDecide(actor)) return statusMessages.forbidden;
  const set = await runtime.statuses.set(intent, text, actor);
  return set
    ? `Live status for \`${intent}\` as of ${formatClock(set.setAt, tz)}: ${escapeMrkdwn(set.text)}`
    : `Cleared the live status for \`${intent}\`.`;
}
