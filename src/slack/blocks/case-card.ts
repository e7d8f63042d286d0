/**
 * The case card: what the customer said, what the classifier thinks, who handles it, the draft, and
 * the buttons. Pure: everything it shows comes from the case and the context passed in.
 */
import type { types } from "@slack/bolt";
import { type Case, DISMISS_REASONS, type DismissReason, keptTemplate } from "../../cases/types.js";
import { X_POST_LIMIT } from "../../core/length.js";
import type { Department, LiveStatus, Mention } from "../../core/types.js";
import { BLOCK_TEXT_LIMIT, blockQuote, escapeAndTruncate, escapeMrkdwn } from "../escape.js";
import { ACTION, caseBlockId } from "../ids.js";
import { type Block, context, mrkdwnSection, percent, plain, slackUser, when, who } from "./format.js";

export interface IntentInfo {
  id: string;
  title: { ko: string; en: string };
}

export interface CardContext {
  timezone: string;
  now: Date;
  /** Every intent of the pack, in order (the Reclassify select lists them all). */
  intents: readonly IntentInfo[];
  /** The case's department now. */
  department?: Department;
  /** The live status line for the case's intent, if one is set. */
  status?: LiveStatus;
  /** Where the escalation was posted (the department's thread), once it was. */
  escalationThread?: { channel: string; ts: string };
  /** Link to the escalation thread, when it was posted. */
  escalationLink?: string;
  /** Who is working on the case now (a claim that has not lapsed). */
  claim?: NonNullable<Case["claim"]>;
}

/** Room left for the customer's words once the handle line and quote marks are in. */
const CUSTOMER_TEXT_LIMIT = BLOCK_TEXT_LIMIT - 400;

export const DISMISS_LABELS: Record<DismissReason, string> = {
  spam: "Spam",
  duplicate: "Duplicate",
  "handled-elsewhere": "Handled elsewhere",
  "no-reply-needed": "No reply needed",
};

const SOURCE_LABELS: Record<Case["source"]["kind"], string> = {
  "slack-command": "/reply",
  "slack-shortcut": "Draft a reply",
  "slack-mention": "mention",
  "slack-channel": "intake channel",
  console: "console",
  cli: "command line",
};

/** X's reply composer with the text filled in; undefined when neither post nor handle is known. */
export function xComposerUrl(mention: Mention, text: string): string | undefined {
  if (mention.postId) {
    return `https://x.com/intent/post?in_reply_to=${encodeURIComponent(mention.postId)}&text=${encodeURIComponent(text)}`;
  }
  if (mention.handle) {
    const prefix = `@${mention.handle}`;
    const full = text.toLowerCase().startsWith(prefix.toLowerCase()) ? text : `${prefix} ${text}`;
    return `https://x.com/intent/post?text=${encodeURIComponent(full)}`;
  }
  return undefined;
}

export function intentTitle(
  intents: readonly IntentInfo[],
  id: string,
  language: "ko" | "en" = "en",
): string {
  return intents.find((i) => i.id === id)?.title[language] ?? id;
}

/** The notification text of the card (shown where blocks are not): short, escaped. */
export function caseCardText(c: Case, ctx: CardContext): string {
  const excerpt = escapeAndTruncate(c.mention.text.replace(/\s+/g, " "), 120, () => "").text;
  const state = c.state === "pending" ? "waiting for approval" : c.state;
  return `Case ${c.id} (${escapeMrkdwn(intentTitle(ctx.intents, c.intent))}, ${state}): ${excerpt}`;
}

export function caseCardBlocks(c: Case, ctx: CardContext): Block[] {
  const blocks: Block[] = [];
  const lang = c.draft?.language ?? c.classification.language;
  const creator = c.events[0]?.actor;
  blocks.push(
    context(
      `*Case* \`${c.id}\` · via ${SOURCE_LABELS[c.source.kind]}${creator ? ` by ${who(creator)}` : ""} · ${when(c.createdAt, ctx.timezone, ctx.now)}`,
    ),
  );
  if (c.state === "pending" && ctx.claim) {
    blocks.push(
      context(`:eyes: *${who(ctx.claim.by)} is on it* since ${when(ctx.claim.at, ctx.timezone, ctx.now)}`),
    );
  }
  blocks.push(mrkdwnSection(customerText(c.mention), "customer"));
  blocks.push(mrkdwnSection(intentLine(c, ctx, lang), "intent"));
  if (ctx.status) {
    const s = ctx.status;
    const used = c.draft?.variant.startsWith("with_status") ? " (used in the draft)" : "";
    blocks.push(
      context(
        `*Live status* as of ${when(s.setAt, ctx.timezone, ctx.now)} by ${escapeMrkdwn(s.setBy)}${used}: ${escapeAndTruncate(s.text, 1000).text}`,
      ),
    );
  }
  blocks.push({ type: "divider" });
  if (c.state === "approved" && c.approved) {
    blocks.push(...approvedBlocks(c, ctx));
  } else {
    blocks.push(...draftBlocks(c));
  }
  if (c.escalation) blocks.push(...escalationBlocks(c, ctx, lang));
  if (c.state === "pending") blocks.push(actionsBlock(c, ctx));
  if (c.state === "dismissed" && c.dismissed) {
    const d = c.dismissed;
    const note = d.note ? `: ${escapeAndTruncate(d.note, 500).text}` : "";
    blocks.push(
      mrkdwnSection(
        `:no_entry_sign: *Dismissed* (${DISMISS_LABELS[d.reason] ?? d.reason}) by ${who(d.by)} at ${when(d.at, ctx.timezone, ctx.now)}${note}`,
        "decision",
      ),
    );
    // A dismissal picked by mistake must not lose the customer.
    blocks.push({
      type: "actions",
      block_id: caseBlockId(c.id),
      elements: [{ type: "button", action_id: ACTION.reopen, text: plain("Reopen"), value: c.id }],
    });
  }
  return blocks;
}

function customerText(m: Mention): string {
  const head: string[] = [];
  if (m.handle) head.push(`*@${escapeMrkdwn(m.handle)}*`);
  if (m.postUrl && /^https:\/\/[^\s<>|]+$/.test(m.postUrl)) head.push(`<${m.postUrl}|view post>`);
  const { text } = escapeAndTruncate(m.text, CUSTOMER_TEXT_LIMIT);
  return `${head.length ? `${head.join(" · ")}\n` : ""}${blockQuote(text)}`;
}

function intentLine(c: Case, ctx: CardContext, lang: "ko" | "en"): string {
  const cl = c.classification;
  const lines: string[] = [];
  const title = escapeMrkdwn(intentTitle(ctx.intents, c.intent, lang));
  if (c.intent === cl.intent) {
    let line = `*Intent:* ${title} \`${c.intent}\` · ${percent(cl.confidence)}`;
    const runnerUp = cl.alternatives[0];
    if (cl.ambiguous && runnerUp) {
      line += ` · runner-up: ${escapeMrkdwn(intentTitle(ctx.intents, runnerUp.intent, lang))} ${percent(runnerUp.confidence)}`;
    }
    if (cl.intent !== cl.bestGuess) {
      line += ` · best guess: ${escapeMrkdwn(intentTitle(ctx.intents, cl.bestGuess, lang))}`;
    }
    lines.push(line);
  } else {
    lines.push(
      `*Intent:* ${title} \`${c.intent}\` (reclassified; the classifier said ${escapeMrkdwn(intentTitle(ctx.intents, cl.intent, lang))} ${percent(cl.confidence)})`,
    );
  }
  const evidence = [
    ...new Set(cl.evidence.filter((e) => e.intent === cl.intent && e.kind === "keyword").map((e) => e.value)),
  ].slice(0, 6);
  if (evidence.length && c.intent === cl.intent) {
    lines.push(`*Evidence:* ${evidence.map((e) => `\`${escapeMrkdwn(e)}\``).join(", ")}`);
  }
  const company = cl.evidence.find((e) => e.kind === "company" && e.intent === cl.intent);
  if (company && c.intent === cl.intent) {
    lines.push(`*Addressed to:* \`${escapeMrkdwn(company.value)}\`, another company`);
  }
  const d = ctx.department;
  if (d) {
    lines.push(
      `*Department:* ${escapeMrkdwn(d.name[lang])} · ${escapeMrkdwn(d.hotline)} (${escapeMrkdwn(d.hours[lang])})`,
    );
  } else {
    lines.push(`*Department:* \`${escapeMrkdwn(c.department)}\``);
  }
  return lines.join("\n");
}

function draftBlocks(c: Case): Block[] {
  if (!c.draft) {
    return [
      mrkdwnSection(
        "*No draft:* the classifier was not sure what this is. Reclassify it to get a draft, or Edit to write the reply.",
        "draft",
      ),
    ];
  }
  const edited = c.draft.edited ? " (edited)" : "";
  const blocks: Block[] = [
    mrkdwnSection(
      `*Draft${edited}*\n${blockQuote(escapeAndTruncate(c.draft.text, BLOCK_TEXT_LIMIT - 100).text)}`,
      "draft",
    ),
    context(`${c.draft.length}/${X_POST_LIMIT} · ${escapeMrkdwn(c.draft.variant)}`),
    ...situationBlocks(c),
  ];
  const kept = keptTemplate(c);
  if (kept !== undefined) {
    blocks.push(
      mrkdwnSection(
        `:pencil2: Reclassified: your edited reply was kept. The new intent's template would say:\n${blockQuote(escapeAndTruncate(kept, 1500).text)}`,
        "template",
      ),
    );
  }
  return blocks;
}

/** The situation the draft answers and what matched; then the alternatives offered instead. */
function situationBlocks(c: Case): Block[] {
  const d = c.draft;
  if (!d?.situation) return [];
  const lang = d.language;
  const title =
    d.situation === "general"
      ? "General (no specific situation matched)"
      : (d.situationTitle?.[lang] ?? d.situation);
  let line = `*Situation:* ${escapeMrkdwn(title)} \`${escapeMrkdwn(d.situation)}\``;
  const matched = d.situationEvidence?.matched ?? [];
  if (matched.length)
    line += ` · matched: ${matched
      .slice(0, 5)
      .map((m) => `\`${escapeMrkdwn(m)}\``)
      .join(", ")}`;
  const specifics = Object.entries(d.specifics ?? {});
  if (specifics.length)
    line += ` · customer said: ${specifics.map(([k, v]) => `${k} \`${escapeMrkdwn(v)}\``).join(", ")}`;
  const blocks: Block[] = [context(escapeAndTruncate(line, 2900).text)];
  const alternatives = c.state === "pending" ? (d.alternatives ?? []).slice(0, 2) : [];
  alternatives.forEach((a, i) => {
    const altTitle = a.situation === "general" ? "General" : (a.title?.[lang] ?? a.situation);
    blocks.push(
      mrkdwnSection(
        `*Alternative ${i + 1}: ${escapeMrkdwn(altTitle)}*\n${blockQuote(escapeAndTruncate(a.text, BLOCK_TEXT_LIMIT - 200).text)}`,
        `alternative-${i}`,
      ),
    );
  });
  return blocks;
}

function approvedBlocks(c: Case, ctx: CardContext): Block[] {
  const a = c.approved as NonNullable<Case["approved"]>;
  const blocks: Block[] = [
    mrkdwnSection(
      `:white_check_mark: *Approved* by ${who(a.by)} at ${when(a.at, ctx.timezone, ctx.now)}`,
      "decision",
    ),
    mrkdwnSection(`\`\`\`${escapeAndTruncate(a.text, BLOCK_TEXT_LIMIT - 10, () => "…").text}\`\`\``, "final"),
  ];
  const url = xComposerUrl(c.mention, a.text);
  if (url && url.length <= 3000) {
    blocks.push({
      type: "actions",
      block_id: caseBlockId(c.id),
      elements: [
        {
          type: "button",
          action_id: ACTION.openX,
          text: plain(c.mention.postId ? "Reply on X" : `Post to @${c.mention.handle ?? ""} on X`),
          url,
          style: "primary",
        },
      ],
    });
  }
  return blocks;
}

function escalationBlocks(c: Case, ctx: CardContext, lang: "ko" | "en"): Block[] {
  const e = c.escalation as NonNullable<Case["escalation"]>;
  const dept = ctx.department?.id === e.department ? ctx.department.name[lang] : e.department;
  const where = ctx.escalationThread ? ` in <#${ctx.escalationThread.channel}>` : " (not posted yet)";
  const link =
    ctx.escalationLink && /^https:\/\/[^\s<>|]+$/.test(ctx.escalationLink)
      ? ` · <${ctx.escalationLink}|open thread>`
      : "";
  const lines = [
    `:rotating_light: *Escalated* to ${escapeMrkdwn(dept)} by ${who(e.by)} at ${when(e.at, ctx.timezone, ctx.now)}${where}${link}`,
  ];
  for (const r of e.replies.slice(-5)) {
    lines.push(
      `:speech_balloon: ${slackUser(r.user)} (${when(r.at, ctx.timezone, ctx.now)}): ${escapeAndTruncate(r.text, 400).text}`,
    );
  }
  if (e.replies.length > 5) lines.push(`_…and ${e.replies.length - 5} earlier replies in the thread._`);
  return [mrkdwnSection(lines.join("\n"), "escalation")];
}

function actionsBlock(c: Case, ctx: CardContext): types.ActionsBlock {
  const option = (i: IntentInfo): types.PlainTextOption => ({
    text: plain(`${i.title.en} (${i.id})`),
    value: i.id,
  });
  const options = ctx.intents.slice(0, 100).map(option);
  const current = options.find((o) => o.value === c.intent);
  const reclassify: types.StaticSelect = {
    type: "static_select",
    action_id: ACTION.reclassify,
    placeholder: plain("Reclassify…"),
    options,
  };
  if (current) reclassify.initial_option = current;
  const elements: types.ActionsBlockElement[] = [];
  // Nothing to approve without a draft: Edit (write one) or Reclassify (get one) first.
  if (c.draft) {
    elements.push({
      type: "button",
      action_id: ACTION.approve,
      text: plain("Approve"),
      style: "primary",
      // The version this card shows: approving a draft changed since is refused with the new text.
      value: `${c.id}|${c.draftVersion ?? 1}`,
    });
  }
  elements.push({ type: "button", action_id: ACTION.edit, text: plain("Edit"), value: c.id }, reclassify);
  if (keptTemplate(c) !== undefined) {
    elements.push({
      type: "button",
      action_id: ACTION.redraft,
      text: plain("Use new template"),
      value: c.id,
    });
  }
  // One "Use" button per alternative draft shown above; the service records the pick.
  (c.draft?.alternatives ?? []).slice(0, 2).forEach((a, i) => {
    elements.push({
      type: "button",
      action_id: `${ACTION.pickAlternativePrefix}${i}`,
      text: plain(`Use alternative ${i + 1}`),
      value: a.situation,
    });
  });
  // One card for everyone: "Take over" when someone is on it (an explicit claim always wins).
  elements.push({
    type: "button",
    action_id: ACTION.claim,
    text: plain(ctx.claim ? "Take over" : "Claim"),
    value: c.id,
  });
  // Escalated but not posted (no channel, or the post failed): the button stays, to post it again.
  if (!ctx.escalationThread) {
    elements.push({ type: "button", action_id: ACTION.escalate, text: plain("Escalate"), value: c.id });
  }
  elements.push({
    type: "static_select",
    action_id: ACTION.dismiss,
    placeholder: plain("Dismiss…"),
    options: DISMISS_REASONS.map((r) => ({ text: plain(DISMISS_LABELS[r]), value: r })),
    // Slack asks before it sends the choice; a dismissed case can still be reopened from its card.
    confirm: {
      title: plain("Dismiss this case?", 100),
      text: { type: "plain_text", text: "No reply will be sent. You can reopen it from the card." },
      confirm: plain("Dismiss", 30),
      deny: plain("Keep it", 30),
      style: "danger",
    },
  });
  return { type: "actions", block_id: caseBlockId(c.id), elements };
}
