/** App Home: how to use the app and the cases waiting for a decision. */
import type { types } from "@slack/bolt";
import type { Case } from "../../cases/types.js";
import { escapeAndTruncate, escapeMrkdwn } from "../escape.js";
import { COMMAND, SHORTCUT_DRAFT_REPLY } from "../ids.js";
import { type IntentInfo, intentTitle } from "./case-card.js";
import { type Block, context, mrkdwnSection, plain, when } from "./format.js";

export interface HomeContext {
  timezone: string;
  now: Date;
  intents: readonly IntentInfo[];
  approvers: readonly string[];
}

const SHOWN = 20;

export function usageText(): string {
  return [
    `*${COMMAND} <mention>*: paste a customer's mention (\`@user: text\`, a post link, or plain text) to get a case card with a suggested reply.`,
    `*Draft a reply* (message shortcut \`${SHORTCUT_DRAFT_REPLY}\`): the same from any message, including forwarded posts and unfurls.`,
    "*@Sincerely <mention>*: mention the app with the text.",
    `*${COMMAND} status <intent> <text>*: set the live status line drafts quote for an intent (empty text clears it); \`${COMMAND} status\` lists them.`,
    `*${COMMAND} help*: this help.`,
  ].join("\n");
}

export function homeView(pending: readonly Case[], ctx: HomeContext): types.HomeView {
  const blocks: Block[] = [
    { type: "header", text: plain("Sincerely", 150) },
    mrkdwnSection(usageText(), "usage"),
    { type: "divider" },
    mrkdwnSection(`*Waiting for a decision:* ${pending.length}`, "pending-count"),
  ];
  for (const c of pending.slice(0, SHOWN)) {
    const where = c.card ? ` · <#${c.card.channel}>` : "";
    const handle = c.mention.handle ? `@${escapeMrkdwn(c.mention.handle)}: ` : "";
    const excerpt = escapeAndTruncate(c.mention.text.replace(/\s+/g, " "), 140, () => "…").text;
    blocks.push(
      mrkdwnSection(
        `\`${c.id}\` · ${escapeMrkdwn(intentTitle(ctx.intents, c.intent))} · ${when(c.createdAt, ctx.timezone, ctx.now)}${where}\n${handle}${excerpt}`,
      ),
    );
  }
  if (pending.length > SHOWN) blocks.push(context(`…and ${pending.length - SHOWN} more.`));
  if (!ctx.approvers.length) {
    blocks.push(
      context(":warning: APPROVER_USER_IDS is empty: anyone in the workspace may approve replies."),
    );
  }
  return { type: "home", blocks };
}
