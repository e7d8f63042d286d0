/**
 * App Home: how to use the app, and the state of the care desk at a glance: the newest cases waiting
 * for a decision, today's counts per intent, surges in progress, live status lines with their age,
 * escalations still waiting on a department, and per-intent precision from staff corrections.
 */
import type { types } from "@slack/bolt";
import type { Case } from "../../cases/types.js";
import type { LiveStatus } from "../../core/types.js";
import type { IntentPrecision } from "../../ops/precision.js";
import type { SurgeRecord } from "../../ops/surge.js";
import { escapeAndTruncate, escapeMrkdwn } from "../escape.js";
import { COMMAND, SHORTCUT_DRAFT_REPLY } from "../ids.js";
import { type IntentInfo, intentTitle } from "./case-card.js";
import { type Block, context, mrkdwnSection, plain, when } from "./format.js";

export interface HomeContext {
  timezone: string;
  now: Date;
  intents: readonly IntentInfo[];
  approvers: readonly string[];
  /** Status lines older than this are no longer quoted in drafts. */
  statusMaxAgeMinutes?: number;
}

export interface OpenEscalationRow {
  caseId: string;
  intent: string;
  department: { id: string; name: { ko: string; en: string } };
  since: string;
  channel?: string;
}

/** Everything App Home shows; the sections of operations are left out when ops is not running. */
export interface HomeData {
  /** Cases waiting for a decision, newest first: the few App Home lists (HOME_PENDING_SHOWN). */
  pending: readonly Case[];
  /** How many cases wait for a decision in all (`pending.length` when not given). */
  pendingTotal?: number;
  /** Pending cases past their SLA. */
  overdue?: number;
  /** The channel each pending case's card is in (case id → channel), from the Slack locations. */
  cardChannels?: ReadonlyMap<string, string>;
  /** Who is on which pending case (case id → name), for "Kim is on it". */
  claims?: ReadonlyMap<string, string>;
  /** Today's cases per intent (local day in TIMEZONE), most first. */
  today?: ReadonlyArray<{ intent: string; count: number }>;
  surges?: readonly SurgeRecord[];
  statuses?: readonly LiveStatus[];
  /** Escalations nobody in the department has answered yet, longest waiting first. */
  escalations?: readonly OpenEscalationRow[];
  precision?: readonly IntentPrecision[];
  precisionDays?: number;
}

/** How many pending cases App Home lists (the newest). */
export const HOME_PENDING_SHOWN = 5;
const ESCALATIONS_SHOWN = 10;
/** Room for one section's lines (Slack allows 3000 characters). */
const SECTION_ROOM = 2900;

export function usageText(): string {
  return [
    `*${COMMAND} <mention>*: paste a customer's mention (\`@user: text\`, a post link, or plain text) to get a case card with a suggested reply.`,
    `*Draft a reply* (message shortcut \`${SHORTCUT_DRAFT_REPLY}\`): the same from any message, including forwarded posts and unfurls.`,
    "*@Sincerely <mention>*: mention the app with the text.",
    `*${COMMAND} status <intent> <text>*: set the live status line drafts quote for an intent (empty text clears it); \`${COMMAND} status\` lists them.`,
    `*${COMMAND} help*: this help.`,
  ].join("\n");
}

/** `25 min`, `3 h 5 min`, `2 d 4 h`. */
export function age(from: string, now: Date): string {
  const minutes = Math.max(0, Math.round((now.getTime() - Date.parse(from)) / 60_000));
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  return hours % 24 ? `${Math.floor(hours / 24)} d ${hours % 24} h` : `${hours / 24} d`;
}

/** Lines joined into one section, as many as fit; the rest counted. */
function linesSection(heading: string, lines: readonly string[], blockId: string): types.SectionBlock {
  const kept: string[] = [];
  let used = heading.length;
  for (const line of lines) {
    if (used + line.length + 1 > SECTION_ROOM - 40) break;
    kept.push(line);
    used += line.length + 1;
  }
  const more = lines.length > kept.length ? `\n…and ${lines.length - kept.length} more.` : "";
  return mrkdwnSection(`${heading}\n${kept.join("\n")}${more}`, blockId);
}

export function homeView(data: HomeData, ctx: HomeContext): types.HomeView {
  const title = (intent: string) => escapeMrkdwn(intentTitle(ctx.intents, intent));
  const blocks: Block[] = [
    { type: "header", text: plain("Sincerely", 150) },
    mrkdwnSection(usageText(), "usage"),
    { type: "divider" },
  ];

  // Waiting for a decision: the newest few.
  const { pending } = data;
  const total = data.pendingTotal ?? pending.length;
  const overdue = data.overdue
    ? ` · :alarm_clock: *${data.overdue} overdue* (past the SLA for their urgency; oldest first in the console)`
    : "";
  blocks.push(mrkdwnSection(`*Waiting for a decision:* ${total}${overdue}`, "pending-count"));
  for (const c of pending.slice(0, HOME_PENDING_SHOWN)) {
    const channel = data.cardChannels?.get(c.id);
    const where = channel ? ` · <#${channel}>` : "";
    const handle = c.mention.handle ? `@${escapeMrkdwn(c.mention.handle)}: ` : "";
    const excerpt = escapeAndTruncate(c.mention.text.replace(/\s+/g, " "), 140, () => "…").text;
    const onIt = data.claims?.get(c.id);
    const claimed = onIt ? ` · :eyes: ${escapeMrkdwn(onIt)} is on it` : "";
    blocks.push(
      mrkdwnSection(
        `\`${c.id}\` · ${title(c.intent)} · ${when(c.createdAt, ctx.timezone, ctx.now)}${where}${claimed}\n${handle}${excerpt}`,
      ),
    );
  }
  const shown = Math.min(pending.length, HOME_PENDING_SHOWN);
  if (total > shown) {
    blocks.push(context(`…and ${total - shown} older. The console lists them all.`));
  }

  if (data.today) {
    blocks.push({ type: "divider" });
    const total = data.today.reduce((n, r) => n + r.count, 0);
    const lines = data.today.map((r) => `• ${title(r.intent)} (\`${escapeMrkdwn(r.intent)}\`): ${r.count}`);
    blocks.push(
      lines.length
        ? linesSection(`*Today:* ${total} case${total === 1 ? "" : "s"}`, lines, "today")
        : mrkdwnSection("*Today:* no cases yet.", "today"),
    );
  }

  if (data.surges) {
    const lines = data.surges.map((s) => {
      const notice = s.notice ? `notice ${escapeMrkdwn(s.notice.url)}` : "_no notice approved yet_";
      return `• :rotating_light: *${title(s.intent)}* since ${when(s.startedAt, ctx.timezone, ctx.now)}: ${s.count} in ${s.rule.windowMinutes} min (usually ${s.baseline}), peak ${s.peakCount}; ${notice}`;
    });
    blocks.push(
      lines.length
        ? linesSection("*Surges in progress*", lines, "surges")
        : mrkdwnSection("*Surges in progress:* none.", "surges"),
    );
  }

  if (data.statuses) {
    const maxAge = ctx.statusMaxAgeMinutes;
    const lines = data.statuses.map((s) => {
      const old =
        maxAge !== undefined && ctx.now.getTime() - Date.parse(s.setAt) > maxAge * 60_000
          ? " :warning: _too old to be quoted in drafts_"
          : "";
      return `• ${title(s.intent)}: ${escapeAndTruncate(s.text, 300, () => "…").text} (set ${age(s.setAt, ctx.now)} ago, ${when(s.setAt, ctx.timezone, ctx.now)}, by ${escapeMrkdwn(s.setBy)})${old}`;
    });
    blocks.push(
      lines.length
        ? linesSection("*Live status lines*", lines, "statuses")
        : mrkdwnSection(
            `*Live status lines:* none. Set one with \`${COMMAND} status <intent> <text>\`.`,
            "statuses",
          ),
    );
  }

  if (data.escalations) {
    const shown = data.escalations.slice(0, ESCALATIONS_SHOWN);
    const lines = shown.map((e) => {
      const name = escapeMrkdwn(e.department.name.ko || e.department.name.en || e.department.id);
      const where = e.channel ? ` in <#${e.channel}>` : "";
      return `• *${name}*${where}: \`${e.caseId}\` (${title(e.intent)}), waiting since ${when(e.since, ctx.timezone, ctx.now)} (${age(e.since, ctx.now)})`;
    });
    if (data.escalations.length > shown.length) {
      lines.push(`…and ${data.escalations.length - shown.length} more.`);
    }
    blocks.push(
      lines.length
        ? linesSection(`*Open escalations:* ${data.escalations.length}`, lines, "escalations")
        : mrkdwnSection("*Open escalations:* none waiting.", "escalations"),
    );
  }

  if (data.precision) {
    const days = data.precisionDays ?? 7;
    const measured = data.precision.filter((p) => p.decided > 0);
    const lines = measured.map(
      (p) =>
        `• ${title(p.intent)}: ${Math.round((p.precision ?? 0) * 100)}% (${p.kept} of ${p.decided} kept their intent)`,
    );
    blocks.push(
      lines.length
        ? linesSection(`*Precision from staff corrections, last ${days} days*`, lines, "precision")
        : mrkdwnSection(
            `*Precision from staff corrections, last ${days} days:* no decided cases yet.`,
            "precision",
          ),
    );
  }

  if (!ctx.approvers.length) {
    blocks.push(
      context(":warning: APPROVER_USER_IDS is empty: anyone in the workspace may approve replies."),
    );
  }
  return { type: "home", blocks };
}
