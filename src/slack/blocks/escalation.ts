/** The post in a department's channel when a case is escalated; its thread is where they answer. */
import type { Case } from "../../cases/types.js";
import type { Department } from "../../core/types.js";
import { blockQuote, escapeAndTruncate, escapeMrkdwn } from "../escape.js";
import { ACTION, caseBlockId } from "../ids.js";
import { type Block, context, mrkdwnSection, plain, when, who } from "./format.js";

export interface EscalationContext {
  timezone: string;
  now: Date;
  department: Department;
  intentTitle: string;
  /** Link back to the case card (its permalink), when known. */
  cardLink?: string;
  /** Where the card is, when there is no permalink. */
  card?: { channel: string; ts: string };
}

export function escalationText(c: Case, ctx: EscalationContext): string {
  return `Escalated case ${c.id} (${escapeMrkdwn(ctx.intentTitle)}): please answer in this thread.`;
}

export function escalationBlocks(c: Case, ctx: EscalationContext): Block[] {
  const e = c.escalation;
  const lang = c.draft?.language ?? c.classification.language;
  const by = e ? ` by ${who(e.by)} at ${when(e.at, ctx.timezone, ctx.now)}` : "";
  const handle = c.mention.handle ? `*@${escapeMrkdwn(c.mention.handle)}* ` : "";
  const post =
    c.mention.postUrl && /^https:\/\/[^\s<>|]+$/.test(c.mention.postUrl)
      ? ` <${c.mention.postUrl}|view post>`
      : "";
  const blocks: Block[] = [
    mrkdwnSection(
      `:rotating_light: *Escalated to ${escapeMrkdwn(ctx.department.name[lang])}*${by}: ${escapeMrkdwn(ctx.intentTitle)}`,
      "escalation",
    ),
    mrkdwnSection(
      `${handle}${post}\n${blockQuote(escapeAndTruncate(c.mention.text, 2000).text)}`,
      "customer",
    ),
  ];
  if (c.draft) {
    blocks.push(
      mrkdwnSection(`*Draft so far*\n${blockQuote(escapeAndTruncate(c.draft.text, 1500).text)}`, "draft"),
    );
  }
  const back =
    ctx.cardLink && /^https:\/\/[^\s<>|]+$/.test(ctx.cardLink)
      ? `<${ctx.cardLink}|the case card>`
      : ctx.card
        ? `the case card in <#${ctx.card.channel}>`
        : "the case in the Sincerely console";
  blocks.push(
    context(
      `*Reply in this thread*: your answer is shown on ${back} and the care team can use it in the reply. Case \`${c.id}\``,
    ),
  );
  if (ctx.cardLink && /^https:\/\/[^\s<>|]+$/.test(ctx.cardLink)) {
    blocks.push({
      type: "actions",
      block_id: caseBlockId(c.id),
      elements: [
        { type: "button", action_id: ACTION.openCard, text: plain("Open the case card"), url: ctx.cardLink },
      ],
    });
  }
  return blocks;
}
