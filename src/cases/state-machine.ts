/**
 * Which command may run on a case in which state. Pure: no clock, no store.
 *
 *   pending ──approve──▶ approved
 *      │  └──dismiss──▶ dismissed ──reopen──▶ pending
 *      └─ edit, reclassify, redraft, pick-alternative, escalate, claim, release (stay pending)
 *
 * An approval is final: a second approve (double click, second approver, retried request) is a
 * conflict that names who decided first. A dismissal can be undone by `reopen` (audited), because
 * "spam" picked by mistake must not lose a customer. Escalation replies are information, not
 * decisions, and are accepted in any state. (Where a card or escalation thread is in Slack is not a
 * case fact at all: the Slack side keeps it in the store's slack_cards table.)
 */
import { caseMessages } from "./messages.js";
import type { Case, CaseState } from "./types.js";

export type Command =
  | "approve"
  | "dismiss"
  | "edit"
  | "reclassify"
  | "pick-alternative"
  | "escalate"
  | "escalation-reply"
  | "claim"
  | "release"
  | "reopen"
  | "redraft";

/** Commands that only a person allowed to decide (`mayDecide`) can run. */
export const DECIDER_COMMANDS: ReadonlySet<Command> = new Set([
  "approve",
  "dismiss",
  "edit",
  "reclassify",
  "pick-alternative",
  "escalate",
  "claim",
  "release",
  "reopen",
  "redraft",
]);

/** Commands that need the case to still be pending. */
const PENDING_ONLY: ReadonlySet<Command> = new Set([...DECIDER_COMMANDS].filter((c) => c !== "reopen"));

export type Verdict = { ok: true } | { ok: false; code: "conflict" | "invalid"; message: string };

export function isDecided(c: Pick<Case, "state">): boolean {
  return c.state !== "pending";
}

/** The state after `command` succeeds. */
export function nextState(state: CaseState, command: Command): CaseState {
  if (command === "reopen") return state === "dismissed" ? "pending" : state;
  if (state !== "pending") return state;
  if (command === "approve") return "approved";
  if (command === "dismiss") return "dismissed";
  return state;
}

/** Whether `command` may run on `c` now; `timezone` and `now` only shape the conflict message. */
export function check(c: Case, command: Command, timezone: string, now?: Date): Verdict {
  if (PENDING_ONLY.has(command) && isDecided(c)) {
    return { ok: false, code: "conflict", message: decidedMessage(c, timezone, now) };
  }
  if (command === "reopen" && c.state !== "dismissed") {
    return c.state === "approved"
      ? { ok: false, code: "conflict", message: decidedMessage(c, timezone, now) }
      : { ok: false, code: "invalid", message: caseMessages.notDismissed(c.id) };
  }
  if (command === "escalation-reply" && !c.escalation) {
    return { ok: false, code: "invalid", message: caseMessages.notEscalated(c.id) };
  }
  return { ok: true };
}

/** `already approved by Jane at 14:03` (with the date when it was not today in `timezone`). */
export function decidedMessage(c: Case, timezone: string, now?: Date): string {
  const decision = c.state === "approved" ? c.approved : c.state === "dismissed" ? c.dismissed : undefined;
  if (c.state === "pending" || !decision) return `not decided (${c.state})`;
  const who = decision.by.name ?? decision.by.id;
  return caseMessages.alreadyDecided(c.state, who, formatWhen(new Date(decision.at), timezone, now));
}

export function formatWhen(at: Date, timezone: string, now?: Date): string {
  const time = new Intl.DateTimeFormat("en-GB", {
    timeZone: timezone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(at);
  if (!now) return time;
  const day = (d: Date) => new Intl.DateTimeFormat("en-CA", { timeZone: timezone }).format(d); // YYYY-MM-DD
  return day(at) === day(now) ? time : `${day(at)} ${time}`;
}
